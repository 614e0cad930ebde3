// No user is stuck (imported users stay until they are activated or deleted): a user who rejected
// private MitID or let the activation lapse (the link, or the wait for the MitID app) is activated again
// with another method the organisation offers, or deleted; pending and active users cannot be deleted; the users list tells them apart; each
// batch's progress keeps counting its own users. On the real stack, through HTTP, mail and login only.
import assert from 'node:assert/strict';
import { stepTitles } from '../../domain/steps';
import { loginAs } from '../support/login';
import { actionLink, postJson, waitForMail } from '../support/mailbox';
import { withStack, type Stack } from '../support/stack';
import { eventually } from '../support/wait';
import { postExport, seedActiveOrganization, type ListedUser, type Person } from '../support/user-fixtures';

const activationTitle = new RegExp(stepTitles['activate-user'].da);
const isInvitation = (mail: { subject: string }) =>
  activationTitle.test(mail.subject) && !/Påmindelse/.test(mail.subject);

async function importUsers(stack: Stack, orgId: string, people: Person[]): Promise<Record<string, ListedUser>> {
  const csv = [
    'name,email,nemidUserId,importedAt',
    ...people.map((p, i) => `${p.name},${p.email},RID:${5000 + i},2023-03-01`),
  ].join('\n');
  assert.equal(
    (await postExport(stack.baseUrl, stack.config.env.OPERATOR_API_KEY, orgId, csv)).body.imported,
    people.length,
  );
  const users = (await stack.api('GET', `/api/organizations/${orgId}/users`)).body.users as ListedUser[];
  return Object.fromEntries(users.map((user) => [user.email, user]));
}

async function usersWith(stack: Stack, orgId: string, status?: string): Promise<ListedUser[]> {
  const answer = await stack.api('GET', `/api/organizations/${orgId}/users${status ? `?status=${status}` : ''}`);
  assert.equal(answer.status, 200);
  return answer.body.users;
}

const emails = (users: ListedUser[]) => users.map((user) => user.email).sort();

/** A batch's counts, as the activation progress call answers them. */
async function batchProgress(stack: Stack, orgId: string, batchId: string): Promise<unknown> {
  return (await stack.api('GET', `/api/organizations/${orgId}/activations/${batchId}`)).body;
}

/** The user's newest invitation that is not one of `seen` (a re-activation's mail, not the first one's). */
async function invitationLink(stack: Stack, email: string, seen: string[] = []): Promise<string> {
  return actionLink(
    await waitForMail(stack, email, (mail) => isInvitation(mail) && !seen.some((link) => mail.links.includes(link))),
  );
}

describe('re-activating and deleting users who rejected or let the activation lapse (real stack)', () => {
  const stack = withStack();

  it('a rejecting user is activated again with the MitID app and becomes active; rejected users are deleted, pending and active ones are not', async () => {
    const orgId = 'dk-cvr-24681357';
    await seedActiveOrganization(stack.db, orgId, { cvr: '24681357' });
    const [bo, cai, eva, finn, gitte] = ['Bo Berg', 'Cai Clausen', 'Eva Eriksen', 'Finn Fisk', 'Gitte Grøn'].map(
      (name) => ({ name, email: `${name.split(' ')[0]!.toLowerCase()}@reaktiv-test.dk` }),
    ) as [Person, Person, Person, Person, Person];
    const users = await importUsers(stack, orgId, [bo, cai, eva, finn, gitte]);
    const id = (person: Person) => users[person.email].userId as string;
    const activate = (body: unknown) => stack.api('POST', `/api/organizations/${orgId}/activations`, body);
    const remove = (person: Person) => stack.api('DELETE', `/api/organizations/${orgId}/users/${id(person)}`);

    const first = await activate({ userIds: [bo, cai, eva, finn].map(id), loginMethod: 'private' });
    assert.equal(first.status, 202);
    assert.deepEqual([first.body.total, first.body.again], [4, 0]);
    const links = Object.fromEntries(
      await Promise.all([bo, cai, eva, finn].map(async (p) => [p.email, await invitationLink(stack, p.email)])),
    );
    const sessions = Object.fromEntries(
      await Promise.all([bo, cai, finn].map(async (p) => [p.email, (await loginAs(stack.baseUrl, p)).cookie])),
    );
    assert.equal((await postJson(links[bo.email], { decision: 'reject' }, sessions[bo.email])).status, 200);
    assert.equal((await postJson(links[cai.email], { decision: 'reject' }, sessions[cai.email])).status, 200);
    assert.equal((await postJson(links[finn.email], { decision: 'approve' }, sessions[finn.email])).status, 200);
    // A click is answered once its link has taken it; the process records the outcome right after.
    await eventually(
      'the three outcomes recorded',
      async () => (await usersWith(stack, orgId, 'activation_pending')).length === 1,
    );

    // Each status by its filter, with the method and when the activation was asked for and ended.
    assert.deepEqual(emails(await usersWith(stack, orgId, 'rejected')), [bo.email, cai.email]);
    assert.deepEqual(emails(await usersWith(stack, orgId, 'active')), [finn.email]);
    assert.deepEqual(emails(await usersWith(stack, orgId, 'activation_pending')), [eva.email]);
    assert.deepEqual(emails(await usersWith(stack, orgId, 'imported')), [gitte.email]);
    const [rejected] = (await usersWith(stack, orgId, 'rejected')).filter((user) => user.email === bo.email);
    assert.equal(rejected.loginMethod, 'private');
    assert.equal(rejected.batchId, first.body.batchId);
    assert.ok(
      Date.parse(rejected.activationEndedAt!) >= Date.parse(rejected.activationRequestedAt!),
      'the rejection is dated after the request',
    );
    const [pending] = await usersWith(stack, orgId, 'activation_pending');
    assert.equal(pending.activationEndedAt, null);
    assert.deepEqual((await stack.api('GET', `/api/organizations/${orgId}`)).body.users, {
      imported: 1,
      activation_pending: 1,
      active: 1,
      rejected: 2,
      expired: 0,
      deleted: 0,
    });

    // Pending and active users stay; a rejected one goes, for good, and a second delete changes nothing.
    for (const [person, status] of [
      [eva, 'activation_pending'],
      [finn, 'active'],
    ] as const) {
      const refused = await remove(person);
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.code, 'user_not_deletable');
      assert.equal(refused.body.error.details.status, status);
    }
    assert.equal((await remove(cai)).status, 204);
    assert.equal((await remove(cai)).status, 204);
    assert.ok(
      !(await usersWith(stack, orgId)).some((user) => user.userId === id(cai)),
      'a deleted user is gone from the list',
    );
    const [tombstone] = await usersWith(stack, orgId, 'deleted');
    assert.deepEqual(
      [tombstone.userId, tombstone.name, tombstone.email, tombstone.nemidUserId],
      [id(cai), null, null, null],
    );
    // Nothing in the database names Cai any more: not the user row, the links, the mail kept.
    const named = stack.db.$client
      .prepare(
        `select (select count(*) from users where email = @email or name = @name)
              + (select count(*) from action_links where recipient_email = @email)
              + (select count(*) from outbox where recipient = @email or idempotency_key like '%' || @email || '%' or text_body like '%' || @first || '%') as n`,
      )
      .get({ email: cai.email, name: cai.name, first: 'Cai' }) as { n: number };
    assert.equal(named.n, 0);
    assert.equal((await postJson(links[cai.email], { decision: 'approve' }, sessions[cai.email])).status, 404);

    // Only offered methods; only users who are not pending, active or deleted.
    const notOffered = await activate({ userIds: [id(bo)], loginMethod: 'chip' });
    assert.equal(notOffered.status, 422);
    assert.equal(notOffered.body.error.code, 'login_method_not_offered');
    assert.deepEqual(notOffered.body.error.details.offered, ['private', 'app']);
    for (const person of [eva, finn, cai]) {
      const refused = await activate({ userIds: [id(person)], loginMethod: 'app' });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.code, 'not_activatable');
    }

    // `all`: the imported and the rejected user, activated with the app.
    const second = await activate({ all: true, loginMethod: 'app' });
    assert.equal(second.status, 202);
    assert.deepEqual([second.body.total, second.body.again], [2, 1]);
    assert.deepEqual(emails(await usersWith(stack, orgId, 'activation_pending')), [bo.email, eva.email, gitte.email]);
    const boNew = await invitationLink(stack, bo.email, [links[bo.email]]);
    // The link Bo answered before does nothing now; on the new one he activates the app, which makes him active.
    const old = await postJson(links[bo.email], { decision: 'approve' }, sessions[bo.email]);
    assert.equal(old.status, 409);
    const boChose = await postJson(boNew, { decision: 'activate' }, sessions[bo.email]);
    assert.equal(boChose.status, 200);
    assert.equal(
      (await postJson(`${stack.baseUrl}/dev/mitid-app/activations`, { code: boChose.body.activationCode })).status,
      200,
    );
    const [boNow] = (await usersWith(stack, orgId, 'active')).filter((user) => user.email === bo.email);
    assert.deepEqual([boNow.loginMethod, boNow.batchId], ['app', second.body.batchId]);
    await invitationLink(stack, gitte.email);

    // Each batch counts its own users: Bo's rejection stays in the first, his activation is the second's.
    assert.deepEqual(await batchProgress(stack, orgId, first.body.batchId), {
      batchId: first.body.batchId,
      total: 4,
      emailed: 4,
      active: 1,
      rejected: 2,
      expired: 0,
      failed: 0,
      done: true,
    });
    assert.deepEqual(await batchProgress(stack, orgId, second.body.batchId), {
      batchId: second.body.batchId,
      total: 2,
      emailed: 2,
      active: 1,
      rejected: 0,
      expired: 0,
      failed: 0,
      done: true,
    });
  });
});

describe('re-activating and deleting users whose activation lapsed (short durations)', () => {
  const activation = {
    remindAfter: '6 seconds',
    expireAfter: '8 seconds',
    means: { remindAfter: '4 seconds', expireAfter: '6 seconds' },
  };
  const stack = withStack({ env: { DURATIONS_JSON: JSON.stringify({ activation }) } });

  it('a lapsed activation is requested again with another method and completed; its old link answers 410; a lapsed user is deleted', async () => {
    const orgId = 'dk-cvr-13572468';
    await seedActiveOrganization(stack.db, orgId, { cvr: '13572468' });
    const ole = { name: 'Ole Olsen', email: 'ole@bortfaldet-test.dk' };
    const pia = { name: 'Pia Poulsen', email: 'pia@bortfaldet-test.dk' };
    const users = await importUsers(stack, orgId, [ole, pia]);
    const first = await stack.api('POST', `/api/organizations/${orgId}/activations`, {
      all: true,
      loginMethod: 'private',
    });
    assert.equal(first.status, 202);
    const oldLink = await invitationLink(stack, ole.email);
    await eventually('both activations to lapse', async () => (await usersWith(stack, orgId, 'expired')).length === 2);
    const lapsed = await usersWith(stack, orgId, 'expired');
    assert.ok(
      lapsed.every((user) => user.loginMethod === 'private' && user.activationEndedAt),
      'the list says which method lapsed, and when',
    );

    const session = (await loginAs(stack.baseUrl, ole)).cookie;
    const again = await stack.api('POST', `/api/organizations/${orgId}/activations`, {
      userIds: [users[ole.email].userId],
      loginMethod: 'app',
    });
    assert.equal(again.status, 202);
    assert.equal(again.body.again, 1);
    const newLink = await invitationLink(stack, ole.email, [oldLink]);
    assert.equal((await postJson(oldLink, { decision: 'approve' }, session)).status, 410);
    const chose = await postJson(newLink, { decision: 'activate' }, session);
    assert.equal(chose.status, 200);
    assert.equal(
      (await postJson(`${stack.baseUrl}/dev/mitid-app/activations`, { code: chose.body.activationCode })).status,
      200,
    );
    const [active] = await usersWith(stack, orgId, 'active');
    assert.deepEqual([active.email, active.loginMethod], [ole.email, 'app']);

    assert.equal(
      (await stack.api('DELETE', `/api/organizations/${orgId}/users/${users[pia.email].userId}`)).status,
      204,
    );
    assert.deepEqual(emails(await usersWith(stack, orgId)), [ole.email]);

    assert.deepEqual(await batchProgress(stack, orgId, first.body.batchId), {
      batchId: first.body.batchId,
      total: 2,
      emailed: 2,
      active: 0,
      rejected: 0,
      expired: 2,
      failed: 0,
      done: true,
    });
    assert.deepEqual(await batchProgress(stack, orgId, again.body.batchId), {
      batchId: again.body.batchId,
      total: 1,
      emailed: 1,
      active: 1,
      rejected: 0,
      expired: 0,
      failed: 0,
      done: true,
    });
  });
  it('a user whose wait for the MitID app lapsed is activated again with the private MitID and approves', async () => {
    const orgId = 'dk-cvr-97531864';
    await seedActiveOrganization(stack.db, orgId, { cvr: '97531864' });
    const rita = { name: 'Rita Rasmussen', email: 'rita@bortfaldet-test.dk' };
    const users = await importUsers(stack, orgId, [rita]);
    assert.equal(
      (await stack.api('POST', `/api/organizations/${orgId}/activations`, { all: true, loginMethod: 'app' })).status,
      202,
    );
    const session = (await loginAs(stack.baseUrl, rita)).cookie;
    // She chooses to activate the app but never enters the code: the wait for the means lapses.
    assert.equal(
      (await postJson(await invitationLink(stack, rita.email), { decision: 'activate' }, session)).status,
      200,
    );
    const [lapsed] = await eventually('the means wait to lapse', async () => {
      const expired = await usersWith(stack, orgId, 'expired');
      return expired.length === 1 ? expired : undefined;
    });
    assert.equal(lapsed.loginMethod, 'app');

    const again = await stack.api('POST', `/api/organizations/${orgId}/activations`, {
      userIds: [users[rita.email].userId],
      loginMethod: 'private',
    });
    assert.equal(again.status, 202);
    const seen = (await stack.mail(rita.email)).flatMap((mail) => mail.links);
    assert.equal(
      (await postJson(await invitationLink(stack, rita.email, seen), { decision: 'approve' }, session)).status,
      200,
    );
    const [active] = await eventually('the approval recorded', async () => {
      const found = await usersWith(stack, orgId, 'active');
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual([active.email, active.loginMethod, active.batchId], [rita.email, 'private', again.body.batchId]);
  });
});
