// A user chosen for a separate means (the MitID app) on the real stack, through HTTP only: they log in with
// the private MitID, choose to activate, get a one-time activation code, and are active only once the dev
// stand-in app (`/dev/mitid-app`) has activated the means with it. Wrong, used and expired codes are refused,
// guessing is rate limited, and the code is nowhere but on the person's screen.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { activationCodeFailures } from '../../api/means-activation';
import { EncryptionCodec, parseEncryptionKeys } from '../../config/codec';
import { tables } from '../../db/tables';
import { stepTitles } from '../../domain/steps';
import { decodedPayloadsText, storedHistoryText } from '../support/history';
import { loginAs } from '../support/login';
import { actionLink, getJson, postJson, waitForMail } from '../support/mailbox';
import type { JsonAnswer } from '../support/operator-http';
import { debugLogCapture, withStack, type Stack } from '../support/stack';
import { activationLinks } from '../support/user-fixtures';
import { eventually } from '../support/wait';

const meansTitle = new RegExp(stepTitles['activate-means'].da);

async function usersOf(
  stack: Stack,
  orgId: string,
): Promise<Array<{ userId: string; name: string; email: string; status: string }>> {
  return (await stack.api('GET', `/api/organizations/${orgId}/users`)).body.users;
}

async function activateInApp(stack: Stack, code: string): Promise<JsonAnswer> {
  return postJson(`${stack.baseUrl}/dev/mitid-app/activations`, { code });
}

/** An active organisation offering the MitID app, its imported users, activated with the app; each user's link. */
function appActivation(stack: Stack, orgId: string, cvr: string, people: Array<{ name: string; email: string }>) {
  return activationLinks(stack, orgId, { cvr, people, loginMethod: 'app' });
}

describe('separate means activation end to end (real dev server, dev login, dev MitID app)', () => {
  const { logger, lines: logLines } = debugLogCapture();
  const stack = withStack({ logger });

  it('activate → one-time code → the stand-in app activates it → the user is active; wrong and used codes refused', async () => {
    const orgId = 'dk-cvr-24681357';
    const anna = { name: 'Anna Andersen', email: 'anna@app-test.dk' };
    const [link] = await appActivation(stack, orgId, '24681357', [anna]);
    const session = (await loginAs(stack.baseUrl, anna)).cookie;
    assert.equal((await getJson(link!, session)).body.context.loginMethod, 'app');

    // A separate means is activated, not approved or rejected.
    const approve = await postJson(link!, { decision: 'approve' }, session);
    assert.equal(approve.status, 422);
    assert.equal(approve.body.error.code, 'invalid_step_input');
    assert.deepEqual(approve.body.error.details, { rule: 'separate-means-is-activated' });
    const reject = await postJson(link!, { decision: 'reject' }, session);
    assert.equal(reject.status, 422);
    assert.equal(reject.body.error.code, 'invalid_step_input');
    assert.deepEqual(reject.body.error.details, { rule: 'separate-means-is-activated' });

    const chosen = await postJson(link!, { decision: 'activate' }, session);
    assert.equal(chosen.status, 200);
    const { activationCode, activationCodeExpiresAt, means, activationAppUrl, next } = chosen.body;
    assert.match(activationCode, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    assert.equal(means, 'app');
    assert.equal(activationAppUrl, `${stack.baseUrl}/dev/mitid-app`);
    assert.ok(Date.parse(activationCodeExpiresAt) > Date.now());
    assert.equal(next.step, 'activate-means');
    // The user waits for the means; the link used to choose is done.
    assert.deepEqual(
      (await usersOf(stack, orgId)).map((u) => u.status),
      ['activation_pending'],
    );
    assert.equal((await postJson(link!, { decision: 'activate' }, session)).status, 409);
    // The same person is mailed the page where a new code is to be had, should this one be lost.
    assert.equal(actionLink(await waitForMail(stack, anna.email, (mail) => meansTitle.test(mail.subject))), next.url);

    // Wrong codes: unknown (case and hyphen do not matter for the right one), malformed.
    assert.equal((await activateInApp(stack, 'ABCD-EFGH')).status, 404);
    assert.equal((await activateInApp(stack, '')).status, 422);
    const done = await activateInApp(stack, activationCode.toLowerCase().replace('-', ' '));
    assert.equal(done.status, 200);
    assert.deepEqual(done.body, { ok: true, activated: true, means: 'app' });
    const used = await activateInApp(stack, activationCode);
    assert.equal(used.status, 409);
    assert.equal(used.body.error.code, 'activation_code_used');
    assert.deepEqual(
      (await usersOf(stack, orgId)).map((u) => u.status),
      ['active'],
    );

    // The code was on the person's screen only: not in the DB in clear, the logs, nor the history (decoded).
    const rows = await stack.db.select().from(tables(stack.db).meansActivations);
    assert.equal(rows.length, 1);
    assert.ok(rows[0]!.usedAt);
    const clear = [activationCode, activationCode.replace('-', '')];
    for (const file of readdirSync(stack.config.dataDir).filter((name) => name.startsWith('app.sqlite'))) {
      const bytes = readFileSync(join(stack.config.dataDir, file)).toString('latin1');
      for (const secret of clear) assert.ok(!bytes.includes(secret), `${secret} found in ${file}`);
    }
    assert.ok(logLines.length > 0, 'logs were captured');
    for (const secret of clear) assert.ok(!logLines.join('').includes(secret), `${secret} found in the logs`);
    const codec = new EncryptionCodec(parseEncryptionKeys(stack.config.env.PAYLOAD_ENCRYPTION_KEYS));
    const stored = await stack.client.workflow.getHandle(rows[0]!.workflowId).fetchHistory();
    const history = storedHistoryText(stored) + (await decodedPayloadsText(stored, codec));
    assert.ok(history.includes(rows[0]!.activationId), 'the confirmation is in the history, by its activation id');
    for (const secret of clear) assert.ok(!history.includes(secret), `${secret} found in the history`);
  });

  it('a new code from the step page replaces the old one; only the person who chose may get one; a re-send voids link and code', async () => {
    const orgId = 'dk-cvr-13572468';
    const bo = { name: 'Bo Berg', email: 'bo@app-test.dk' };
    const [link] = await appActivation(stack, orgId, '13572468', [bo]);
    const session = (await loginAs(stack.baseUrl, bo)).cookie;
    const chosen = await postJson(link!, { decision: 'activate' }, session);
    const meansLink = chosen.body.next.url as string;
    assert.equal((await getJson(meansLink, session)).body.step, 'activate-means');

    // A namesake (same name, another MitID) is refused a code.
    const namesake = (await loginAs(stack.baseUrl, { name: bo.name, email: 'another.bo@app-test.dk' })).cookie;
    assert.equal((await postJson(meansLink, {}, namesake)).status, 403);
    assert.equal((await postJson(meansLink, {}, undefined)).status, 401);

    const renewed = await postJson(meansLink, {}, session);
    assert.equal(renewed.status, 200);
    assert.notEqual(renewed.body.activationCode, chosen.body.activationCode);
    assert.equal((await activateInApp(stack, chosen.body.activationCode)).status, 404);

    // The administrator re-sends the activation: a new link to the means step; the old link and its code are void.
    const [user] = await usersOf(stack, orgId);
    const resent = await stack.api('POST', `/api/organizations/${orgId}/users/${user!.userId}/resend-activation`, {});
    assert.deepEqual([resent.status, resent.body.step], [202, 'activate-means']);
    assert.equal((await postJson(meansLink, {}, session)).status, 410);
    assert.equal((await activateInApp(stack, renewed.body.activationCode)).status, 410);
    const newLink = actionLink(
      await waitForMail(stack, bo.email, (mail) => meansTitle.test(mail.subject) && !mail.links.includes(meansLink)),
    );
    const fresh = await postJson(newLink, {}, session);
    assert.equal(fresh.status, 200);
    assert.equal((await activateInApp(stack, fresh.body.activationCode)).status, 200);
    assert.deepEqual(
      (await usersOf(stack, orgId)).map((u) => u.status),
      ['active'],
    );
    // The step is done: no more codes.
    assert.equal((await postJson(newLink, {}, session)).status, 409);
  });

  it('shows the stand-in app in the language asked for, and refuses a language it does not speak as the API refuses a query', async () => {
    const german = await fetch(`${stack.baseUrl}/dev/mitid-app?lang=de`);
    assert.match(await german.text(), /<html lang="de">[\s\S]*<label for="code">Aktivierungscode<\/label>/);
    const unknown = await fetch(`${stack.baseUrl}/dev/mitid-app?lang=xx`);
    assert.equal(unknown.status, 422);
    assert.match(unknown.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'invalid_request');
  });

  it('limits guessing: wrong codes from one address beyond the limit are refused with 429, even the right one', async () => {
    const orgId = 'dk-cvr-97531864';
    const carl = { name: 'Carl Clausen', email: 'carl@app-test.dk' };
    const [link] = await appActivation(stack, orgId, '97531864', [carl]);
    const chosen = await postJson(link!, { decision: 'activate' }, (await loginAs(stack.baseUrl, carl)).cookie);
    // Earlier tests in this file spent a few of this address's wrong codes already.
    let refused;
    for (let i = 0; i <= activationCodeFailures.limit; i++) {
      refused = await activateInApp(stack, `ZZZZ-ZZZ${'ABCDEFGHJKMN'[i]}`);
      if (refused.status === 429) break;
      assert.equal(refused.status, 404);
    }
    assert.equal(refused!.status, 429);
    assert.equal((await activateInApp(stack, chosen.body.activationCode)).status, 429);
    assert.deepEqual(
      (await usersOf(stack, orgId)).map((u) => u.status),
      ['activation_pending'],
    );
  });
});

describe('separate means activation: code expiry, reminder and lapse end to end (short durations)', () => {
  const stack = withStack({
    env: {
      DURATIONS_JSON: JSON.stringify({
        activation: { means: { remindAfter: '3 seconds', expireAfter: '6 seconds' } },
        activationCode: { validFor: '1 second' },
      }),
    },
  });

  it('an expired code is refused; the user is reminded to finish in the app, then lapses as expired', async () => {
    const orgId = 'dk-cvr-86427531';
    const dorte = { name: 'Dorte Dam', email: 'dorte@app-test.dk' };
    const [link] = await appActivation(stack, orgId, '86427531', [dorte]);
    const chosen = await postJson(link!, { decision: 'activate' }, (await loginAs(stack.baseUrl, dorte)).cookie);
    const expiresAt = Date.parse(chosen.body.activationCodeExpiresAt);
    // The code's own deadline (a second), well inside the wait's six.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 50));
    const late = await activateInApp(stack, chosen.body.activationCode);
    assert.equal(late.status, 410);
    assert.equal(late.body.error.code, 'activation_code_expired');

    const reminder = await waitForMail(
      stack,
      dorte.email,
      (mail) => /Påmindelse/.test(mail.subject) && meansTitle.test(mail.subject),
    );
    assert.match(reminder.text, /aktiveringskode/);
    assert.equal(actionLink(reminder), chosen.body.next.url);
    await eventually(
      'the means activation to lapse',
      async () => (await usersOf(stack, orgId))[0]!.status === 'expired',
    );
  });
});
