// Links that decide, on the real stack (api/link-claims.ts): a click is checked against what the process wrote
// on its link, claimed in the database, and answered before the process acts; the process takes it by signal.
// A user's activation, a proposal (its documents first, bound to whoever uploaded) and the approval that follows
// it as the same person's next link; a repeated click, another person, a refused decision, a re-sent link and a
// process that has ended are each answered from the link; a claim whose signal was never sent is delivered later;
// several administrators' setups, each judged under the login policy the first of them chose.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { deliverClaims } from '../../api/link-claims';
import { tables } from '../../db/tables';
import { stepTitles } from '../../domain/steps';
import { claimLink } from '../../links/claims';
import { findLink } from '../../links/store';
import { verifyLinkToken } from '../../links/tokens';
import { processStatusQuery, type ClaimedStep } from '../../workflows/process.messages';
import { auditRows } from '../support/audit';
import { loginAs, subjectOfSession } from '../support/login';
import { actionLink, getJson, postJson, waitForMail } from '../support/mailbox';
import { withStack, type Stack } from '../support/stack';
import { activationLinks, connectedCompany, type Person } from '../support/user-fixtures';
import { eventually } from '../support/wait';

const activationTitle = new RegExp(stepTitles['activate-user'].da);
const payslip = readFileSync(join(__dirname, '..', 'fixtures', 'documents', 'payslip.pdf'));

/** An active organisation whose imported `people` are asked to activate with the private MitID; each one's link. */
function privateActivation(stack: Stack, orgId: string, people: Person[]): Promise<string[]> {
  return activationLinks(stack, orgId, { cvr: orgId.slice(-8), people, loginMethod: 'private' });
}

async function statusOf(stack: Stack, orgId: string, email: string): Promise<string | undefined> {
  const users = (await stack.api('GET', `/api/organizations/${orgId}/users`)).body.users as Array<{
    email: string;
    status: string;
  }>;
  return users.find((user) => user.email === email)?.status;
}

/** The setup link mailed to an appointed administrator. */
async function setupLinkOf(stack: Stack, person: Person): Promise<string> {
  return actionLink(await waitForMail(stack, person.email, (mail) => /Opsæt/.test(mail.subject)));
}

function linkIdOf(stack: Stack, url: string): string {
  return verifyLinkToken(stack.config.env.LINK_SIGNING_KEY, new URL(url).pathname.slice('/l/'.length))!.id;
}

async function claimRow(stack: Stack, linkId: string) {
  const { stepClaims } = tables(stack.db);
  return (await stack.db.select().from(stepClaims).where(eq(stepClaims.linkId, linkId)))[0];
}

describe('links that decide a click, end to end (real stack)', () => {
  const stack = withStack();
  const apiDeps = () => ({ db: stack.db, temporal: stack.client });

  it('answers from the link with the stage the process moves to, and the process takes the click', async () => {
    const orgId = 'dk-cvr-31415926';
    const anna = { name: 'Anna Andersen', email: 'anna@claims-test.dk' };
    const bo = { name: 'Bo Berg', email: 'bo@claims-test.dk' };
    const [annaLink, boLink] = await privateActivation(stack, orgId, [anna, bo]);
    const annaSession = (await loginAs(stack.baseUrl, anna)).cookie;
    const boSession = (await loginAs(stack.baseUrl, bo)).cookie;

    // Anna's link waits for Bo's still: the group goes on; Bo's is the last, so the group completes.
    const first = await postJson(annaLink!, { decision: 'approve' }, annaSession);
    assert.deepEqual([first.status, first.body], [200, { ok: true, state: 'awaiting-users' }]);
    assert.match(first.headers.get('server-timing') ?? '', /^claim;dur=/);
    const last = await postJson(boLink!, { decision: 'reject' }, boSession);
    assert.deepEqual([last.status, last.body], [200, { ok: true, state: 'completed' }]);
    await eventually('both outcomes recorded', async () => (await statusOf(stack, orgId, bo.email)) === 'rejected');
    assert.equal(await statusOf(stack, orgId, anna.email), 'active');

    // The claim is kept with what it told the process, delivered; the link is used.
    const claim = await claimRow(stack, linkIdOf(stack, annaLink!));
    assert.ok(claim?.deliveredAt);
    assert.deepEqual(JSON.parse(claim.request).input, { decision: 'approve' });
    assert.ok((await findLink(stack.db, linkIdOf(stack, annaLink!)))?.usedAt);
    // The process audited each completion once, under the person's pseudonym.
    const completed = await auditRows(stack, { action: 'step:activate-user', outcome: 'completed' });
    assert.equal(completed.filter((row) => row.orgId === orgId).length, 2);

    // A second click of the same link is answered that the step is done.
    const again = await postJson(annaLink!, { decision: 'approve' }, annaSession);
    assert.deepEqual([again.status, again.body.error.code], [409, 'step_not_pending']);
  });

  it('refuses another person (audited) and a decision the step does not take, without claiming the link', async () => {
    const orgId = 'dk-cvr-27182818';
    const carl = { name: 'Carl Clausen', email: 'carl@claims-test.dk' };
    const [link] = await privateActivation(stack, orgId, [carl]);
    const stranger = await loginAs(stack.baseUrl, { name: 'Dorte Dam', email: 'dorte@claims-test.dk' });
    const wrong = await postJson(link!, { decision: 'approve' }, stranger.cookie);
    assert.deepEqual(
      [wrong.status, wrong.body.error.code, wrong.body.error.details],
      [403, 'not_your_step', { recipientName: carl.name }],
    );
    const refusals = await auditRows(stack, { outcome: 'wrong-person', orgId });
    assert.equal(refusals.length, 1);
    assert.equal(refusals[0]!.actor, `person:${(await subjectOfSession(stack.db, 'Dorte Dam')).slice(0, 16)}`);

    const session = (await loginAs(stack.baseUrl, carl)).cookie;
    const activate = await postJson(link!, { decision: 'activate' }, session);
    assert.deepEqual(
      [activate.status, activate.body.error.code, activate.body.error.details],
      [422, 'invalid_step_input', { rule: 'private-mitid-is-approved-or-rejected' }],
    );
    assert.equal(await claimRow(stack, linkIdOf(stack, link!)), undefined);
    assert.equal((await findLink(stack.db, linkIdOf(stack, link!)))?.usedAt, null);
    assert.equal((await postJson(link!, { decision: 'approve' }, session)).status, 200);
  });

  it('a re-sent link answers 410 from the link, and a process that has ended 409, its claim dropped', async () => {
    const orgId = 'dk-cvr-16180339';
    const eva = { name: 'Eva Eriksen', email: 'eva@claims-test.dk' };
    const [oldLink] = await privateActivation(stack, orgId, [eva]);
    const session = (await loginAs(stack.baseUrl, eva)).cookie;
    const users = (await stack.api('GET', `/api/organizations/${orgId}/users`)).body.users as Array<{ userId: string }>;
    assert.equal(
      (await stack.api('POST', `/api/organizations/${orgId}/users/${users[0]!.userId}/resend-activation`, {})).status,
      202,
    );
    const superseded = await postJson(oldLink!, { decision: 'approve' }, session);
    assert.deepEqual([superseded.status, superseded.body.error.code], [410, 'link_superseded']);
    assert.equal((await getJson(oldLink!, session)).status, 410);

    const newLink = actionLink(
      await waitForMail(
        stack,
        eva.email,
        (mail) => activationTitle.test(mail.subject) && !mail.links.includes(oldLink!),
      ),
    );
    const link = await findLink(stack.db, linkIdOf(stack, newLink));
    await stack.client.workflow.getHandle(link!.workflowId).terminate('the test ends the process');
    const ended = await postJson(newLink, { decision: 'approve' }, session);
    assert.deepEqual([ended.status, ended.body.error.code], [409, 'step_not_pending']);
    assert.equal(await claimRow(stack, link!.linkId), undefined);
    const closed = await findLink(stack.db, link!.linkId);
    assert.deepEqual([closed?.usedAt, Boolean(closed?.closedAt)], [null, true]);
    assert.equal((await getJson(newLink, session)).status, 409);
  });

  it('a proposal: documents first, the first uploader binds the link, and the answer goes to the representative', async () => {
    const registrant = { name: 'Birte Bruun', email: 'birte.bruun@claims-region.dk' };
    const representative = { name: 'Rasmus Rask', email: 'rasmus.rask@claims-region.dk' };
    const started = await stack.api('POST', '/api/connections', {
      organization: { name: 'Region Claims', kind: 'region', country: 'DK' },
      initiator: { role: 'registrant', ...registrant },
      representative,
    });
    assert.equal(started.status, 201);
    const link = actionLink(await waitForMail(stack, registrant.email));
    const session = (await loginAs(stack.baseUrl, registrant)).cookie;
    const proposal = { administrators: [representative] };
    const early = await postJson(link, proposal, session);
    assert.deepEqual([early.status, early.body.error.details], [422, { rule: 'documents-required' }]);

    const form = new FormData();
    form.append('documentType', 'payslip');
    form.append('file', new Blob([new Uint8Array(payslip)], { type: 'application/pdf' }), 'lønseddel.pdf');
    const uploaded = await fetch(`${link}/documents`, {
      method: 'POST',
      body: form,
      headers: { cookie: session, accept: 'application/json' },
    });
    assert.equal(uploaded.status, 201);
    // Another login with her name may no longer act: her upload bound the step to her login.
    const namesake = (await loginAs(stack.baseUrl, { name: registrant.name, email: 'birte@elsewhere-test.dk' })).cookie;
    const bound = await postJson(link, proposal, namesake);
    assert.deepEqual([bound.status, bound.body.error.code], [403, 'not_your_step']);

    const prepared = await postJson(link, proposal, session);
    assert.deepEqual([prepared.status, prepared.body], [200, { ok: true, state: 'awaiting-approval' }]);
    assert.match(prepared.headers.get('server-timing') ?? '', /^claim;dur=/);
    // The representative's approval link comes by mail, and decides too.
    const approval = actionLink(await waitForMail(stack, representative.email));
    assert.ok((await findLink(stack.db, linkIdOf(stack, approval)))?.acceptance);
  });

  it("the direct path: the proposal is answered with the approval as the same person's next link, which decides", async () => {
    const karen = { name: 'Karen Holm', email: 'karen.holm@nordisk-test.dk' };
    const started = await stack.api('POST', '/api/connections', {
      organization: { name: 'Nordisk Testfabrik ApS', kind: 'company', country: 'DK', cvr: '12345678' },
      initiator: { role: 'representative', ...karen },
    });
    const session = (await loginAs(stack.baseUrl, karen)).cookie;
    const prepared = await postJson(
      actionLink(await waitForMail(stack, karen.email)),
      { administrators: [{ name: 'Jens Madsen', email: 'jens.madsen@nordisk-test.dk' }] },
      session,
    );
    assert.equal(prepared.body.state, 'awaiting-approval');
    assert.equal(prepared.body.next.step, 'approve-connection');
    // The next link was saved with what it accepts: the same person, bound to the login that prepared.
    const next = await findLink(stack.db, linkIdOf(stack, prepared.body.next.url));
    assert.equal(JSON.parse(next!.acceptance!).expectedSubject, await subjectOfSession(stack.db, karen.name));
    // Followed at once, its page shows the approval (the process has taken the proposal by then).
    const page = await getJson(prepared.body.next.url, session);
    assert.equal(page.status, 200);
    const approved = await postJson(
      prepared.body.next.url,
      { decision: 'approve', acceptTerms: true, termsVersion: page.body.context.termsVersion },
      session,
    );
    assert.deepEqual(approved.body, { ok: true, state: 'checking-company-register' });
    const result = await stack.client.workflow.getHandle(started.body.workflowId).result();
    assert.deepEqual(result, { stage: 'connected' });
  });

  it("several administrators: the first click chooses the organisation's policy, a later one is judged under it", async () => {
    const ada = { name: 'Ada Andersen', email: 'ada@setup-claims-test.dk' };
    const bent = { name: 'Bent Bang', email: 'bent@setup-claims-test.dk' };
    const { orgId } = await connectedCompany(stack, {
      representative: { name: 'Mette Lund', email: 'mette.lund@fjordhavn-test.dk' },
      administrators: [ada, bent],
      company: { name: 'Fjordhavn Logistik A/S', cvr: '87654321' },
    });
    const [adaLink, bentLink] = [await setupLinkOf(stack, ada), await setupLinkOf(stack, bent)];
    const adaSession = (await loginAs(stack.baseUrl, ada)).cookie;
    const bentSession = (await loginAs(stack.baseUrl, bent)).cookie;
    const policy = { allowPrivateMitId: false, separateMeans: ['app'] };

    const first = await postJson(adaLink, { ...policy, ownLoginMethod: 'app' }, adaSession);
    assert.deepEqual([first.status, first.body], [200, { ok: true, state: 'active' }]);
    assert.match(first.headers.get('server-timing') ?? '', /^claim;dur=/);
    // Bent's page may have shown the first administrator's form: what he sends is judged under Ada's policy,
    // whether or not the process has recorded her setup yet.
    const outside = await postJson(
      bentLink,
      { ...policy, allowPrivateMitId: true, ownLoginMethod: 'private' },
      bentSession,
    );
    assert.deepEqual(
      [outside.status, outside.body.error.code, outside.body.error.details],
      [422, 'invalid_step_input', { rule: 'private-mitid-not-allowed' }],
    );
    assert.equal(await claimRow(stack, linkIdOf(stack, bentLink)), undefined, 'a refused click claims nothing');
    const last = await postJson(bentLink, { ownLoginMethod: 'app' }, bentSession);
    assert.deepEqual([last.status, last.body], [200, { ok: true, state: 'completed' }]);
    assert.deepEqual(
      JSON.parse((await claimRow(stack, linkIdOf(stack, bentLink)))!.request).judged.loginPolicy,
      policy,
    );

    const organization = await eventually('both setups recorded', async () => {
      const answer = await getJson(`${stack.baseUrl}/api/organizations/${orgId}`, adaSession);
      const admins = answer.body.administrators as Array<{ status: string }> | undefined;
      return admins?.every((admin) => admin.status === 'active') ? answer.body : undefined;
    });
    assert.deepEqual(organization.loginPolicy, policy);
    assert.deepEqual(
      organization.administrators
        .map((admin: { email: string; loginMethod: string }) => [admin.email, admin.loginMethod])
        .sort(),
      [
        [ada.email, 'app'],
        [bent.email, 'app'],
      ],
    );
    assert.equal((await stack.client.workflow.getHandle(`setup-${orgId}`).result()).stage, 'completed');
  });

  it("a later administrator's click judged after a chooser's claim the process has not had: held until it has", async () => {
    const ada = { name: 'Ada Holt', email: 'ada@held-claims-test.dk' };
    const bent = { name: 'Bent Holt', email: 'bent@held-claims-test.dk' };
    const { orgId } = await connectedCompany(stack, {
      representative: { name: 'Ole Jensen', email: 'ole.jensen@bager-test.dk' },
      administrators: [ada, bent],
      company: { name: 'Bager Jensen I/S', cvr: '11223344' },
    });
    const adaLink = (await findLink(stack.db, linkIdOf(stack, await setupLinkOf(stack, ada))))!;
    const bentLink = await setupLinkOf(stack, bent);
    await loginAs(stack.baseUrl, ada);
    const bentSession = (await loginAs(stack.baseUrl, bent)).cookie;
    const policy = { allowPrivateMitId: true, separateMeans: ['app'] };
    // Ada's click claimed her link, and the API stopped before it signalled the process.
    const chooser: ClaimedStep = {
      step: 'setup-organization',
      key: adaLink.stepKey!,
      linkId: adaLink.linkId,
      actor: { kind: 'person', subject: await subjectOfSession(stack.db, ada.name), name: ada.name },
      input: { ...policy, ownLoginMethod: 'private' },
      judged: {},
    };
    assert.equal(
      (await claimLink(stack.db, { linkId: adaLink.linkId, at: new Date(), request: chooser })).status,
      'claimed',
    );

    // Bent's page already shows the organisation as Ada set it up: his own login only.
    const page = await getJson(bentLink, bentSession);
    assert.deepEqual([page.body.context.organizationSetUp, page.body.context.loginPolicy], [true, policy]);
    const last = await postJson(bentLink, { ownLoginMethod: 'private' }, bentSession);
    assert.deepEqual([last.status, last.body], [200, { ok: true, state: 'completed' }]);
    const judged = JSON.parse((await claimRow(stack, linkIdOf(stack, bentLink)))!.request).judged;
    assert.deepEqual(judged, { loginPolicy: policy, after: adaLink.linkId });
    // The process has had Bent's click (a workflow task after its signal) and holds it: Ada chose, and it has not
    // had hers.
    const setup = stack.client.workflow.getHandle(`setup-${orgId}`);
    await eventually('a workflow task after the signal of Bent’s click', async () => {
      const events = (await setup.fetchHistory()).events ?? [];
      const signalled = events.findIndex((event) => event.workflowExecutionSignaledEventAttributes);
      return signalled >= 0 && events.slice(signalled).some((event) => event.workflowTaskCompletedEventAttributes);
    });
    assert.equal((await setup.query(processStatusQuery)).stage, 'awaiting-setup');
    await deliverClaims(apiDeps(), { graceMs: 0, keepMs: 60_000 });
    assert.equal((await setup.result()).stage, 'completed');
    const organization = await stack.api('GET', `/api/organizations/${orgId}`);
    assert.deepEqual([organization.body.status, organization.body.loginPolicy], ['active', policy]);
    assert.deepEqual(
      organization.body.administrators
        .map((admin: { email: string; status: string }) => [admin.email, admin.status])
        .sort(),
      [
        [ada.email, 'active'],
        [bent.email, 'active'],
      ],
    );
  });

  it('delivers a claim whose signal was never sent (the API stopped after claiming), and the process takes it once', async () => {
    const orgId = 'dk-cvr-14142135';
    const finn = { name: 'Finn Fisk', email: 'finn@claims-test.dk' };
    const [url] = await privateActivation(stack, orgId, [finn]);
    const link = (await findLink(stack.db, linkIdOf(stack, url!)))!;
    await loginAs(stack.baseUrl, finn);
    const subject = await subjectOfSession(stack.db, finn.name);
    const request: ClaimedStep = {
      step: 'activate-user',
      key: link.stepKey!,
      linkId: link.linkId,
      actor: { kind: 'person', subject, name: finn.name },
      input: { decision: 'approve' },
    };
    const claimed = await claimLink(stack.db, {
      linkId: link.linkId,
      at: new Date(),
      request,
    });
    assert.equal(claimed.status, 'claimed');
    const ages = { graceMs: 0, keepMs: 60_000 };
    // Not yet old enough to be sent again: another API node may be delivering it right now.
    assert.deepEqual(await deliverClaims(apiDeps(), { ...ages, graceMs: 60_000 }), {
      delivered: 0,
      dropped: 0,
      forgotten: 0,
    });
    assert.equal(await statusOf(stack, orgId, finn.email), 'activation_pending');
    assert.deepEqual(await deliverClaims(apiDeps(), ages), { delivered: 1, dropped: 0, forgotten: 0 });
    await eventually('the approval recorded', async () => (await statusOf(stack, orgId, finn.email)) === 'active');
    assert.ok((await claimRow(stack, link.linkId))?.deliveredAt);
    assert.deepEqual(await deliverClaims(apiDeps(), ages), { delivered: 0, dropped: 0, forgotten: 0 });
    // Delivered, the claim is forgotten once older than kept (with the earlier tests' claims): the process has it.
    assert.ok((await deliverClaims(apiDeps(), { ...ages, keepMs: 0 })).forgotten >= 1);
    assert.equal(await claimRow(stack, link.linkId), undefined);
  });
});
