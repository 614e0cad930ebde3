// The console's cases on the real stack: an operator signed in with the console cookie finds cases in the
// list (filters, pages), opens one, sees its pending steps with their deadlines, re-sends a step and
// cancels a case; wrong input comes back with the error beside the field. Then the same in a browser.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { formatDate } from '../../domain/glossary';
import { auditRows } from '../support/audit';
import { describeInBrowser, launchBrowser } from '../support/browser';
import { actionLink, waitForMail } from '../support/mailbox';
import { withStack } from '../support/stack';
import { connectedWithLapsingSetup } from '../support/user-fixtures';
import { eventually } from '../support/wait';

const karen = { name: 'Karen Holm', email: 'karen.holm@nordisk-test.dk' };
const nordisk = { orgId: 'dk-cvr-12345678', workflowId: 'connection-dk-cvr-12345678', name: 'Nordisk Testfabrik ApS' };
const sydhavn = { orgId: 'dk-cvr-87654321', workflowId: 'connection-dk-cvr-87654321', name: 'Sydhavn Energi A/S' };
/** More cases than a page holds (25). */
const pagingCases = 27;

describe('the console’s cases (real dev server)', () => {
  const stack = withStack({ rejectRecipients: /@refused\.example$/ });
  let cookie: string;

  /** A console page as a Danish operator's browser gets it. */
  const page = async (path: string) => {
    const response = await fetch(`${stack.baseUrl}${path}`, {
      headers: { cookie, 'accept-language': 'da' },
      redirect: 'manual',
    });
    return { status: response.status, html: await response.text() };
  };
  /** A console form, posted as the browser posts it (same origin). */
  const post = async (path: string, fields: Record<string, string>) => {
    const response = await fetch(`${stack.baseUrl}${path}`, {
      method: 'POST',
      headers: { cookie, 'accept-language': 'da', origin: stack.baseUrl },
      body: new URLSearchParams(fields),
      redirect: 'manual',
    });
    return { status: response.status, location: response.headers.get('location'), html: await response.text() };
  };
  /** The organisation names the list shows (its links' texts). */
  const listed = (html: string) =>
    [...html.matchAll(/<td><a href="\/console\/cases\/[^"]+">([^<]+)<\/a><\/td>/g)].map((match) => match[1]!);
  const start = (name: string, cvr: string, initiator = karen) =>
    stack.api('POST', '/api/connections', {
      organization: { name, kind: 'company', country: 'DK', cvr },
      initiator: { role: 'representative', ...initiator },
    });

  before(async () => {
    const signedIn = await fetch(`${stack.baseUrl}/console/login`, {
      method: 'POST',
      body: new URLSearchParams({ key: stack.config.env.OPERATOR_API_KEY }),
      redirect: 'manual',
    });
    assert.equal(signedIn.status, 303);
    cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    for (let n = 0; n < pagingCases; n++)
      assert.equal(
        (await start(`Sidetest ${n} ApS`, String(30000000 + n), { name: 'Sidse Lund', email: `sidse${n}@sidetest.dk` }))
          .status,
        201,
      );
    // The newest, so on the list's first page.
    assert.equal((await start(nordisk.name, '12345678')).status, 201);
    assert.equal(
      (await start(sydhavn.name, '87654321', { name: 'Jonas Berg', email: 'jonas.berg@sydhavn-test.dk' })).status,
      201,
    );
    // Visibility indexes each start shortly after it; the list reads visibility.
    await eventually('visibility to list every case', async () => {
      const all = await stack.api('GET', '/api/cases?processType=connection&limit=1000');
      return all.body.cases.length === pagingCases + 2 ? true : undefined;
    });
  });

  it('lists a started connection with its process and stage in words, and each filter narrows the list', async () => {
    const all = await page('/console/cases');
    assert.equal(all.status, 200);
    assert.ok(listed(all.html).includes(nordisk.name));
    const row = new RegExp(
      `${nordisk.name}</a></td><td>Tilslutning til MitID Erhverv</td><td>Afventer forberedelse</td>`,
    );
    assert.match(all.html, row);
    assert.match(all.html, /<label for="text">Ord i organisationens navn<\/label>/);

    const narrowed = async (query: string) => listed((await page(`/console/cases?${query}`)).html);
    assert.ok((await narrowed('processType=connection')).includes(nordisk.name));
    assert.deepEqual(await narrowed('processType=setup'), []);
    assert.ok((await narrowed('stage=awaiting-preparation')).includes(nordisk.name));
    assert.deepEqual(await narrowed('stage=connected'), []);
    assert.deepEqual(await narrowed(`organizationId=${sydhavn.orgId}`), [sydhavn.name]);
    assert.deepEqual(await narrowed('text=testfabrik'), [nordisk.name], 'a whole word of the name, in any case');
    assert.deepEqual(await narrowed('text=Sydhavn+Energi'), [sydhavn.name]);
    assert.deepEqual(await narrowed('text=Sydhavn+Testfabrik'), [], 'every word must be in the name');
    assert.ok(
      (await narrowed('country=dk&text=Testfabrik&processType=&stage=')).includes(nordisk.name),
      'empty fields filter nothing; the country in any case',
    );
    assert.deepEqual(await narrowed('country=DE'), []);
  });

  it('pages through more cases than a page holds with the next page’s link', async () => {
    const first = await page('/console/cases?text=Sidetest');
    const firstNames = listed(first.html);
    assert.equal(firstNames.length, 25);
    const next = /<a href="([^"]+)" rel="next">Næste side<\/a>/.exec(first.html)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(next, 'the first page links the next');
    assert.match(next, /text=Sidetest/, 'the next page keeps the filter');
    const second = await page(next);
    const secondNames = listed(second.html);
    assert.equal(secondNames.length, pagingCases - 25);
    assert.doesNotMatch(second.html, /rel="next"/);
    assert.match(second.html, /Første side/);
    assert.equal(new Set([...firstNames, ...secondNames]).size, pagingCases, 'no case twice, none left out');

    const token = new URL(next, stack.baseUrl).searchParams.get('page')!;
    const edited = await page(
      `/console/cases?text=Sidetest&page=${token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`,
    );
    assert.equal(edited.status, 422, 'a token we did not give never reaches the server');
    assert.match(edited.html, /<p class="field-error" id="page-error">Siden findes ikke længere; begynd forfra\.<\/p>/);
  });

  it('shows a case’s people, pending step with its deadline, and timeline', async () => {
    await waitForMail(stack, karen.email);
    const pending = (await stack.api('GET', `/api/cases/${nordisk.workflowId}`)).body.pendingSteps[0];
    const shown = await page(`/console/cases/${nordisk.workflowId}`);
    assert.equal(shown.status, 200);
    assert.match(shown.html, /<h1>Nordisk Testfabrik ApS: Tilslutning til MitID Erhverv<\/h1>/);
    assert.match(shown.html, /Afventer forberedelse/);
    assert.match(shown.html, /Karen Holm \(Ledelsesrepræsentant\)/);
    assert.match(
      shown.html,
      /<td>Forbered tilslutningen til MitID Erhverv<\/td><td>Karen Holm, karen\.holm@nordisk-test\.dk<\/td>/,
    );
    assert.ok(
      shown.html.includes(`<td>${formatDate(pending.expiresAt, 'da')}</td>`),
      'the deadline, as a Dane writes it',
    );
    assert.match(shown.html, /<td>Link sendt<\/td>/, 'the timeline names the event in words');
    assert.equal((await page('/console/cases/connection-dk-cvr-00000000')).status, 404);
  });

  it('says in words that a mail was refused', async () => {
    const started = await start('Afvist Post ApS', '11223344', { name: 'Bo Bang', email: 'bo@refused.example' });
    await eventually('the refused mail in the timeline', async () => {
      const { html } = await page(`/console/cases/${started.body.workflowId}`);
      return /<td>E-mail kunne ikke leveres<\/td><td>Forbered tilslutningen til MitID Erhverv<\/td><td><\/td><td>E-mailen kunne ikke leveres \(SMTP 550\)<\/td>/.test(
        html,
      )
        ? true
        : undefined;
    });
  });

  it('re-sends a pending step from the console: a new mail, the old link gone, the action audited', async () => {
    const oldLink = actionLink(await waitForMail(stack, karen.email));
    const sent = await post(`/console/cases/${nordisk.workflowId}/resend`, {
      step: 'prepare-connection',
      key: '',
      'recipient.name': '',
      'recipient.email': '',
    });
    assert.equal(sent.status, 303);
    assert.equal(sent.location, `/console/cases/${nordisk.workflowId}?done=resent`);
    const newMail = await waitForMail(stack, karen.email, (mail) => actionLink(mail) !== oldLink);
    assert.notEqual(actionLink(newMail), oldLink);
    assert.equal((await fetch(oldLink, { headers: { accept: 'application/json' } })).status, 410);
    assert.match((await page(sent.location!)).html, /<p class="notice" role="status">Linket er sendt igen\./);
    const audited = await auditRows(stack, {
      workflowId: nordisk.workflowId,
      actionPrefix: 'operator-call:POST /console/',
    });
    assert.deepEqual(
      audited.map((row) => [row.action, row.outcome]),
      [['operator-call:POST /console/cases/:workflowId/resend', '303']],
    );
    assert.equal(audited[0]!.orgId, nordisk.orgId);
  });

  it('re-sends to a corrected recipient, who gets the link', async () => {
    const mette = { name: 'Mette Juul', email: 'mette.juul@nordisk-test.dk' };
    const sent = await post(`/console/cases/${nordisk.workflowId}/resend`, {
      step: 'prepare-connection',
      'recipient.name': mette.name,
      'recipient.email': mette.email,
    });
    assert.equal(sent.status, 303);
    assert.match(actionLink(await waitForMail(stack, mette.email)), /\/l\//);
    const shown = (await page(`/console/cases/${nordisk.workflowId}`)).html;
    assert.match(shown, /<td>Mette Juul, mette\.juul@nordisk-test\.dk<\/td>/);
    assert.match(
      shown,
      /<td>Link sendt igen<\/td><td>Forbered tilslutningen til MitID Erhverv<\/td><td>Operatør \([0-9a-f]{12}\)<\/td><td>Til en rettet modtager<\/td>/,
    );
  });

  it('answers invalid input with 422 and the error beside the field', async () => {
    const badEmail = await post(`/console/cases/${nordisk.workflowId}/resend`, {
      step: 'prepare-connection',
      'recipient.name': 'Mette Juul',
      'recipient.email': 'not-an-address',
    });
    assert.equal(badEmail.status, 422);
    assert.match(
      badEmail.html,
      /<input type="email" id="resend-0-email" name="recipient.email" autocomplete="off" aria-invalid="true" aria-describedby="resend-0-email-error"><p class="field-error" id="resend-0-email-error">Værdien har ikke det rigtige format\.<\/p>/,
    );

    const noReason = await post(`/console/cases/${sydhavn.workflowId}/cancel`, { reason: '  ' });
    assert.equal(noReason.status, 422);
    assert.match(noReason.html, /<p class="field-error" id="reason-error">Udfyld feltet\.<\/p>/);

    const badCountry = await page('/console/cases?country=Danmark');
    assert.equal(badCountry.status, 422);
    assert.match(
      badCountry.html,
      /id="country"[^>]*aria-invalid="true"[^>]*><p class="field-error" id="country-error">Værdien har ikke det rigtige format\.<\/p>/,
    );

    const notPending = await post(`/console/cases/${nordisk.workflowId}/resend`, { step: 'approve-connection' });
    assert.equal(notPending.status, 409);
    assert.match(notPending.html, /role="alert">Trinnet venter ikke længere\./);
  });

  it('cancels a case with a reason: it moves to cancelled', async () => {
    const cancelled = await post(`/console/cases/${sydhavn.workflowId}/cancel`, { reason: 'Oprettet ved en fejl' });
    assert.equal(cancelled.status, 303);
    assert.equal(cancelled.location, `/console/cases/${sydhavn.workflowId}?done=cancelled`);
    const shown = await page(cancelled.location!);
    assert.match(shown.html, /Sagen er annulleret\./);
    assert.match(shown.html, /<dd><strong>Annulleret<\/strong> \(Sagen er afsluttet\)<\/dd>/);
    assert.doesNotMatch(shown.html, /action="[^"]*\/cancel"/, 'an ended case offers no cancel');
    assert.equal((await stack.api('GET', `/api/cases/${sydhavn.workflowId}`)).body.stage, 'cancelled');
  });

  it('restarts an organisation’s lapsed setup from its case page', async () => {
    const orgId = 'dk-cvr-55667788';
    const ada = { name: 'Ada Admin', email: 'ada.admin@setup-lapse.dk' };
    const lapsedLink = await connectedWithLapsingSetup(stack, {
      orgId,
      name: 'Opsætning Bygværk ApS',
      administrator: ada,
      expireAfter: '2 seconds',
    });
    await eventually('the lapsed setup among the open cases', async () => {
      const open = await page('/console/cases?processType=setup&stage=expired');
      return listed(open.html).includes('Opsætning Bygværk ApS') ? true : undefined;
    });

    const shown = await page(`/console/cases/setup-${orgId}`);
    assert.match(shown.html, /<h2 id="setup">Opsætningen udløb<\/h2>/);
    assert.match(shown.html, /Ada Admin, ada\.admin@setup-lapse\.dk/);
    const restarted = await post(`/console/cases/setup-${orgId}/setup-resend`, {});
    assert.equal(restarted.status, 303);
    assert.equal(restarted.location, `/console/cases/setup-${orgId}?done=setup-resent`);
    await waitForMail(stack, ada.email, (mail) => actionLink(mail) !== lapsedLink);
    assert.equal((await stack.api('GET', `/api/organizations/${orgId}`)).body.status, 'connected');
    const after = await page(restarted.location!);
    assert.match(after.html, /Opsætningslinks er sendt igen\./);
    assert.doesNotMatch(after.html, /Opsætningen udløb/, 'the running setup offers the step’s own re-send instead');
    const lapsedOnly = await page('/console/cases?processType=setup&stage=expired');
    assert.ok(
      !listed(lapsedOnly.html).includes('Opsætning Bygværk ApS'),
      'the ended run is no open case once a restart runs',
    );
    const audited = await auditRows(stack, { orgId, action: 'setup-resend' });
    assert.deepEqual(
      audited.map((row) => row.outcome),
      ['restarted'],
    );
  });

  describeInBrowser('an operator in a browser', () => {
    let browser: Browser;
    before(async () => {
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
    });

    it('signs in, finds the case with the filter, opens it and re-sends its step', async () => {
      const before = actionLink(await waitForMail(stack, 'sidse3@sidetest.dk'));
      const tab = await browser.newPage({ locale: 'en-GB' });
      await tab.goto(`${stack.baseUrl}/console/login`);
      await tab.getByLabel('Operator key').fill(stack.config.env.OPERATOR_API_KEY);
      await tab.getByRole('button', { name: 'Sign in' }).click();
      await tab.goto(`${stack.baseUrl}/console/cases`);
      await tab.getByLabel('Words of the organisation’s name').fill('Sidetest 3');
      await tab.getByLabel('Process').selectOption('connection');
      await tab.getByRole('button', { name: 'Search' }).click();
      await tab.getByRole('link', { name: 'Sidetest 3 ApS' }).click();
      assert.equal(await tab.locator('h1').innerText(), 'Sidetest 3 ApS: MitID Erhverv connection');
      await tab.getByRole('button', { name: 'Send the link again' }).click();
      assert.equal(await tab.getByRole('status').innerText(), 'The link was sent again. The old link no longer works.');
      await waitForMail(stack, 'sidse3@sidetest.dk', (mail) => actionLink(mail) !== before);
    });
  });
});
