// Organisation setup on the real stack, through HTTP: what setup offers and refuses (the MitID app is the
// only separate MitID offered during setup; other means are chosen in the login policy afterwards), the
// administrators' recorded login methods, and a setup that lapsed: visible to the operator, restarted, the
// lapsed link 410, the new one completing it.
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { CaseSummary } from '../../api/cases';
import type { organizationView } from '../../api/organizations';
import { tables } from '../../db/tables';
import { meansOfferedAfterSetup } from '../../domain/setup';
import { loginAs } from '../support/login';
import { actionLink, getJson, postJson, waitForMail } from '../support/mailbox';
import type { JsonAnswer } from '../support/operator-http';
import { withStack, type Stack } from '../support/stack';
import { connectedCompany, connectedWithLapsingSetup } from '../support/user-fixtures';
import { eventually } from '../support/wait';

const setupMail = (mail: { subject: string }) => /Opsæt/.test(mail.subject);

async function patchPolicy(stack: Stack, orgId: string, body: unknown, cookie: string): Promise<JsonAnswer> {
  const response = await fetch(`${stack.baseUrl}/api/organizations/${orgId}/login-policy`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', accept: 'application/json', cookie },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

type AdministratorAnswer = Awaited<ReturnType<typeof organizationView>>['administrators'][number];

describe('organisation setup end to end (real dev server, dev SMTP, dev login)', () => {
  const stack = withStack();

  it('offers the MitID app only, refuses what the organisation does not allow, records each login, and lets the policy add means afterwards', async () => {
    const karen = { name: 'Karen Holm', email: 'karen.holm@nordisk-test.dk' };
    const jens = { name: 'Jens Madsen', email: 'jens.madsen@nordisk-test.dk' };
    const { orgId, session: karenSession } = await connectedCompany(stack, {
      representative: karen,
      administrators: [karen, jens],
    });

    const karenLink = actionLink(await waitForMail(stack, karen.email, setupMail));
    const page = await (await fetch(karenLink, { headers: { accept: 'text/html', cookie: karenSession } })).text();
    assert.match(page, /name="separateMeans" value="app" checked/, 'the app is preselected');
    assert.doesNotMatch(
      page,
      /value="code_display"|value="code_reader"|value="chip"/,
      'the other means come after setup',
    );
    assert.match(page, /name="ownLoginMethod" value="app"/);

    // The step's schema refuses an input as invalid_request; the process's rules, as invalid_step_input.
    const refused = async (body: unknown, code = 'invalid_step_input') => {
      const answer = await postJson(karenLink, body, karenSession);
      assert.equal(answer.status, 422, JSON.stringify(answer.body));
      assert.equal(answer.body.error.code, code);
      return answer.body.error;
    };
    const laterMeans = await refused(
      { allowPrivateMitId: true, separateMeans: ['app', 'code_display'], ownLoginMethod: 'private' },
      'invalid_request',
    );
    assert.deepEqual(laterMeans.details, [{ path: 'separateMeans.1', message: meansOfferedAfterSetup }]);
    // A process rule's refusal names the rule it breaks.
    assert.deepEqual(
      (await refused({ allowPrivateMitId: false, separateMeans: [], ownLoginMethod: 'private' })).details,
      {
        rule: 'login-method-required',
      },
    );
    assert.deepEqual(
      (await refused({ allowPrivateMitId: false, separateMeans: ['app'], ownLoginMethod: 'private' })).details,
      { rule: 'private-mitid-not-allowed' },
    );
    assert.deepEqual((await refused({ allowPrivateMitId: true, separateMeans: [], ownLoginMethod: 'app' })).details, {
      rule: 'means-not-offered',
    });
    const setUp = await postJson(
      karenLink,
      { allowPrivateMitId: false, separateMeans: ['app'], ownLoginMethod: 'separate' },
      karenSession,
    );
    assert.equal(setUp.status, 200);
    assert.equal(setUp.body.state, 'active');

    // The link took the click and answered; the process records it a moment later.
    const org = await eventually('the organisation active', async () => {
      const answer = await stack.api('GET', `/api/organizations/${orgId}`);
      return answer.body.status === 'active' ? answer : undefined;
    });
    assert.deepEqual(org.body.loginPolicy, { allowPrivateMitId: false, separateMeans: ['app'] });
    const byEmail = (admins: AdministratorAnswer[]) =>
      [...admins].sort((a, b) => a.email.localeCompare(b.email)).map((a) => [a.email, a.status, a.loginMethod]);
    assert.deepEqual(byEmail(org.body.administrators), [
      [jens.email, 'appointed', null],
      [karen.email, 'active', 'app'],
    ]);

    // Code display comes afterwards through the login policy; Jens, still to set up, may choose it then.
    assert.equal(
      (await patchPolicy(stack, orgId, { separateMeans: ['app', 'code_display'] }, karenSession)).status,
      200,
    );
    // The running setup re-sends Jens's link at the administrator's request: the old one is superseded.
    const firstJensLink = actionLink(await waitForMail(stack, jens.email, setupMail));
    const resent = await postJson(`${stack.baseUrl}/api/organizations/${orgId}/setup/resend`, {}, karenSession);
    assert.equal(resent.status, 202);
    assert.deepEqual(resent.body, { workflowId: `setup-${orgId}`, restarted: false, administrators: [jens] });
    const jensLink = actionLink(
      await waitForMail(stack, jens.email, (mail) => setupMail(mail) && actionLink(mail) !== firstJensLink),
    );
    const jensSession = (await loginAs(stack.baseUrl, jens)).cookie;
    assert.equal((await getJson(firstJensLink, jensSession)).status, 410);
    const jensPage = await getJson(jensLink, jensSession);
    assert.deepEqual(jensPage.body.context.loginPolicy, {
      allowPrivateMitId: false,
      separateMeans: ['app', 'code_display'],
    });
    assert.equal((await postJson(jensLink, { ownLoginMethod: 'private' }, jensSession)).status, 422);
    // His page offers what the organisation now offers, and its form sets him up.
    const jensForm = await (await fetch(jensLink, { headers: { accept: 'text/html', cookie: jensSession } })).text();
    assert.deepEqual(
      [...jensForm.matchAll(/name="ownLoginMethod" value="([a-z_]+)"/g)].map((match) => match[1]),
      ['app', 'code_display'],
    );
    assert.doesNotMatch(jensForm, /name="allowPrivateMitId"/, 'the organisation is set up: only his own login');
    const posted = await fetch(jensLink, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html',
        cookie: jensSession,
        origin: stack.baseUrl,
      },
      body: new URLSearchParams({ ownLoginMethod: 'code_display' }),
    });
    assert.equal(posted.status, 200);

    const after = await eventually('Jens active', async () => {
      const answer = await stack.api('GET', `/api/organizations/${orgId}`);
      const admins = answer.body.administrators as AdministratorAnswer[];
      return admins.every((admin) => admin.status === 'active') ? answer : undefined;
    });
    assert.deepEqual(byEmail(after.body.administrators), [
      [jens.email, 'active', 'code_display'],
      [karen.email, 'active', 'app'],
    ]);
    // Jens logs in with code display: it cannot be withdrawn under him.
    const withdraw = await patchPolicy(stack, orgId, { separateMeans: ['app'] }, karenSession);
    assert.equal(withdraw.status, 409);
    assert.deepEqual(withdraw.body.error.details, { administrators: { code_display: 1 } });
    const again = await stack.api('POST', `/api/organizations/${orgId}/setup/resend`, {});
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'setup_completed');
  });

  /** Connected (as the connection records it) with a setup that lapses within seconds; a restart takes the configured 60 days. */
  const openSetupCases = (orgId: string) =>
    eventually('the lapsed setup among the open cases', async () => {
      const cases = ((await stack.api('GET', '/api/cases')).body.cases as CaseSummary[]).filter(
        (c) => c.workflowId === `setup-${orgId}`,
      );
      // Visibility follows the process's end shortly.
      return cases.some((c) => c.status === 'COMPLETED') ? cases : undefined;
    });

  it('shows a lapsed setup as such, restarts it once for concurrent calls, and the new link completes it where the old one is gone', async () => {
    const orgId = 'dk-cvr-55667788';
    const ada = { name: 'Ada Admin', email: 'ada.admin@setup-lapse.dk' };
    const lapsedLink = await connectedWithLapsingSetup(stack, { orgId, administrator: ada });

    // Lapsed: the organisation and its administrator say so, and the operator's open cases list it.
    const lapsed = await eventually('the setup to lapse', async () => {
      const org = await stack.api('GET', `/api/organizations/${orgId}`);
      return org.body.status === 'setup_expired' ? org.body : undefined;
    });
    assert.deepEqual(
      lapsed.administrators.map((a: AdministratorAnswer) => [a.email, a.status]),
      [[ada.email, 'expired']],
    );
    const listed = await openSetupCases(orgId);
    assert.deepEqual(
      listed.map((c) => [c.processType, c.stage, c.status, c.organizationId]),
      [['setup', 'expired', 'COMPLETED', orgId]],
    );
    assert.equal((await getJson(lapsedLink)).status, 410);

    // Two restarts at once start one run.
    const answers = await Promise.all([0, 1].map(() => stack.api('POST', `/api/organizations/${orgId}/setup/resend`)));
    const restarted = answers.filter((answer) => answer.status === 202 && answer.body.restarted);
    assert.equal(restarted.length, 1, JSON.stringify(answers.map((answer) => answer.body)));
    assert.deepEqual(restarted[0]!.body.administrators, [ada]);
    const other = answers.find((answer) => answer !== restarted[0])!;
    assert.ok(
      other.status === 202 || ['setup_restarting', 'setup_not_pending'].includes(other.body.error?.code),
      JSON.stringify(other.body),
    );
    const runs = [];
    for await (const run of stack.client.workflow.list({ query: `WorkflowId="setup-${orgId}"` }))
      runs.push(run.status.name);
    assert.deepEqual(runs.sort(), ['COMPLETED', 'RUNNING']);

    const reopened = await stack.api('GET', `/api/organizations/${orgId}`);
    assert.equal(reopened.body.status, 'connected');
    assert.deepEqual(
      reopened.body.administrators.map((a: AdministratorAnswer) => a.status),
      ['appointed'],
    );
    const freshLink = actionLink(
      await waitForMail(stack, ada.email, (mail) => setupMail(mail) && actionLink(mail) !== lapsedLink),
    );
    const adaSession = (await loginAs(stack.baseUrl, ada)).cookie;
    assert.equal((await getJson(lapsedLink, adaSession)).status, 410);
    const setUp = await postJson(
      freshLink,
      { allowPrivateMitId: true, separateMeans: ['app'], ownLoginMethod: 'private' },
      adaSession,
    );
    assert.equal(setUp.status, 200, JSON.stringify(setUp.body));
    assert.equal(setUp.body.state, 'completed', 'the only administrator has set up');

    // Answered as the link took it; the organisation is active once the process has recorded the setup.
    const active = await eventually('the organisation active', async () => {
      const answer = await stack.api('GET', `/api/organizations/${orgId}`);
      return answer.body.status === 'active' ? answer : undefined;
    });
    assert.deepEqual(
      active.body.administrators.map((a: AdministratorAnswer) => [a.email, a.status, a.loginMethod]),
      [[ada.email, 'active', 'private']],
    );
    await eventually(
      'the setup to end',
      async () => (await stack.api('GET', `/api/cases/setup-${orgId}`)).body.status === 'COMPLETED',
    );
    assert.deepEqual(
      (await stack.api('GET', '/api/cases')).body.cases.filter((c: CaseSummary) => c.workflowId === `setup-${orgId}`),
      [],
      'no longer an open case',
    );
  });

  it("restarts a foreign company's lapsed setup in its own country and language", async () => {
    const orgId = 'se-foreign-company-restart';
    const olle = { name: 'Olle Berg', email: 'olle.berg@setup-lapse.se' };
    const english = /Set up the organisation/;
    const lapsedLink = await connectedWithLapsingSetup(stack, {
      orgId,
      administrator: olle,
      abroad: { country: 'SE', subject: english },
    });
    // The lapse is recorded a moment before its run closes; a restart in that moment is told to try again.
    await eventually(
      'the lapsed setup run to close',
      async () => (await stack.client.workflow.getHandle(`setup-${orgId}`).describe()).status.name === 'COMPLETED',
    );
    const restart = await stack.api('POST', `/api/organizations/${orgId}/setup/resend`);
    assert.equal(restart.status, 202, JSON.stringify(restart.body));
    // In English, as the first invitation was (the Danish one would never match).
    await waitForMail(stack, olle.email, (mail) => english.test(mail.subject) && actionLink(mail) !== lapsedLink);
    const run = await stack.client.workflow.getHandle(`setup-${orgId}`).describe();
    assert.deepEqual(run.searchAttributes.Country, ['SE']);
  });

  it('keeps an administrator bound to the login they used earlier in the case when it restarts a lapsed setup', async () => {
    const orgId = 'dk-cvr-33445566';
    // Bound by the connection to the login Vera used as representative: another login with her name is not her.
    const vera = { name: 'Vera Vang', email: 'vera.vang@setup-lapse.dk', subject: 'the-login-vera-used-earlier' };
    const lapsedLink = await connectedWithLapsingSetup(stack, { orgId, administrator: vera });
    await eventually(
      'the lapsed setup run to close',
      async () => (await stack.client.workflow.getHandle(`setup-${orgId}`).describe()).status.name === 'COMPLETED',
    );
    assert.equal((await stack.api('POST', `/api/organizations/${orgId}/setup/resend`)).status, 202);
    const freshLink = actionLink(
      await waitForMail(stack, vera.email, (mail) => setupMail(mail) && actionLink(mail) !== lapsedLink),
    );
    const otherLogin = (await loginAs(stack.baseUrl, { name: vera.name, email: vera.email })).cookie;
    const tried = await postJson(
      freshLink,
      { allowPrivateMitId: true, separateMeans: ['app'], ownLoginMethod: 'private' },
      otherLogin,
    );
    assert.equal(tried.status, 403, JSON.stringify(tried.body));
    assert.equal(tried.body.error.code, 'not_your_step');
  });

  it('lists a setup that lapsed before lapses were recorded (its organisation still connected) as an open case', async () => {
    const orgId = 'dk-cvr-44556677';
    await connectedWithLapsingSetup(stack, {
      orgId,
      administrator: { name: 'Bo Berg', email: 'bo.berg@setup-lapse.dk' },
    });
    await eventually(
      'the setup to lapse',
      async () => (await stack.api('GET', `/api/organizations/${orgId}`)).body.status === 'setup_expired',
    );
    const { organizations } = tables(stack.db);
    await stack.db.update(organizations).set({ status: 'connected' }).where(eq(organizations.orgId, orgId));
    assert.deepEqual(
      (await openSetupCases(orgId)).map((c) => [c.stage, c.status]),
      [['expired', 'COMPLETED']],
    );
  });
});
