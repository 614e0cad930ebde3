// Imported users and their activation on the real stack, through HTTP only: an administrator sets the
// organisation up through the mailed link, imports a NemID export, activates users singly and in bulk;
// users approve private MitID or activate the MitID app through their mailed links; deletion; re-send; expiry;
// other organisations refused.
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { callLimits, type organizationView } from '../../api/organizations';
import type { ImportResult } from '../../api/user-import';
import { tables } from '../../db/tables';
import { stepTitles } from '../../domain/steps';
import { activationGroupId } from '../../workflows/user-activation.messages';
import { loginAs } from '../support/login';
import { actionLink, getJson, postJson, waitForMail } from '../support/mailbox';
import type { ErrorAnswer, JsonAnswer } from '../support/operator-http';
import { withStack, type Stack } from '../support/stack';
import { connectedCompany, postExport, seedActiveOrganization, type ListedUser } from '../support/user-fixtures';
import { eventually } from '../support/wait';

const activationTitle = new RegExp(stepTitles['activate-user'].da);

async function call(stack: Stack, method: string, path: string, body?: unknown, cookie?: string): Promise<JsonAnswer> {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(cookie ? { cookie } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
type AdministratorAnswer = Awaited<ReturnType<typeof organizationView>>['administrators'][number];

async function usersOf(stack: Stack, orgId: string, status?: string): Promise<ListedUser[]> {
  return (await stack.api('GET', `/api/organizations/${orgId}/users${status ? `?status=${status}` : ''}`)).body.users;
}

describe('users and activation end to end (real dev server, dev SMTP, dev login)', () => {
  const stack = withStack();

  it('setup, CSV import, single and bulk activation, approve, activate the app, re-send, delete, other organisations refused', async () => {
    // Connection (direct path) and setup by the administrator through the mailed links.
    const karen = { name: 'Karen Holm', email: 'karen.holm@nordisk-test.dk' };
    const {
      orgId,
      session: admin,
      termsVersion,
    } = await connectedCompany(stack, { representative: karen, administrators: [karen] });
    // Before setup the administrator has no say yet: no subject is known for them.
    assert.equal((await call(stack, 'GET', `/api/organizations/${orgId}`, undefined, admin)).status, 403);
    const setupLink = actionLink(await waitForMail(stack, karen.email, (mail) => /Opsæt/.test(mail.subject)));
    const setup = await postJson(
      setupLink,
      { allowPrivateMitId: true, separateMeans: ['app'], ownLoginMethod: 'private' },
      admin,
    );
    assert.equal(setup.status, 200);

    // Answered as the link took the setup; the administrator's say follows once the process has recorded it.
    const org = await eventually('the setup recorded', async () => {
      const answer = await call(stack, 'GET', `/api/organizations/${orgId}`, undefined, admin);
      return answer.status === 200 ? answer : undefined;
    });
    assert.equal(org.body.status, 'active');
    assert.deepEqual(org.body.loginPolicy, { allowPrivateMitId: true, separateMeans: ['app'] });
    assert.deepEqual(
      org.body.administrators.map((a: AdministratorAnswer) => [a.email, a.status]),
      [[karen.email, 'active']],
    );
    assert.deepEqual(
      org.body.terms.map((t: { version: string }) => t.version),
      [termsVersion],
    );
    assert.equal((await call(stack, 'GET', `/api/organizations/${orgId}`)).status, 401);

    // Import: good rows kept, each bad row named with its line.
    const csv = [
      'name,email,nemidUserId,importedAt,orgId',
      'Anna Andersen,anna@nordisk-test.dk,CVR:12345678-RID:1001,2023-05-01,',
      'Bo Berg,bo@nordisk-test.dk,RID:1002,2023-10-31,',
      '"Clausen, Carl",carl@nordisk-test.dk,RID:1003,2022-01-15T10:00:00Z,dk-cvr-12345678',
      'Dorte Dam,dorte@nordisk-test.dk,RID:1004,2023-01-01,',
      'Late Larsen,late@nordisk-test.dk,RID:1005,2023-11-01,',
      'Bad Mail,not-an-address,RID:1006,2023-01-01,',
      'Again Anna,anna2@nordisk-test.dk,CVR:12345678-RID:1001,2023-01-01,',
      'Other Org,other@fjordhavn.dk,CVR:87654321-RID:9,2023-01-01,',
      'Other Column,oc@fjordhavn.dk,RID:1007,2023-01-01,dk-cvr-87654321',
      'Short Row,short@nordisk-test.dk',
    ].join('\r\n');
    const imported = await fetch(`${stack.baseUrl}/api/organizations/${orgId}/imported-users`, {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'text/csv' },
      body: csv,
    });
    const result = (await imported.json()) as ImportResult;
    assert.equal(imported.status, 200);
    assert.equal(result.imported, 4);
    assert.deepEqual(
      result.rejected.map((r) => r.row),
      [6, 7, 8, 9, 10, 11],
    );
    assert.match(result.rejected[0].error, /2023-11-01/);
    assert.match(result.rejected[2].error, /duplicate/);
    assert.match(result.rejected[3].error, /another organisation/);
    assert.match(result.rejected[4].error, /another organisation/);

    const listed = await call(stack, 'GET', `/api/organizations/${orgId}/users?limit=3`, undefined, admin);
    assert.equal(listed.body.users.length, 3);
    const rest = await call(
      stack,
      'GET',
      `/api/organizations/${orgId}/users?limit=3&cursor=${listed.body.nextCursor}`,
      undefined,
      admin,
    );
    assert.equal(rest.body.nextCursor, null);
    const all: ListedUser[] = [...listed.body.users, ...rest.body.users];
    assert.deepEqual(
      all.map((u) => u.status),
      ['imported', 'imported', 'imported', 'imported'],
    );
    const byName = (name: RegExp) => all.find((u) => name.test(u.name))!;
    const [anna, bo, carl, dorte] = [byName(/Anna/), byName(/Bo/), byName(/Carl/), byName(/Dorte/)];
    assert.equal(carl.name, 'Clausen, Carl');

    // Deletion of a user not yet activated; deleting again changes nothing (more: test/e2e/reactivation.test.ts).
    assert.equal(
      (await call(stack, 'DELETE', `/api/organizations/${orgId}/users/${dorte.userId}`, undefined, admin)).status,
      204,
    );
    assert.equal(
      (await call(stack, 'DELETE', `/api/organizations/${orgId}/users/${dorte.userId}`, undefined, admin)).status,
      204,
    );
    assert.deepEqual(
      (await usersOf(stack, orgId, 'deleted')).map((u) => u.userId),
      [dorte.userId],
    );

    // A method the organisation does not offer is refused; then Anna alone with private MitID.
    assert.equal(
      (
        await call(
          stack,
          'POST',
          `/api/organizations/${orgId}/activations`,
          { userIds: [anna.userId], loginMethod: 'chip' },
          admin,
        )
      ).status,
      422,
    );
    assert.equal(
      (
        await call(
          stack,
          'POST',
          `/api/organizations/${orgId}/activations`,
          { userIds: [anna.userId], all: true, loginMethod: 'private' },
          admin,
        )
      ).status,
      422,
    );
    const single = await call(
      stack,
      'POST',
      `/api/organizations/${orgId}/activations`,
      { userIds: [anna.userId], loginMethod: 'private' },
      admin,
    );
    assert.equal(single.status, 202);
    assert.equal(
      (
        await call(
          stack,
          'POST',
          `/api/organizations/${orgId}/activations`,
          { userIds: [anna.userId], loginMethod: 'private' },
          admin,
        )
      ).status,
      409,
    );
    // Bulk: all the remaining imported users, with the MitID app.
    const bulk = await call(
      stack,
      'POST',
      `/api/organizations/${orgId}/activations`,
      { all: true, loginMethod: 'app' },
      admin,
    );
    assert.equal(bulk.status, 202);
    assert.equal(bulk.body.total, 2);
    assert.deepEqual((await usersOf(stack, orgId, 'activation_pending')).map((u) => u.loginMethod).sort(), [
      'app',
      'app',
      'private',
    ]);

    // Anna approves private MitID through her mail.
    const annaLink = actionLink(await waitForMail(stack, anna.email, (mail) => activationTitle.test(mail.subject)));
    const shown = await getJson(annaLink);
    assert.deepEqual(
      [shown.body.step, shown.body.requiresLogin, shown.body.recipientFirstName],
      ['activate-user', true, 'Anna'],
    );
    assert.equal((await postJson(annaLink, { decision: 'approve' })).status, 401);
    const annaSession = (await loginAs(stack.baseUrl, anna)).cookie;
    assert.equal((await getJson(annaLink, annaSession)).body.context.loginMethod, 'private');
    const approved = await postJson(annaLink, { decision: 'approve' }, annaSession);
    assert.equal(approved.status, 200);
    assert.equal((await postJson(annaLink, { decision: 'approve' }, annaSession)).status, 409);
    // Bo, chosen for the MitID app, cannot reject it: he activates it (the dev MitID app takes the code).
    const activateApp = async (code: string) =>
      (await postJson(`${stack.baseUrl}/dev/mitid-app/activations`, { code })).status;
    const boLink = actionLink(await waitForMail(stack, bo.email, (mail) => activationTitle.test(mail.subject)));
    const boSession = (await loginAs(stack.baseUrl, bo)).cookie;
    assert.equal((await postJson(boLink, { decision: 'reject' }, boSession)).status, 422);
    assert.equal(
      await activateApp((await postJson(boLink, { decision: 'activate' }, boSession)).body.activationCode),
      200,
    );
    // Carl's activation is re-sent: the old link stops working, the new one activates the app.
    const carlOld = actionLink(await waitForMail(stack, carl.email, (mail) => activationTitle.test(mail.subject)));
    assert.equal(
      (
        await call(
          stack,
          'POST',
          `/api/organizations/${orgId}/users/${carl.userId}/resend-activation`,
          undefined,
          admin,
        )
      ).status,
      202,
    );
    // The export writes "Clausen, Carl"; MitID verifies "Carl Clausen": the same person.
    const carlSession = (await loginAs(stack.baseUrl, { email: carl.email, name: 'Carl Clausen' })).cookie;
    assert.equal((await postJson(carlOld, { decision: 'activate' }, carlSession)).status, 410);
    const carlNew = actionLink(
      await waitForMail(
        stack,
        carl.email,
        (mail) => activationTitle.test(mail.subject) && !mail.links.includes(carlOld),
      ),
    );
    const carlChose = await postJson(carlNew, { decision: 'activate' }, carlSession);
    assert.equal(carlChose.status, 200);
    assert.equal((await usersOf(stack, orgId, 'activation_pending')).length, 1);
    assert.equal(await activateApp(carlChose.body.activationCode), 200);

    const statuses = Object.fromEntries((await usersOf(stack, orgId)).map((u) => [u.name, u.status]));
    assert.deepEqual(statuses, { 'Anna Andersen': 'active', 'Bo Berg': 'active', 'Clausen, Carl': 'active' });
    const progress = await call(
      stack,
      'GET',
      `/api/organizations/${orgId}/activations/${bulk.body.batchId}`,
      undefined,
      admin,
    );
    assert.deepEqual(progress.body, {
      batchId: bulk.body.batchId,
      total: 2,
      emailed: 2,
      active: 2,
      rejected: 0,
      expired: 0,
      failed: 0,
      done: true,
    });
    const description = await stack.client.workflow.getHandle(bulk.body.workflowId).describe();
    assert.deepEqual(description.searchAttributes.ProcessType, ['bulk-activation']);
    assert.deepEqual(description.searchAttributes.ProgressTotal, [2]);
    // The group's start says what it is beside the id, and names no person.
    const group = await stack.client.workflow.getHandle(activationGroupId(orgId, bulk.body.batchId, 0)).describe();
    assert.deepEqual(group.memo, {
      organizationName: org.body.name,
      orgId,
      batchId: bulk.body.batchId,
      group: 0,
      users: 2,
      loginMethod: 'app',
    });
    assert.equal(await group.staticSummary(), `User activation: ${org.body.name}, group 0, 2 user(s)`);
    const groupDetails = (await group.staticDetails()) ?? '';
    assert.match(groupDetails, new RegExp(bulk.body.batchId));
    for (const personal of [bo.name, bo.email, carl.name, carl.email])
      assert.ok(!groupDetails.includes(personal), `${personal} in the group's details`);

    // Withdrawing the app, which Bo and Carl use, must say where its users go.
    const withdraw = await call(
      stack,
      'PATCH',
      `/api/organizations/${orgId}/login-policy`,
      { separateMeans: ['code_display'] },
      admin,
    );
    assert.equal(withdraw.status, 409);
    assert.deepEqual(withdraw.body.error.details.inUse, { app: 2 });
    const moved = await call(
      stack,
      'PATCH',
      `/api/organizations/${orgId}/login-policy`,
      { separateMeans: ['code_display'], reassign: { app: 'code_display' } },
      admin,
    );
    assert.equal(moved.status, 200);
    assert.deepEqual(moved.body.reassigned, { app: { to: 'code_display', users: 2 } });

    // Another organisation: its users, batches and page are out of reach for this administrator.
    const otherOrg = 'dk-cvr-87654321';
    await seedActiveOrganization(stack.db, otherOrg, { cvr: '87654321' });
    const other = await postExport(
      stack.baseUrl,
      stack.config.env.OPERATOR_API_KEY,
      otherOrg,
      'name,email,nemidUserId,importedAt\nOla,ola@fjordhavn.dk,CVR:87654321-RID:1,2023-01-01\n',
    );
    assert.equal(other.body.imported, 1);
    const [ola] = await usersOf(stack, otherOrg);
    const otherBatch = await stack.api('POST', `/api/organizations/${otherOrg}/activations`, {
      userIds: [ola.userId],
      loginMethod: 'private',
    });
    assert.equal(otherBatch.status, 202);
    assert.equal((await call(stack, 'GET', `/api/organizations/${otherOrg}`, undefined, admin)).status, 403);
    assert.equal((await call(stack, 'GET', `/api/organizations/${otherOrg}/users`, undefined, admin)).status, 403);
    assert.equal(
      (await call(stack, 'DELETE', `/api/organizations/${orgId}/users/${ola.userId}`, undefined, admin)).status,
      403,
    );
    assert.equal(
      (await call(stack, 'POST', `/api/organizations/${orgId}/users/${ola.userId}/resend-activation`, undefined, admin))
        .status,
      403,
    );
    assert.equal(
      (
        await call(
          stack,
          'POST',
          `/api/organizations/${orgId}/activations`,
          { userIds: [ola.userId], loginMethod: 'private' },
          admin,
        )
      ).status,
      403,
    );
    assert.equal(
      (await call(stack, 'GET', `/api/organizations/${orgId}/activations/${otherBatch.body.batchId}`, undefined, admin))
        .status,
      403,
    );

    // An administrator of two organisations has one allowance of imports across both: the 21st is 429,
    // though neither organisation has used its own; the operator still imports there.
    const { administrators } = tables(stack.db);
    const karenSubject = (
      await stack.db
        .select({ subject: administrators.subject })
        .from(administrators)
        .where(eq(administrators.orgId, orgId))
    )[0]!.subject!;
    const secondOrg = 'dk-cvr-55667788';
    await seedActiveOrganization(stack.db, secondOrg, { cvr: '55667788', adminSubject: karenSubject });
    const importAs = (org: string) =>
      fetch(`${stack.baseUrl}/api/organizations/${org}/imported-users`, {
        method: 'POST',
        headers: { cookie: admin, 'content-type': 'text/csv' },
        body: 'name,email,nemidUserId,importedAt\n',
      });
    for (let i = 1; i < callLimits.import.administrator; i++)
      assert.equal((await importAs(i % 2 ? secondOrg : orgId)).status, 200);
    const refused = await importAs(secondOrg);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assert.equal(((await refused.json()) as ErrorAnswer).error.code, 'rate_limited');
    assert.equal(
      (
        await postExport(
          stack.baseUrl,
          stack.config.env.OPERATOR_API_KEY,
          secondOrg,
          'name,email,nemidUserId,importedAt\n',
        )
      ).status,
      200,
    );
  });
});

describe('activation expiry end to end (short durations)', () => {
  const stack = withStack({
    env: { DURATIONS_JSON: JSON.stringify({ activation: { remindAfter: '3 seconds', expireAfter: '5 seconds' } }) },
  });

  it('reminds, lapses visibly as expired, and a re-send to a corrected address starts a new activation that works', async () => {
    const orgId = 'dk-cvr-11223344';
    await seedActiveOrganization(stack.db, orgId, { cvr: '11223344' });
    const imported = await postExport(
      stack.baseUrl,
      stack.config.env.OPERATOR_API_KEY,
      orgId,
      'name,email,nemidUserId,importedAt\nOle Jensen,ole@bager.dk,RID:1,2023-01-01\n',
    );
    assert.equal(imported.body.imported, 1);
    const [ole] = await usersOf(stack, orgId);
    assert.equal(
      (await stack.api('POST', `/api/organizations/${orgId}/activations`, { all: true, loginMethod: 'private' }))
        .status,
      202,
    );
    const firstLink = actionLink(await waitForMail(stack, ole.email, (mail) => activationTitle.test(mail.subject)));
    await waitForMail(stack, ole.email, (mail) => /Påmindelse/.test(mail.subject));
    await eventually('expiry', async () => (await usersOf(stack, orgId, 'expired')).length === 1);

    // The export had Ole's old address: the re-send goes to the corrected one, and the record is his as corrected.
    const corrected = { name: 'Ole Jensen', email: 'ole.jensen@bager-test.dk' };
    assert.equal(
      (
        await stack.api('POST', `/api/organizations/${orgId}/users/${ole.userId}/resend-activation`, {
          recipient: corrected,
        })
      ).status,
      202,
    );
    assert.deepEqual(
      (await usersOf(stack, orgId, 'activation_pending')).map((u) => [u.userId, u.email]),
      [[ole.userId, corrected.email]],
    );
    const newLink = actionLink(
      await waitForMail(
        stack,
        corrected.email,
        (mail) =>
          activationTitle.test(mail.subject) && !/Påmindelse/.test(mail.subject) && !mail.links.includes(firstLink),
      ),
    );
    assert.equal(
      (await postJson(newLink, { decision: 'approve' }, (await loginAs(stack.baseUrl, corrected)).cookie)).status,
      200,
    );
    // Answered once the link took the click; the process records it right after.
    await eventually('the approval recorded', async () => (await usersOf(stack, orgId, 'active')).length === 1);
    assert.deepEqual(
      (await usersOf(stack, orgId)).map((u) => [u.name, u.email, u.status]),
      [[corrected.name, corrected.email, 'active']],
    );
  });
});
