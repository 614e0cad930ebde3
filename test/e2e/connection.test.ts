// The connection process on the real stack, through HTTP only: operator API, mailed links, dev login.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { tables } from '../../db/tables';
import { stepTitles } from '../../domain/steps';
import type { ConnectionDocumentView } from '../../workflows/connection.messages';
import type { ProcessEvent } from '../../workflows/process.messages';
import { stageUpserts } from '../support/history';
import { loginAs } from '../support/login';
import { actionLink, getJson, postJson, waitForMail } from '../support/mailbox';
import type { JsonAnswer } from '../support/operator-http';
import { withStack, type Stack } from '../support/stack';
import { eventually } from '../support/wait';

const pdf = readFileSync(join(__dirname, '..', 'fixtures', 'documents', 'payslip.pdf'));

async function upload(link: string, cookie: string, file: Buffer, name: string): Promise<JsonAnswer> {
  const form = new FormData();
  form.append('documentType', 'payslip');
  form.append('file', new Blob([new Uint8Array(file)], { type: 'application/pdf' }), name);
  const response = await fetch(`${link}/documents`, {
    method: 'POST',
    body: form,
    headers: { cookie, accept: 'application/json' },
  });
  return { status: response.status, body: await response.json() };
}

/** GET /api/connections/:id, as far as these tests read it. */
interface ConnectionAnswer {
  stage: string;
  documents: Array<ConnectionDocumentView & { originalName: string }>;
  events: ProcessEvent[];
}

function waitForStage(stack: Stack, connectionId: string, stage: string): Promise<ConnectionAnswer> {
  return eventually(`${connectionId} at ${stage}`, async () => {
    const answer = await stack.api('GET', `/api/connections/${connectionId}`);
    return answer.body.stage === stage && answer.body;
  });
}

describe('connection end to end (real dev server, dev SMTP, dev login)', () => {
  const stack = withStack();

  it('registrant path for a region: PDF uploaded, representative approves, case worker approves, receipt and setup mails', async () => {
    const registrant = { role: 'registrant', name: 'Rikke Registrant', email: 'rikke.registrant@region-testland.dk' };
    const representative = { name: 'Rasmus Direktør', email: 'rasmus.direktoer@region-testland.dk' };
    const admin = { name: 'Ada Admin', email: 'ada.admin@region-testland.dk' };
    const started = await stack.api('POST', '/api/connections', {
      organization: { name: 'Region Testland', kind: 'region', country: 'DK' },
      initiator: registrant,
      representative,
    });
    assert.equal(started.status, 201);
    const { connectionId, workflowId } = started.body;
    assert.equal(connectionId, 'dk-region-region-testland');
    assert.equal(workflowId, 'connection-dk-region-region-testland');

    const again = await stack.api('POST', '/api/connections', {
      organization: { name: 'Region Testland', kind: 'region', country: 'DK' },
      initiator: registrant,
      representative,
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.details.connectionId, connectionId);

    // The registrant's mail, in Danish, with the step's link.
    const invitation = await waitForMail(stack, registrant.email);
    assert.match(invitation.subject, new RegExp(stepTitles['prepare-connection'].da));
    const prepareLink = actionLink(invitation);
    const shown = await getJson(prepareLink);
    assert.equal(shown.status, 200);
    assert.deepEqual(
      [shown.body.step, shown.body.requiresLogin, shown.body.loggedIn, shown.body.recipientFirstName],
      ['prepare-connection', true, false, 'Rikke'],
    );

    const anonymous = await postJson(prepareLink, { administrators: [admin] });
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.body.loginUrl, /^\/auth\/login\?returnTo=/);

    const registrantSession = (await loginAs(stack.baseUrl, registrant)).cookie;
    assert.equal((await getJson(prepareLink, registrantSession)).body.acceptsDocuments, true);
    const tooEarly = await postJson(prepareLink, { administrators: [admin] }, registrantSession);
    assert.equal(tooEarly.status, 422, 'documentation first');
    const uploaded = await upload(prepareLink, registrantSession, pdf, 'lønseddel.pdf');
    assert.equal(uploaded.status, 201);
    assert.equal(uploaded.body.mediaType, 'application/pdf');

    const prepared = await postJson(prepareLink, { administrators: [admin] }, registrantSession);
    assert.equal(prepared.status, 200);
    assert.deepEqual(prepared.body, { ok: true, state: 'awaiting-approval' });
    assert.equal((await postJson(prepareLink, { administrators: [admin] }, registrantSession)).status, 409);

    // The representative sees the registrant's choices, and must accept the current terms.
    const approveLink = actionLink(await waitForMail(stack, representative.email));
    const representativeSession = (await loginAs(stack.baseUrl, representative)).cookie;
    const approvalPage = await getJson(approveLink, representativeSession);
    assert.equal(approvalPage.body.context.preparedBy, registrant.name);
    assert.deepEqual(approvalPage.body.context.administrators, [admin]);
    const termsVersion = approvalPage.body.context.termsVersion;
    const outdated = await postJson(
      approveLink,
      { decision: 'approve', acceptTerms: true, termsVersion: 'outdated-0' },
      representativeSession,
    );
    assert.equal(outdated.status, 409);
    assert.equal(outdated.body.error.details.current.version, termsVersion);
    const approved = await postJson(
      approveLink,
      { decision: 'approve', acceptTerms: true, termsVersion },
      representativeSession,
    );
    assert.equal(approved.status, 200);
    assert.equal(approved.body.state, 'awaiting-document-review');

    // A case worker reviews the document through the operator API.
    const pending = await waitForStage(stack, connectionId, 'awaiting-document-review');
    assert.equal(pending.documents.length, 1);
    const [document] = pending.documents;
    assert.equal(document.status, 'pending');
    assert.equal(document.originalName, 'lønseddel.pdf');
    assert.equal(
      (
        await stack.api('POST', `/api/connections/${connectionId}/documents/no-such-document/review`, {
          decision: 'approve',
        })
      ).status,
      404,
    );
    assert.equal(
      (
        await stack.api('POST', `/api/connections/${connectionId}/documents/${document.documentId}/review`, {
          decision: 'approve',
        })
      ).status,
      200,
    );

    assert.deepEqual(await stack.client.workflow.getHandle(workflowId).result(), { stage: 'connected' });
    await waitForMail(stack, representative.email, (mail) => /Kvittering/.test(mail.subject));
    await waitForMail(stack, registrant.email, (mail) => /Kvittering/.test(mail.subject));
    const setupMail = await waitForMail(stack, admin.email);
    assert.match(setupMail.subject, new RegExp(stepTitles['setup-organization'].da));

    const { administrators, organizations, termsAcceptances } = tables(stack.db);
    const organization = (await stack.db.select().from(organizations).where(eq(organizations.orgId, connectionId)))[0];
    assert.equal(organization?.status, 'connected');
    assert.deepEqual(
      (await stack.db.select().from(administrators).where(eq(administrators.orgId, connectionId))).map((a) => a.email),
      [admin.email],
    );
    assert.equal(
      (await stack.db.select().from(termsAcceptances).where(eq(termsAcceptances.orgId, connectionId)))[0]?.version,
      termsVersion,
    );
    const description = await stack.client.workflow.getHandle(workflowId).describe();
    assert.deepEqual(description.searchAttributes.OnboardingStage, ['connected']);
    assert.deepEqual(description.searchAttributes.ProcessType, ['connection']);
    assert.deepEqual(description.searchAttributes.OrganizationId, [connectionId]);
  });

  it('send-back: the representative returns the proposal with a reason, the registrant revises it on a new link, the representative approves on a new link', async () => {
    const registrant = { role: 'registrant', name: 'Birgit Anmelder', email: 'birgit.anmelder@region-sendback.dk' };
    const representative = { name: 'Rune Direktør', email: 'rune.direktoer@region-sendback.dk' };
    const ada = { name: 'Ada Admin', email: 'ada.admin@region-sendback.dk' };
    const ivan = { name: 'Ivan Teknik', email: 'ivan.teknik@region-sendback.dk' };
    const started = await stack.api('POST', '/api/connections', {
      organization: { name: 'Region Sendback', kind: 'region', country: 'DK' },
      initiator: registrant,
      representative,
    });
    assert.equal(started.status, 201);
    const { connectionId, workflowId } = started.body;

    const registrantSession = (await loginAs(stack.baseUrl, registrant)).cookie;
    const firstPrepare = actionLink(await waitForMail(stack, registrant.email));
    assert.equal((await upload(firstPrepare, registrantSession, pdf, 'kontrakt.pdf')).status, 201);
    assert.equal((await postJson(firstPrepare, { administrators: [ada] }, registrantSession)).status, 200);

    const representativeSession = (await loginAs(stack.baseUrl, representative)).cookie;
    const firstApprove = actionLink(await waitForMail(stack, representative.email));
    const noReason = await postJson(firstApprove, { decision: 'send-back' }, representativeSession);
    assert.equal(noReason.status, 422);
    assert.equal(noReason.body.error.details[0].path, 'reason');
    const reason = 'Tilføj venligst vores IT-chef som administrator';
    const sentBack = await postJson(firstApprove, { decision: 'send-back', reason }, representativeSession);
    assert.equal(sentBack.status, 200);
    assert.deepEqual(sentBack.body, { ok: true, state: 'awaiting-revision' });
    assert.equal(
      (
        await postJson(
          firstApprove,
          { decision: 'approve', acceptTerms: true, termsVersion: '2023-01' },
          representativeSession,
        )
      ).status,
      409,
      'the first approval link is used',
    );

    // The registrant's new link: the reason, the earlier choices, editable.
    const revisionMail = await waitForMail(stack, registrant.email, (mail) =>
      mail.links.some((url) => url.includes('/l/') && url !== firstPrepare),
    );
    assert.ok(revisionMail.text.includes(reason), 'the reason is in the mail');
    const revisionLink = actionLink(revisionMail);
    const revision = await getJson(revisionLink, registrantSession);
    assert.equal(revision.body.step, 'prepare-connection');
    assert.equal(revision.body.context.sentBackReason, reason);
    assert.deepEqual(revision.body.context.administrators, [ada]);
    assert.deepEqual(
      revision.body.context.documents.map((d: { documentType: string }) => d.documentType),
      ['payslip'],
    );
    const page = await fetch(revisionLink, { headers: { accept: 'text/html', cookie: registrantSession } }).then(
      (response) => response.text(),
    );
    assert.match(page, /Sendt tilbage til rettelse/);
    assert.ok(page.includes(reason));
    assert.match(page, /name="administrators\[0\]\[email\]" value="ada\.admin@region-sendback\.dk"/);
    assert.match(page, /Allerede uploadet/);
    const [firstDocument] = revision.body.context.documents;
    assert.match(page, new RegExp(`name="withdrawDocuments" value="${firstDocument.documentId}"`));
    // The registrant replaces the document and adds an administrator, through the page's form.
    assert.equal((await upload(revisionLink, registrantSession, pdf, 'ny-kontrakt.pdf')).status, 201);
    const form = new URLSearchParams({
      'administrators[0][name]': ada.name,
      'administrators[0][email]': ada.email,
      'administrators[1][name]': ivan.name,
      'administrators[1][email]': ivan.email,
      'administrators[2][name]': '',
      'administrators[2][email]': '',
      withdrawDocuments: firstDocument.documentId,
    });
    const revised = await fetch(revisionLink, {
      method: 'POST',
      body: form,
      headers: { cookie: registrantSession, accept: 'text/html' },
    });
    assert.equal(revised.status, 200);
    assert.match(await revised.text(), /Afventer ledelsesrepræsentantens godkendelse/);

    const secondApprove = actionLink(
      await waitForMail(stack, representative.email, (mail) =>
        mail.links.some((url) => url.includes('/l/') && url !== firstApprove),
      ),
    );
    const secondPage = await getJson(secondApprove, representativeSession);
    assert.deepEqual(secondPage.body.context.administrators, [ada, ivan]);
    const approvalHtml = await fetch(secondApprove, {
      headers: { accept: 'text/html', cookie: representativeSession },
    }).then((response) => response.text());
    assert.match(approvalHtml, /value="send-back"/);
    const approved = await postJson(
      secondApprove,
      { decision: 'approve', acceptTerms: true, termsVersion: secondPage.body.context.termsVersion },
      representativeSession,
    );
    assert.equal(approved.status, 200);
    assert.equal(approved.body.state, 'awaiting-document-review');

    // Told at once that the approval is under review, both of them.
    for (const person of [representative, registrant]) {
      const notice = await waitForMail(stack, person.email, (mail) => /Godkendelsen er modtaget/.test(mail.subject));
      assert.match(notice.text, /op til 10 arbejdsdage/);
    }
    const review = await waitForStage(stack, connectionId, 'awaiting-document-review');
    assert.deepEqual(
      review.events.filter((event: { type: string }) => event.type === 'sent-back').map((event) => event.detail),
      [reason],
    );
    assert.deepEqual(
      review.documents.map((d: { originalName: string; status: string }) => [d.originalName, d.status]),
      [
        ['kontrakt.pdf', 'withdrawn'],
        ['ny-kontrakt.pdf', 'pending'],
      ],
    );
    assert.equal(
      (
        await stack.api('POST', `/api/connections/${connectionId}/documents/${firstDocument.documentId}/review`, {
          decision: 'approve',
        })
      ).status,
      409,
      'a withdrawn document is not reviewed',
    );
    assert.equal(
      (
        await stack.api('POST', `/api/connections/${connectionId}/documents/${review.documents[1].documentId}/review`, {
          decision: 'approve',
        })
      ).status,
      200,
    );
    assert.deepEqual(await stack.client.workflow.getHandle(workflowId).result(), { stage: 'connected' });

    const receipt = await waitForMail(stack, registrant.email, (mail) => /Kvittering/.test(mail.subject));
    assert.match(receipt.text, /Organisations-id: dk-region-region-sendback/);
    assert.match(receipt.text, /Godkendt af: Rune Direktør den /);
    assert.match(receipt.text, new RegExp(`Vilkår: .*version ${secondPage.body.context.termsVersion}`));
    assert.match(receipt.text, /Dokumentation: godkendt af en sagsbehandler/);
    assert.match(receipt.text, /Ivan Teknik <ivan\.teknik@region-sendback\.dk>/);
    const { administrators } = tables(stack.db);
    assert.deepEqual(
      (await stack.db.select().from(administrators).where(eq(administrators.orgId, connectionId)))
        .map((a) => a.email)
        .sort(),
      [ada.email, ivan.email].sort(),
    );
  });

  it('a foreign company names its own country: its key, search attribute and English mails follow from it', async () => {
    const representative = { role: 'representative', name: 'Sven Svensson', email: 'sven.svensson@svensk-test.se' };
    const refused = await stack.api('POST', '/api/connections', {
      organization: { name: 'Region Utland', kind: 'region', country: 'SE' },
      initiator: representative,
    });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.details[0].path, 'organization.country');
    for (const country of ['XX', 'se', 'SWE']) {
      const unknown = await stack.api('POST', '/api/connections', {
        organization: { name: 'Svensk Test AB', kind: 'foreign-company', country },
        initiator: representative,
      });
      assert.equal(unknown.status, 422, country);
      assert.equal(unknown.body.error.details[0].path, 'organization.country');
    }
    const started = await stack.api('POST', '/api/connections', {
      organization: { name: 'Svensk Test AB', kind: 'foreign-company', country: 'SE' },
      initiator: representative,
    });
    assert.equal(started.status, 201);
    assert.equal(started.body.connectionId, 'se-foreign-company-svensk-test-ab');
    const invitation = await waitForMail(stack, representative.email);
    assert.equal(invitation.subject, `${stepTitles['prepare-connection'].en} – Svensk Test AB`);
    const session = (await loginAs(stack.baseUrl, representative)).cookie;
    const shown = await getJson(actionLink(invitation), session);
    assert.equal(shown.body.acceptsDocuments, true, 'a foreign company documents its representative by default');
    const status = await stack.api('GET', `/api/connections/${started.body.connectionId}`);
    assert.equal(status.body.organization.country, 'SE');
    const description = await stack.client.workflow.getHandle(started.body.workflowId).describe();
    assert.deepEqual(description.searchAttributes.Country, ['SE']);
    assert.equal(
      (await stack.api('POST', `/api/connections/${started.body.connectionId}/cancel`, { reason: 'test over' })).status,
      200,
    );
  });

  it('direct path for a CVR company: the representative prepares, goes straight on to approve, the register confirms', async () => {
    const representative = { role: 'representative', name: 'Karen Holm', email: 'karen.holm@nordisk-test.dk' };
    const started = await stack.api('POST', '/api/connections', {
      organization: { name: 'Nordisk Testfabrik ApS', kind: 'company', country: 'DK', cvr: '12345678' },
      initiator: representative,
    });
    assert.equal(started.status, 201);
    const { connectionId, workflowId } = started.body;
    const session = (await loginAs(stack.baseUrl, representative)).cookie;
    const prepareLink = actionLink(await waitForMail(stack, representative.email));
    assert.equal((await getJson(prepareLink, session)).body.acceptsDocuments, false);
    const prepared = await postJson(
      prepareLink,
      {
        administrators: [
          { name: 'Karen Holm', email: representative.email },
          { name: 'Jens Madsen', email: 'jens.madsen@nordisk-test.dk' },
        ],
      },
      session,
    );
    assert.equal(prepared.status, 200);
    assert.equal(prepared.body.next.step, 'approve-connection');

    const termsVersion = (await getJson(prepared.body.next.url, session)).body.context.termsVersion;
    // Nobody to send it back to: the representative prepared it.
    const sendBack = await postJson(prepared.body.next.url, { decision: 'send-back', reason: 'Change it' }, session);
    assert.equal(sendBack.status, 422);
    assert.equal(sendBack.body.error.code, 'invalid_step_input');
    assert.deepEqual(sendBack.body.error.details, { rule: 'send-back-registrant-proposal-only' });
    const someoneElse = (await loginAs(stack.baseUrl, 'mallory@example.dk')).cookie;
    assert.equal(
      (await postJson(prepared.body.next.url, { decision: 'approve', acceptTerms: true, termsVersion }, someoneElse))
        .status,
      403,
    );
    const approved = await postJson(
      prepared.body.next.url,
      { decision: 'approve', acceptTerms: true, termsVersion },
      session,
    );
    assert.equal(approved.status, 200);
    // Answered as the link takes the approval: the process checks the company register next.
    assert.equal(approved.body.state, 'checking-company-register');

    assert.deepEqual(await stack.client.workflow.getHandle(workflowId).result(), { stage: 'connected' });
    // What the Web UI's stage filter saw: the register check, inside the approval's task, is no stage of its own.
    assert.deepEqual(stageUpserts(await stack.client.workflow.getHandle(workflowId).fetchHistory()), [
      'awaiting-preparation',
      'awaiting-approval',
      'connected',
    ]);
    await waitForMail(stack, representative.email, (mail) => /Kvittering/.test(mail.subject));
    await waitForMail(stack, 'jens.madsen@nordisk-test.dk');
    const { organizations } = tables(stack.db);
    assert.equal(
      (await stack.db.select().from(organizations).where(eq(organizations.orgId, connectionId)))[0]?.cvr,
      '12345678',
    );
  });

  it('refuses bad input with clear 4xx and changes nothing', async () => {
    const cases: Array<[unknown, string]> = [
      [
        {
          organization: { name: 'X', kind: 'castle', country: 'DK' },
          initiator: { role: 'representative', name: 'A', email: 'a@x.dk' },
        },
        'organization.kind',
      ],
      [
        {
          organization: { name: 'X', kind: 'region', country: 'DK' },
          initiator: { role: 'registrant', name: 'A', email: 'a@x.dk' },
        },
        'representative',
      ],
      [
        {
          organization: { name: 'X', kind: 'region', country: 'DK' },
          initiator: { role: 'representative', name: 'A', email: 'not-an-email' },
        },
        'initiator.email',
      ],
      [
        {
          organization: { name: 'X', kind: 'company', country: 'DK' },
          initiator: { role: 'representative', name: 'A', email: 'a@x.dk' },
        },
        'organization.cvr',
      ],
    ];
    for (const [body, path] of cases) {
      const answer = await stack.api('POST', '/api/connections', body);
      assert.equal(answer.status, 422, JSON.stringify(body));
      assert.ok(
        answer.body.error.details.some((d: { path: string }) => d.path === path),
        `${path} named in ${JSON.stringify(answer.body.error.details)}`,
      );
    }
    assert.equal((await stack.api('GET', '/api/connections/dk-region-x')).status, 404);

    const representative = { role: 'representative', name: 'Lars Nielsen', email: 'lars@example.dk' };
    const started = await stack.api('POST', '/api/connections', {
      organization: { name: 'Foreningen Test', kind: 'association', country: 'DK' },
      initiator: representative,
    });
    const link = actionLink(await waitForMail(stack, representative.email));
    const session = (await loginAs(stack.baseUrl, representative)).cookie;
    const noAdministrator = await postJson(link, { administrators: [] }, session);
    assert.equal(noAdministrator.status, 422);
    assert.equal(noAdministrator.body.error.details[0].path, 'administrators');
    assert.equal(
      (await stack.api('GET', `/api/connections/${started.body.connectionId}`)).body.stage,
      'awaiting-preparation',
    );
    assert.equal(
      (await stack.api('POST', `/api/connections/${started.body.connectionId}/cancel`, { reason: 'test over' })).status,
      200,
    );
    const again = await stack.api('POST', `/api/connections/${started.body.connectionId}/cancel`, { reason: 'twice' });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'process_ended');
    assert.equal(
      (await stack.api('POST', '/api/connections/dk-association-nowhere/cancel', { reason: 'none' })).status,
      404,
    );
  });

  it('treats links as the contract says: tampered 404, used 409, GET changes nothing', async () => {
    const representative = { role: 'representative', name: 'Mette Sørensen', email: 'mette@example.dk' };
    const started = await stack.api('POST', '/api/connections', {
      organization: { name: 'Bager Jensen I/S', kind: 'company', country: 'DK', cvr: '11223344' },
      initiator: representative,
    });
    const link = actionLink(await waitForMail(stack, representative.email));
    const token = link.split('/l/')[1]!;
    const tampered = `${stack.baseUrl}/l/${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    assert.equal((await getJson(tampered)).status, 404);
    assert.equal((await postJson(tampered, {})).status, 404);
    for (let i = 0; i < 3; i++) assert.equal((await getJson(link)).status, 200);
    assert.equal(
      (await stack.api('GET', `/api/connections/${started.body.connectionId}`)).body.stage,
      'awaiting-preparation',
    );
    await stack.api('POST', `/api/connections/${started.body.connectionId}/cancel`, { reason: 'test over' });
    assert.equal((await getJson(link)).status, 409);
  });
});
