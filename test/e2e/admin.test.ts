// The administration (`/admin`) through HTTP on the real stack: an administrator logged in with the dev
// provider sees their organisation in Danish, not another's (403), imports an export in the browser's form,
// searches, filters and pages the users, activates the selected ones (their mails go out), deletes one,
// is refused a method the organisation does not offer, and changes the login policy (with the reassign
// choice when a withdrawn method is in use).
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { callLimits } from '../../api/organizations';
import { tables } from '../../db/tables';
import { auditRows } from '../support/audit';
import { loginAs, subjectOfSession } from '../support/login';
import { waitForMail } from '../support/mailbox';
import { withStack, type Stack } from '../support/stack';
import { eventually } from '../support/wait';
import { nemidExport, postExport, seedActiveOrganization } from '../support/user-fixtures';

interface Answer {
  status: number;
  location: string | null;
  body: string;
}

async function request(
  stack: Stack,
  path: string,
  cookie: string | undefined,
  init: { form?: Record<string, string | string[]>; multipart?: FormData } = {},
): Promise<Answer> {
  let body: URLSearchParams | FormData | undefined = init.multipart;
  if (init.form) {
    body = new URLSearchParams();
    for (const [name, value] of Object.entries(init.form)) for (const one of [value].flat()) body.append(name, one);
  }
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method: body ? 'POST' : 'GET',
    redirect: 'manual',
    headers: { accept: 'text/html', origin: stack.baseUrl, ...(cookie ? { cookie } : {}) },
    body,
  });
  return { status: response.status, location: response.headers.get('location'), body: await response.text() };
}

/** The visible text of a page, tags dropped, so assertions read as the person reads it. */
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const usersOf = async (stack: Stack, orgId: string) => {
  const { users } = tables(stack.db);
  return await stack.db.select().from(users).where(eq(users.orgId, orgId));
};

describe('administration pages end to end (real dev server, dev login)', () => {
  const stack = withStack();
  let cookie: string;
  const orgId = 'dk-cvr-11112222';
  const otherOrg = 'dk-cvr-33334444';
  const base = `/admin/organizations/${orgId}`;

  before(async () => {
    cookie = (await loginAs(stack.baseUrl, { email: 'anne@admin-test.dk', name: 'Anne Andersen' })).cookie;
    await seedActiveOrganization(stack.db, orgId, {
      cvr: '11112222',
      adminSubject: await subjectOfSession(stack.db, 'Anne Andersen'),
    });
    await seedActiveOrganization(stack.db, otherOrg, { cvr: '33334444' });
  });

  it('leads a person without a session to the private-MitID login and back, and tells a script where it is', async () => {
    const answer = await request(stack, '/admin', undefined);
    assert.equal(answer.status, 303);
    assert.equal(answer.location, '/auth/login?returnTo=%2Fadmin');
    // A client that is not a browser is told where the login is.
    const script = await fetch(`${stack.baseUrl}/admin/organizations/${orgId}/users`, {
      headers: { accept: 'application/json' },
    });
    assert.equal(script.status, 401);
    assert.equal(
      ((await script.json()) as { loginUrl: string }).loginUrl,
      `/auth/login?returnTo=${encodeURIComponent(`/admin/organizations/${orgId}/users`)}`,
    );
  });

  it('shows the organisations the person administers, in Danish, and refuses another organisation with a Danish 403 page', async () => {
    const list = await request(stack, '/admin', cookie);
    assert.equal(list.status, 200);
    assert.match(text(list.body), /Mine organisationer/);
    assert.match(list.body, new RegExp(`href="${base}"`));
    assert.doesNotMatch(list.body, new RegExp(otherOrg));

    const overview = await request(stack, base, cookie);
    assert.equal(overview.status, 200);
    assert.match(overview.body, /<html lang="da">/);
    const shown = text(overview.body);
    for (const words of [
      'Aktiv',
      'Administratorer',
      `Admin of ${orgId}`,
      'Privat MitID',
      'Loginpolitik',
      'MitID app',
      'Revisionslog',
    ])
      assert.ok(shown.includes(words), `the overview lacks "${words}"`);
    assert.doesNotMatch(shown, /\bactive\b|\bappointed\b|code_display|allowPrivateMitId/);

    for (const path of [
      `/admin/organizations/${otherOrg}`,
      `/admin/organizations/${otherOrg}/users`,
      '/admin/organizations/dk-cvr-99999999',
    ]) {
      const refused = await request(stack, path, cookie);
      assert.equal(refused.status, 403, path);
      assert.match(text(refused.body), /Du er ikke administrator for denne organisation/);
    }
    const refusedAction = await request(stack, `/admin/organizations/${otherOrg}/users/delete`, cookie, {
      form: { userIds: '00000000-0000-4000-8000-000000000000' },
    });
    assert.equal(refusedAction.status, 403);
  });

  it('imports an export uploaded in the form, listing the refused rows in Danish', async () => {
    const csv = [
      'name,email,nemidUserId,importedAt',
      'Birgit Bach,birgit@admin-test.dk,RID:2001,2023-01-10',
      'Carl Clausen,carl@admin-test.dk,RID:2002,2023-01-10',
      'Dorte Dahl,dorte@admin-test.dk,RID:2003,2023-01-10',
      'Bad Mail,not-an-address,RID:2004,2023-01-10',
    ].join('\n');
    const multipart = new FormData();
    multipart.append('charset', 'utf-8');
    multipart.append('file', new Blob([csv], { type: 'text/csv' }), 'export.csv');
    const answer = await request(stack, `${base}/imported-users`, cookie, { multipart });
    assert.equal(answer.status, 200);
    const shown = text(answer.body);
    assert.match(shown, /3 brugere er importeret; 1 rækker blev afvist/);
    assert.match(shown, /5 E-mailadressen er ugyldig/);
    assert.deepEqual((await usersOf(stack, orgId)).map((user) => user.name).sort(), [
      'Birgit Bach',
      'Carl Clausen',
      'Dorte Dahl',
    ]);

    const broken = new FormData();
    broken.append('file', new Blob(['name,email\n'], { type: 'text/csv' }), 'broken.csv');
    const refused = await request(stack, `${base}/imported-users`, cookie, { multipart: broken });
    assert.equal(refused.status, 422);
    assert.match(text(refused.body), /Filen er ikke en gyldig NemID-eksport/);
  });

  it('searches, filters and pages the users, activates the selected ones, deletes one and refuses a method not offered', async () => {
    assert.equal(
      (await postExport(stack.baseUrl, stack.config.env.OPERATOR_API_KEY, orgId, nemidExport(60, 'many.admin-test.dk')))
        .status,
      200,
    );

    const first = await request(stack, `${base}/users`, cookie);
    assert.equal(first.status, 200);
    assert.match(text(first.body), /Importerede brugere/);
    assert.equal(first.body.match(/name="userIds"/g)?.length, 50);
    const next = /href="([^"]*cursor=[^"]*)"/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(next, 'a link to the next page');
    const second = await request(stack, next, cookie);
    assert.equal(second.body.match(/name="userIds"/g)?.length, 13);

    const found = await request(stack, `${base}/users?q=${encodeURIComponent('carl@admin')}`, cookie);
    assert.equal(found.body.match(/name="userIds"/g)?.length, 1);
    assert.match(text(found.body), /Carl Clausen/);

    const imported = await usersOf(stack, orgId);
    const [birgit, carl, dorte] = ['Birgit Bach', 'Carl Clausen', 'Dorte Dahl'].map((name) =>
      imported.find((user) => user.name === name)!,
    );
    const notOffered = await request(stack, `${base}/activations`, cookie, {
      form: { userIds: [birgit!.userId], loginMethod: 'chip' },
    });
    assert.equal(notOffered.status, 422);
    assert.match(text(notOffered.body), /Organisationen tilbyder ikke den loginmetode/);
    const nobody = await request(stack, `${base}/activations`, cookie, { form: { loginMethod: 'private' } });
    assert.equal(nobody.status, 422);
    assert.match(text(nobody.body), /Vælg mindst én bruger/);

    const activated = await request(stack, `${base}/activations`, cookie, {
      form: { userIds: [birgit!.userId, carl!.userId], loginMethod: 'private' },
    });
    assert.equal(activated.status, 303);
    assert.match(activated.location ?? '', new RegExp(`^${base}/activations/[0-9a-f-]+\\?done=activated&count=2$`));
    const statuses = new Map((await usersOf(stack, orgId)).map((user) => [user.name, user.status]));
    assert.deepEqual(
      [statuses.get('Birgit Bach'), statuses.get('Carl Clausen'), statuses.get('Dorte Dahl')],
      ['activation_pending', 'activation_pending', 'imported'],
    );
    await waitForMail(stack, 'birgit@admin-test.dk');
    await waitForMail(stack, 'carl@admin-test.dk');

    const progress = await request(stack, activated.location!, cookie);
    assert.equal(progress.status, 200);
    assert.match(progress.body, /<progress id="progress-bar" max="2"/);
    assert.match(text(progress.body), /Aktiveringen af 2 brugere er sat i gang/);
    assert.match(progress.body, /<a href="[^"]+" id="refresh">Opdatér<\/a>/);

    const pending = await request(stack, `${base}/users?status=activation_pending`, cookie);
    assert.equal(pending.body.match(/name="userIds"/g)?.length, 2);
    assert.match(text(pending.body), /Afventer aktivering/);

    // Re-sending the pending activations mails each of the two again.
    const mailsBefore = (await stack.mail('carl@admin-test.dk')).length;
    const resent = await request(stack, `${base}/users/resend-activation`, cookie, {
      form: { userIds: [birgit!.userId, carl!.userId] },
    });
    assert.equal(resent.status, 303);
    assert.equal(resent.location, `${base}/users?done=resent&count=2`);
    await eventually('the re-sent mail', async () => (await stack.mail('carl@admin-test.dk')).length > mailsBefore);
    const notResendable = await request(stack, `${base}/users/resend-activation`, cookie, {
      form: { userIds: [dorte!.userId] },
    });
    assert.equal(notResendable.status, 409);
    assert.match(text(notResendable.body), /Kun ventende eller udløbne aktiveringer kan sendes igen/);

    const deleted = await request(stack, `${base}/users/delete`, cookie, {
      form: { userIds: [dorte!.userId], status: 'imported' },
    });
    assert.equal(deleted.status, 303);
    assert.equal(deleted.location, `${base}/users?status=imported&done=deleted&count=1`);
    assert.match(text((await request(stack, deleted.location!, cookie)).body), /1 brugere er slettet/);
    assert.equal((await usersOf(stack, orgId)).find((user) => user.userId === dorte!.userId)!.status, 'deleted');
    const notDeletable = await request(stack, `${base}/users/delete`, cookie, { form: { userIds: [birgit!.userId] } });
    assert.equal(notDeletable.status, 409);
    assert.match(text(notDeletable.body), /kan ikke slettes/);

    // Recorded as the API's calls are: by the administrator, in the organisation's log.
    const actions = (await auditRows(stack, { orgId })).map((event) => [
      event.action,
      event.actor.startsWith('person:'),
    ]);
    for (const action of ['import-users', 'activate-users', 'resend-activation', 'delete-user'])
      assert.ok(
        actions.some(([a, byPerson]) => a === action && byPerson),
        action,
      );
    assert.match(text((await request(stack, base, cookie)).body), /Aktivering af brugere bestilt/);
  });

  it('sends the setup link again to an administrator who has not set up', async () => {
    const appointed = { name: 'Ole Olsen', email: 'ole@admin-test.dk' };
    await stack.db.insert(tables(stack.db).administrators).values({ orgId, ...appointed, status: 'appointed' });
    const overview = await request(stack, base, cookie);
    assert.match(text(overview.body), /Udpeget – har ikke sat op endnu/);
    const resent = await request(stack, `${base}/setup/resend`, cookie, { form: {} });
    assert.equal(resent.status, 303);
    assert.equal(resent.location, `${base}?done=setupResent`);
    await waitForMail(stack, appointed.email);
    assert.match(text((await request(stack, resent.location!, cookie)).body), /Opsætningslinket er sendt igen/);
  });

  it('changes the login policy, asking where the users of a withdrawn method go', async () => {
    const added = await request(stack, `${base}/login-policy`, cookie, {
      form: { allowPrivateMitId: 'true', separateMeans: ['app', 'code_display'] },
    });
    assert.equal(added.status, 303);
    assert.equal(added.location, `${base}?done=policy`);
    assert.match(text((await request(stack, added.location!, cookie)).body), /Loginpolitikken er gemt/);
    const { organizations } = tables(stack.db);
    assert.deepEqual(
      (await stack.db.select().from(organizations).where(eq(organizations.orgId, orgId)))[0]!.separateMeans,
      ['app', 'code_display'],
    );

    // The two pending users log in with private MitID: withdrawing it asks where they go, then moves them.
    const asked = await request(stack, `${base}/login-policy`, cookie, {
      form: { separateMeans: ['app', 'code_display'] },
    });
    assert.equal(asked.status, 409);
    assert.match(text(asked.body), /Brugere af Privat MitID \(2\) skifter til/);
    assert.match(asked.body, /<select id="reassign-private" name="reassign.private">/);
    // An administrator logs in with private MitID too: it must stay, whatever the users do.
    const kept = await request(stack, `${base}/login-policy`, cookie, {
      form: { separateMeans: ['app', 'code_display'], 'reassign.private': 'app' },
    });
    assert.equal(kept.status, 409);
    assert.match(text(kept.body), /En administrator logger ind med en metode, du fravælger/);
    assert.equal(
      (await stack.db.select().from(organizations).where(eq(organizations.orgId, orgId)))[0]!.allowPrivateMitId,
      true,
    );
  });

  // Last: it uses up the administrator's allowance of activation requests for the hour.
  it('counts the forms and the API calls against one allowance', async () => {
    const viaApi = () =>
      fetch(`${stack.baseUrl}/api/organizations/${orgId}/activations`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ all: true, loginMethod: 'chip' }),
      });
    const viaForm = () => request(stack, `${base}/activations`, cookie, { form: { all: 'true', loginMethod: 'chip' } });
    for (let i = 0; i < 5; i++) assert.equal((await viaForm()).status, 422);
    // Counted apart, the API would still allow the whole allowance; counted together, five fewer at most.
    let allowed = 0;
    while ((await viaApi()).status === 422) allowed += 1;
    assert.ok(allowed <= callLimits.activation.administrator - 5, `the API allowed ${allowed} more`);
    const refused = await viaForm();
    assert.equal(refused.status, 429);
    assert.match(text(refused.body), /For mange forsøg/);
  });
});
