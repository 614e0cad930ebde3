// Action links at their edges: an expired link is 410, a duplicate POST is 409, a re-sent step's
// old link is 410 and its new one works; in a browser each of these is a page in the link's language.
import assert from 'node:assert/strict';
import { resendStepUpdate } from '../../workflows/process.messages';
import { loginAs } from '../support/login';
import { actionLink, getJson, postJson, waitForMail } from '../support/mailbox';
import { startStack, withStack } from '../support/stack';
import { eventually } from '../support/wait';

/** A link opened in a browser: status, the page's language and its heading. */
async function openPage(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; language?: string; heading?: string; text: string }> {
  const response = await fetch(url, { headers: { accept: 'text/html', ...headers } });
  const text = await response.text();
  return {
    status: response.status,
    language: text.match(/<html lang="([a-z]+)">/)?.[1],
    heading: text.match(/<h1[^>]*>([^<]*)<\/h1>/)?.[1],
    text,
  };
}

describe('action links', () => {
  // A short life for the preparation step, so a link can expire within the test.
  const stack = withStack({
    env: {
      DURATIONS_JSON: JSON.stringify({ connection: { prepare: { remindAfter: '1 day', expireAfter: '3 seconds' } } }),
    },
  });

  it('answers 410 once the link has expired', async () => {
    const email = 'anna@example.dk';
    const started = await stack.api('POST', '/api/connections', {
      organization: { name: 'Udløb Test', kind: 'association', country: 'DK' },
      initiator: { role: 'representative', name: 'Anna Jensen', email },
    });
    const link = actionLink(await waitForMail(stack, email));
    const session = (await loginAs(stack.baseUrl, email)).cookie;
    // The link lives 3 seconds, which a busy machine may spend before the first look: the workflow itself decides expiry; wait for its result rather than guessing a time.
    assert.equal((await stack.client.workflow.getHandle(started.body.workflowId).result()).stage, 'expired');
    assert.equal((await getJson(link)).status, 410);
    // The Danish link's page says so in Danish, whoever's browser opens it.
    assert.deepEqual(
      await openPage(link, { 'accept-language': 'en' }).then(({ status, language, heading }) => ({
        status,
        language,
        heading,
      })),
      { status: 410, language: 'da', heading: 'Linket er udløbet' },
    );
    const late = await postJson(link, { administrators: [{ name: 'Anna Jensen', email }] }, session);
    assert.equal(late.status, 410);
    assert.equal(late.body.error.code, 'link_expired');
    await waitForMail(
      stack,
      email,
      (mail) => mail.text.includes('Udløb Test') && !mail.links.some((url) => url.includes('/l/')),
    );
  });

  it('rate-limits POSTs per link', async () => {
    const email = 'maria@example.de';
    await stack.api('POST', '/api/connections', {
      organization: { name: 'Rate Limit Test', kind: 'other', country: 'DK' },
      initiator: { role: 'representative', name: 'Maria Schmidt', email },
    });
    const link = actionLink(await waitForMail(stack, email));
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await postJson(link, {})).status);
    assert.deepEqual(statuses, [...Array(10).fill(401), 429]);
    // Refused before the link is looked at, and still in the link's language.
    const page = await fetch(link, { method: 'POST', headers: { accept: 'text/html', 'accept-language': 'en' } });
    assert.equal(page.status, 429);
    assert.match(await page.text(), /<html lang="da">[\s\S]*<h1 class="error">For mange forsøg<\/h1>/);
  });

  it('refuses a second POST of the same link with 409, and a superseded link with 410', async () => {
    const email = 'karen.holm@nordisk-test.dk';
    const longer = await startStack({ temporal: stack.temporal });
    try {
      const started = await longer.api('POST', '/api/connections', {
        organization: { name: 'Nordisk Testfabrik ApS', kind: 'company', country: 'DK', cvr: '12345678' },
        initiator: { role: 'representative', name: 'Karen Holm', email },
      });
      const firstLink = actionLink(await waitForMail(longer, email));
      await longer.client.workflow.getHandle(started.body.workflowId).executeUpdate(resendStepUpdate, {
        args: [{ step: 'prepare-connection', actor: { kind: 'operator', keyId: 'operator:test' } }],
      });
      const mails = await eventually('the re-sent link', async () => {
        const all = await longer.mail(email);
        return all.length >= 2 && all;
      });
      const newLink = actionLink(mails[0]!);
      assert.notEqual(newLink, firstLink);
      const session = (await loginAs(longer.baseUrl, email)).cookie;
      const body = { administrators: [{ name: 'Karen Holm', email }] };
      assert.equal((await postJson(firstLink, body, session)).status, 410);
      // The same answers as pages, in the links' Danish; an unreadable link in the browser's language.
      const superseded = await openPage(firstLink, { cookie: session });
      assert.deepEqual(
        [superseded.status, superseded.language, superseded.heading],
        [410, 'da', 'Linket er erstattet af et nyere'],
      );
      const answers = await Promise.all([postJson(newLink, body, session), postJson(newLink, body, session)]);
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409]);
      // The answer says how long its link took to take it (claimed and signalled), within the whole request.
      const timing = /^claim;dur=(\d+\.\d), total;dur=(\d+\.\d)$/.exec(
        answers.find((a) => a.status === 200)!.headers.get('server-timing') ?? '',
      );
      assert.ok(timing && Number(timing[1]) <= Number(timing[2]), `Server-Timing: ${timing?.[0]}`);
      assert.equal((await postJson(newLink, body, session)).status, 409);
      const done = await openPage(newLink, { cookie: session });
      assert.deepEqual([done.status, done.language, done.heading], [409, 'da', 'Trinnet er allerede afsluttet']);
      assert.doesNotMatch(done.text, /This step|already been completed/);
      const forged = await openPage(`${newLink.slice(0, -4)}AAAA`, { 'accept-language': 'de-DE,de;q=0.9' });
      assert.deepEqual([forged.status, forged.language, forged.heading], [404, 'de', 'Der Link ist nicht gültig']);
    } finally {
      await longer.stop();
    }
  });
});
