// An action link is not a bearer credential: only the person it was sent to (their login's verified
// name) may act on it; anyone else is told whom it was for, and the refusal is audited. Before login a
// link shows nothing personal beyond the recipient's first name; nothing of it is cached. An operator
// re-sends a step to a corrected person, and an administrator's or a user's record becomes the corrected
// person's once they act. A company's representative is checked by identity.
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { tables } from '../../db/tables';
import { stepTitles } from '../../domain/steps';
import { auditRows } from '../support/audit';
import { loginAs } from '../support/login';
import { actionLink, getJson, postJson, waitForMail } from '../support/mailbox';
import { eventually } from '../support/wait';
import { withStack } from '../support/stack';
import { connectedCompany, postExport, seedActiveOrganization } from '../support/user-fixtures';

const karen = { name: 'Karen Holm', email: 'karen.holm@nordisk-test.dk' };
const soren = { name: 'Søren Aabye Kierkegaard', email: 'soren.kierkegaard@nordisk-test.dk' };
const mallory = { name: 'Mallory Example', email: 'mallory@example.dk' };

async function getHtml(
  url: string,
  cookie?: string,
): Promise<{ status: number; text: string; cacheControl: string | null }> {
  const response = await fetch(url, { headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });
  return { status: response.status, text: await response.text(), cacheControl: response.headers.get('cache-control') };
}

describe('action links bound to their person', () => {
  const stack = withStack();

  it('lets only the appointed administrator set the organisation up; before login the link shows no personal data', async () => {
    const started = await stack.api('POST', '/api/connections', {
      organization: { name: 'Nordisk Testfabrik ApS', kind: 'company', country: 'DK', cvr: '12345678' },
      initiator: { role: 'representative', ...karen },
    });
    const orgId = started.body.connectionId as string;
    const karenSession = (await loginAs(stack.baseUrl, karen)).cookie;
    const prepareLink = actionLink(await waitForMail(stack, karen.email));
    const prepared = await postJson(
      prepareLink,
      { administrators: [soren, { name: 'Jens Madsen', email: 'jens.madsen@nordisk-test.dk' }] },
      karenSession,
    );
    assert.equal(prepared.status, 200);

    // The approval link lists the administrators: a mail scanner or a forwarded mail sees none of them.
    const approveLink = prepared.body.next.url as string;
    const anonymous = await getJson(approveLink);
    assert.equal(anonymous.status, 200);
    assert.deepEqual(anonymous.body, {
      step: 'approve-connection',
      workflowId: started.body.workflowId,
      recipientFirstName: 'Karen',
      expiresAt: anonymous.body.expiresAt,
      requiresLogin: true,
      loggedIn: false,
      context: { organizationName: 'Nordisk Testfabrik ApS' },
    });
    const anonymousPage = await getHtml(approveLink);
    assert.equal(anonymousPage.status, 200);
    assert.equal(anonymousPage.cacheControl, 'no-store');
    assert.match(anonymousPage.text, /Nordisk Testfabrik ApS/);
    assert.match(anonymousPage.text, /Karen/);
    for (const hidden of ['Holm', 'Kierkegaard', 'soren.kierkegaard@', 'Jens Madsen', 'jens.madsen@'])
      assert.doesNotMatch(anonymousPage.text, new RegExp(hidden));
    // The recipient, logged in, sees it all.
    const shown = await getJson(approveLink, karenSession);
    assert.deepEqual(shown.body.context.administrators, [
      soren,
      { name: 'Jens Madsen', email: 'jens.madsen@nordisk-test.dk' },
    ]);
    const termsVersion = shown.body.context.termsVersion;
    assert.equal(
      (await postJson(approveLink, { decision: 'approve', acceptTerms: true, termsVersion }, karenSession)).body.state,
      'checking-company-register',
    );

    // Mallory got hold of Søren's setup link and logs in with her own MitID.
    const setupLink = actionLink(await waitForMail(stack, soren.email, (mail) => /Opsæt/.test(mail.subject)));
    const malloryCookie = (await loginAs(stack.baseUrl, mallory)).cookie;
    const looked = await getJson(setupLink, malloryCookie);
    assert.equal(looked.status, 403);
    assert.equal(looked.body.error.code, 'not_your_step');
    assert.deepEqual(looked.body.error.details, { recipientName: soren.name });
    const tried = await postJson(
      setupLink,
      { allowPrivateMitId: true, separateMeans: ['app'], ownLoginMethod: 'private' },
      malloryCookie,
    );
    assert.equal(tried.status, 403);
    assert.equal(tried.body.error.code, 'not_your_step');
    assert.deepEqual(tried.body.error.details, { recipientName: soren.name });
    const page = await getHtml(setupLink, malloryCookie);
    assert.equal(page.status, 403);
    assert.equal(page.cacheControl, 'no-store');
    assert.match(page.text, /Linket blev sendt til <strong>Søren Aabye Kierkegaard<\/strong>/);
    assert.match(page.text, /Logget ind som Mallory Example/);
    const refusals = await auditRows(stack, { orgId, outcome: 'wrong-person' });
    // The attempt to act is a row, the two looks (JSON and page) one: reloading does not grow the trail.
    assert.deepEqual(
      refusals.map((row) => row.action),
      ['step:setup-organization', 'step:setup-organization'],
    );
    assert.ok(refusals.every((row) => row.actor.startsWith('person:') && !JSON.stringify(row).includes('Mallory')));
    assert.equal((await stack.api('GET', `/api/cases/setup-${orgId}`)).body.stage, 'awaiting-setup');

    // Søren's verified name is written without the ø and the middle name on his side: still him.
    const sorenSession = (await loginAs(stack.baseUrl, { email: soren.email, name: 'Soeren Kierkegaard' })).cookie;
    assert.equal((await getJson(setupLink, sorenSession)).body.loggedIn, true);
    const setUp = await postJson(
      setupLink,
      { allowPrivateMitId: true, separateMeans: ['app'], ownLoginMethod: 'private' },
      sorenSession,
    );
    assert.equal(setUp.status, 200);
    assert.equal(setUp.body.state, 'active');
  });

  it("checks a CVR company's representative by the identity from the login, not by a name anyone's login may carry", async () => {
    // Someone named like the register's representative, with their own MitID (another CPR number).
    const namesake = { name: 'Mette Lund', email: 'mette.lund@namesake.example' };
    const started = await stack.api('POST', '/api/connections', {
      organization: { name: 'Fjordhavn Logistik A/S', kind: 'company', country: 'DK', cvr: '87654321' },
      initiator: { role: 'representative', ...namesake },
    });
    const session = (await loginAs(stack.baseUrl, namesake)).cookie;
    const prepared = await postJson(
      actionLink(await waitForMail(stack, namesake.email)),
      { administrators: [namesake] },
      session,
    );
    const termsVersion = (await getJson(prepared.body.next.url, session)).body.context.termsVersion;
    const approved = await postJson(
      prepared.body.next.url,
      { decision: 'approve', acceptTerms: true, termsVersion },
      session,
    );
    assert.equal(approved.status, 200);
    // Answered as the link takes it: the register is checked after the answer, and finds no such representative.
    assert.equal(approved.body.state, 'checking-company-register');
    const result = await stack.client.workflow.getHandle(started.body.workflowId).result();
    assert.equal(result.stage, 'rejected');
    assert.match(result.reason, /not a registered management representative/);
  });

  it('an operator re-sends a step to a corrected person: the old link answers 410, only the new person may act, and the process goes on with them', async () => {
    const wrong = { name: 'Ole Jensen', email: 'ole.jensen@bager-test.dk' };
    const right = { name: 'Hanne Jensen', email: 'hanne.jensen@bager-test.dk' };
    const started = await stack.api('POST', '/api/connections', {
      organization: { name: 'Bager Jensen I/S', kind: 'company', country: 'DK', cvr: '11223344' },
      initiator: { role: 'representative', ...wrong },
    });
    const workflowId = started.body.workflowId as string;
    const oldLink = actionLink(await waitForMail(stack, wrong.email));
    const resent = await stack.api('POST', `/api/cases/${workflowId}/resend`, {
      step: 'prepare-connection',
      recipient: right,
    });
    assert.equal(resent.status, 202);
    assert.deepEqual(resent.body.recipient, right);
    assert.equal(
      (
        await stack.api('POST', `/api/cases/${workflowId}/resend`, {
          step: 'prepare-connection',
          recipient: { name: '', email: 'nope' },
        })
      ).status,
      422,
    );

    const administrators = [{ name: 'Hanne Jensen', email: right.email }];
    const wrongSession = (await loginAs(stack.baseUrl, wrong)).cookie;
    const stale = await postJson(oldLink, { administrators }, wrongSession);
    assert.equal(stale.status, 410);
    assert.equal((await getJson(oldLink, wrongSession)).status, 410);
    const newLink = actionLink(await waitForMail(stack, right.email));
    assert.equal((await postJson(newLink, { administrators }, wrongSession)).status, 403);
    const rightSession = (await loginAs(stack.baseUrl, right)).cookie;
    const prepared = await postJson(newLink, { administrators }, rightSession);
    assert.equal(prepared.status, 200);
    // The direct path's approval is the corrected person's too.
    assert.equal(prepared.body.next.step, 'approve-connection');
    const pending = (await stack.api('GET', `/api/cases/${workflowId}`)).body.pendingSteps;
    assert.deepEqual(
      pending.map((step: { recipient: unknown }) => step.recipient),
      [right],
    );
    await stack.api('POST', `/api/cases/${workflowId}/cancel`, { reason: 'test over' });
  });

  it('an administrator re-sent to a corrected person: once they set up, the organisation lists them, not the person first appointed', async () => {
    const mette = { name: 'Mette Lund', email: 'mette.lund@fjordhavn-test.dk' };
    const wrong = { name: 'Lars Lund', email: 'lars.lund@fjordhavn-test.dk' };
    const right = { name: 'Lise Lund', email: 'lise.lund@fjordhavn-test.dk' };
    const { orgId } = await connectedCompany(stack, {
      representative: mette,
      administrators: [wrong],
      company: { name: 'Fjordhavn Logistik A/S', cvr: '87654321' },
    });
    await waitForMail(stack, wrong.email, (mail) => /Opsæt/.test(mail.subject));

    const resent = await stack.api('POST', `/api/cases/setup-${orgId}/resend`, {
      step: 'setup-organization',
      key: 'admin-0',
      recipient: right,
    });
    assert.equal(resent.status, 202);
    const rightSession = (await loginAs(stack.baseUrl, right)).cookie;
    const setupLink = actionLink(await waitForMail(stack, right.email, (mail) => /Opsæt/.test(mail.subject)));
    const setUp = await postJson(
      setupLink,
      { allowPrivateMitId: true, separateMeans: ['app'], ownLoginMethod: 'private' },
      rightSession,
    );
    assert.equal(setUp.status, 200);

    // The corrected person is the organisation's administrator (once the process has recorded the setup the link
    // took): their login is recognised, the record is theirs.
    const organization = await eventually('the setup recorded', async () => {
      const answer = await getJson(`${stack.baseUrl}/api/organizations/${orgId}`, rightSession);
      return answer.status === 200 ? answer : undefined;
    });
    assert.deepEqual(organization.body.administrators, [{ ...right, status: 'active', loginMethod: 'private' }]);
  });

  it('a user activation re-sent to a corrected person, by an operator or through the organisation call: once they approve, the users list shows them, active', async () => {
    const orgId = 'dk-cvr-55667788';
    await seedActiveOrganization(stack.db, orgId, { cvr: '55667788' });
    const wrong = [
      { name: 'Per Hansen', email: 'per.hansen@hansen-test.dk' },
      { name: 'Bent Hansen', email: 'bent.hansen@hansen-test.dk' },
    ];
    const right = [
      { name: 'Pia Hansen', email: 'pia.hansen@hansen-test.dk' },
      { name: 'Bente Hansen', email: 'bente.hansen@hansen-test.dk' },
    ];
    const csv = `name,email,nemidUserId,importedAt\n${wrong.map((person, index) => `${person.name},${person.email},RID:${index + 1},2023-01-01\n`).join('')}`;
    assert.equal((await postExport(stack.baseUrl, stack.config.env.OPERATOR_API_KEY, orgId, csv)).body.imported, 2);
    assert.equal(
      (await stack.api('POST', `/api/organizations/${orgId}/activations`, { all: true, loginMethod: 'private' }))
        .status,
      202,
    );
    const activation = new RegExp(stepTitles['activate-user'].da);
    for (const person of wrong) await waitForMail(stack, person.email, (mail) => activation.test(mail.subject));
    const { users } = tables(stack.db);
    const userOf = async (email: string) => (await stack.db.select().from(users).where(eq(users.email, email)))[0]!;
    const [per, bent] = await Promise.all(wrong.map((person) => userOf(person.email)));

    // Per's through the operator call on the activation process, Bent's through the organisation call.
    assert.equal(
      (
        await stack.api('POST', `/api/cases/${per!.activationWorkflowId}/resend`, {
          step: 'activate-user',
          key: per!.userId,
          recipient: right[0],
        })
      ).status,
      202,
    );
    const organizationCall = `/api/organizations/${orgId}/users/${bent!.userId}/resend-activation`;
    assert.equal(
      (await stack.api('POST', organizationCall, { recipient: { name: 'Bente Hansen', email: 'not an address' } }))
        .status,
      422,
    );
    assert.equal((await stack.api('POST', organizationCall, { recipient: right[1] })).status, 202);
    for (const person of right) {
      const link = actionLink(await waitForMail(stack, person.email, (mail) => activation.test(mail.subject)));
      assert.equal(
        (await postJson(link, { decision: 'approve' }, (await loginAs(stack.baseUrl, person)).cookie)).status,
        200,
      );
    }

    // Each approval is answered as its link takes it; the process records it right after.
    const listed = await eventually('both approvals recorded', async () => {
      const users = (await stack.api('GET', `/api/organizations/${orgId}/users`)).body.users as Array<{
        userId: string;
        name: string;
        email: string;
        status: string;
      }>;
      return users.every((user) => user.status === 'active') ? users : undefined;
    });
    assert.deepEqual(
      listed
        .map(({ userId, name, email, status }) => ({ userId, name, email, status }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      [
        { userId: bent!.userId, ...right[1], status: 'active' },
        { userId: per!.userId, ...right[0], status: 'active' },
      ],
    );
  });
});
