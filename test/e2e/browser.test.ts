// A person in a real browser: headless Debian Chromium opens a mailed link, logs in on the dev
// provider's own login page, fills in the step and presses the button; a user activates the MitID app
// with the code their page shows, in the dev stand-in app.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { tables } from '../../db/tables';
import { describeInBrowser, launchBrowser } from '../support/browser';
import { actionLink, waitForMail } from '../support/mailbox';
import { withStack } from '../support/stack';
import { postExport, seedActiveOrganization } from '../support/user-fixtures';

/** Raw values that must never reach a reader: keys of a step's context (camelCase) and enum values. */
const rawValue =
  /\b[a-z]+[A-Z]\w*\b|\bawaiting-|\bpayslip\b|\bemployment-contract\b|\bcode_display\b|\bforeign-company\b|\bsend-back\b/;
/** English words that give an untranslated Danish or German page away. */
const englishWords = [
  'Status:',
  'administrators',
  'organization',
  'expires',
  'Submit',
  'Upload documentation',
  'Approve',
  'Reject',
  'Read the terms',
  'kind',
  'role',
  'representative',
  'Payslip',
  'What happens next',
  'Log in',
];

/** What the person sees on the page, checked for raw keys, enum values and English words. */
async function assertReadable(page: Page, language: 'da' | 'de'): Promise<string> {
  // The body's innerText: what is rendered visibly, as a reader sees it.
  const text = await page.locator('body').innerText();
  assert.doesNotMatch(text, rawValue, `a raw key or value on the page: ${text}`);
  for (const word of englishWords)
    assert.doesNotMatch(text, new RegExp(`\\b${word}\\b`), `"${word}" on a ${language} page: ${text}`);
  assert.equal(await page.locator('html').getAttribute('lang'), language);
  return text;
}

/** From a step page: the login link, the dev provider's own page, back at `returnPath`. */
async function logInFromStepPage(page: Page, email: string, returnPath: string): Promise<void> {
  await page.getByRole('link', { name: /Log ind med dit private MitID/ }).click();
  await page.locator('input[name=email]').fill(email);
  await page.locator('form button, form input[type=submit]').first().click();
  await page.waitForURL((url) => url.pathname === returnPath);
}

describeInBrowser('a person in a browser', function () {
  const stack = withStack();
  let browser: Browser;

  before(async function () {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('opens the mailed link, logs in, prepares the connection and sees the result', async () => {
    const email = 'lars@example.dk';
    await stack.api('POST', '/api/connections', {
      organization: { name: 'Fjordhavn Logistik A/S', kind: 'company', country: 'DK', cvr: '87654321' },
      initiator: { role: 'representative', name: 'Lars Nielsen', email },
    });
    const link = actionLink(await waitForMail(stack, email));
    const page = await browser.newPage({ locale: 'da-DK' });

    await page.goto(link);
    assert.match(await page.locator('h1').innerText(), /Forbered tilslutningen/);
    await page.getByRole('link', { name: /Log ind med dit private MitID/ }).click();

    // The dev provider's own login page (no login_hint): type the e-mail and continue.
    await page.locator('input[name=email]').fill(email);
    await page.locator('form button, form input[type=submit]').first().click();
    await page.waitForURL((url) => url.pathname.startsWith('/l/'));
    assert.match(await page.locator('body').innerText(), /Logget ind som Lars Nielsen/);

    await page.locator('input[name="administrators[0][name]"]').fill('Lars Nielsen');
    await page.locator('input[name="administrators[0][email]"]').fill(email);
    await page.getByRole('button', { name: 'Bekræft' }).click();

    await page.waitForSelector('h1.ok');
    assert.match(await page.locator('h1').innerText(), /Tak/);
    assert.match(await page.locator('body').innerText(), /Afventer ledelsesrepræsentantens godkendelse/);
    // The next step is the same person's: the page offers it at once.
    assert.match(await assertReadable(page, 'da'), /Som ledelsesrepræsentant godkender du det selv/);
    await page.getByRole('link', { name: /Fortsæt til næste trin/ }).click();
    assert.match(await page.locator('h1').innerText(), /Godkend tilslutningen/);
    // The representative's approval: every fact in Danish words, the terms a link.
    const approval = await assertReadable(page, 'da');
    for (const words of [
      'Organisationstype',
      'Virksomhed med CVR-nummer',
      'Organisationsadministratorer',
      'Lars Nielsen <lars@example.dk>',
      'Linket udløber',
    ])
      assert.ok(approval.includes(words), `"${words}" missing: ${approval}`);
    assert.equal(await page.getByRole('link', { name: 'Læs vilkårene' }).count(), 1);
    // A form refused is the same page again, in Danish, the problem beside its field and the typed reason kept.
    await page.getByLabel('Begrundelse (valgfri)').fill('Alt ser fint ud');
    await page.getByRole('button', { name: 'Godkend' }).click();
    assert.match(await page.locator('h1').innerText(), /Godkend tilslutningen/);
    assert.match(await assertReadable(page, 'da'), /Du skal acceptere vilkårene for at godkende\./);
    assert.equal(await page.getByLabel('Begrundelse (valgfri)').inputValue(), 'Alt ser fint ud');
    await page.close();
  });

  it("lets a municipality's contact log in, correct its data on the German page and confirm them", async () => {
    const contact = { name: 'Anna Amtmann', email: 'anna.amtmann@greiling.de' };
    await stack.api('POST', '/api/muk/connections', {
      municipality: {
        name: 'Greiling',
        federalState: 'Bayern',
        support: { name: 'Rathaus Greiling', email: 'rathaus@greiling.de' },
        contact,
      },
      responsible: { name: 'Maria Muster', email: 'maria.muster@optigov.de' },
      portalLoginUrl: 'https://greiling.optigov.de/login',
    });
    const link = new URL(actionLink(await waitForMail(stack, contact.email)));
    const page = await browser.newPage({ locale: 'de-DE' });
    try {
      await page.goto(link.href);
      assert.match(await page.locator('h1').innerText(), /Angaben der Kommune für Mein Unternehmenskonto bestätigen/);
      await page.getByRole('link', { name: 'Anmelden' }).click();
      await page.locator('input[name=email]').fill(contact.email);
      await page.locator('input[name=name]').fill(contact.name);
      await page.locator('form button, form input[type=submit]').first().click();
      await page.waitForURL((url) => url.pathname === link.pathname);
      assert.match(await page.locator('body').innerText(), /Angemeldet als Anna Amtmann/);
      assert.equal(await page.getByLabel('Name der Kommune').inputValue(), 'Greiling');
      await assertReadable(page, 'de');

      await page.getByLabel('Name der Kommune').fill('Gemeinde Greiling');
      await page.getByLabel('Telefon (optional)').fill('+49 8041 2345');
      await page.getByRole('button', { name: 'Angaben bestätigen' }).click();
      await page.waitForSelector('h1.ok');
      const confirmed = await assertReadable(page, 'de');
      assert.match(confirmed, /Wartet auf das Absenden des Vorhabens/);
      assert.match(confirmed, /die Angaben sind bestätigt/);
      const connection = await stack.api('GET', '/api/muk/connections/greiling-by');
      assert.equal(connection.body.application.Vorhaben.Name, 'Gemeinde Greiling');
      assert.equal(connection.body.municipality.support.phone, '+49 8041 2345');
    } finally {
      await page.close();
    }
  });

  it('leads a form submitted after the session ended through login back to the form, which then goes through', async () => {
    const email = 'ole.jensen@example.dk';
    await stack.api('POST', '/api/connections', {
      organization: { name: 'Bager Jensen I/S', kind: 'company', country: 'DK', cvr: '11223344' },
      initiator: { role: 'representative', name: 'Ole Jensen', email },
    });
    const link = new URL(actionLink(await waitForMail(stack, email)));
    const page = await browser.newPage({ locale: 'da-DK' });
    const logIn = () => logInFromStepPage(page, email, link.pathname);
    const fillIn = async () => {
      await page.locator('input[name="administrators[0][name]"]').fill('Ole Jensen');
      await page.locator('input[name="administrators[0][email]"]').fill(email);
    };

    await page.goto(link.href);
    await logIn();
    await fillIn();
    // The session ends on the server while the form is open (its 30 minutes pass, or a logout elsewhere).
    await stack.db.delete(tables(stack.db).sessions);
    await page.getByRole('button', { name: 'Bekræft' }).click();

    assert.match(await page.locator('h1').innerText(), /Log ind igen/);
    assert.match(await page.locator('body').innerText(), /ikke gemt/);
    await logIn();
    assert.match(await page.locator('body').innerText(), /Logget ind som Ole Jensen/);
    await fillIn();
    await page.getByRole('button', { name: 'Bekræft' }).click();
    await page.waitForSelector('h1.ok');
    assert.match(await page.locator('body').innerText(), /Afventer ledelsesrepræsentantens godkendelse/);
    await page.close();
  });

  it('activates the MitID app: the step page shows a one-time code, the stand-in app takes it, the user is active', async () => {
    const orgId = 'dk-cvr-36925814';
    const email = 'mette.madsen@app-browser.dk';
    await seedActiveOrganization(stack.db, orgId, { cvr: '36925814' });
    await postExport(
      stack.baseUrl,
      stack.config.env.OPERATOR_API_KEY,
      orgId,
      `name,email,nemidUserId,importedAt\nMette Madsen,${email},RID:1,2023-01-01\n`,
    );
    await stack.api('POST', `/api/organizations/${orgId}/activations`, { all: true, loginMethod: 'app' });
    const link = new URL(actionLink(await waitForMail(stack, email)));
    const page = await browser.newPage({ locale: 'da-DK' });
    try {
      await page.goto(link.href);
      assert.match(await page.locator('h1').innerText(), /Aktivér din bruger/);
      await logInFromStepPage(page, email, link.pathname);
      // The app is activated, not approved or rejected.
      assert.equal(await page.getByRole('button', { name: 'Godkend' }).count(), 0);
      await page.getByRole('button', { name: 'Aktivér' }).click();
      await page.waitForSelector('h1.ok');
      const first = (await page.locator('[data-activation-code]').innerText()).trim();
      assert.match(first, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      // The code got lost: the next step's page hands out a new one, and the first stops working.
      await page.getByRole('link', { name: /Fortsæt til næste trin: Aktivér dit særskilte MitID/ }).click();
      assert.match(await page.locator('h1').innerText(), /Aktivér dit særskilte MitID/);
      await page.getByRole('button', { name: 'Vis en ny aktiveringskode' }).click();
      await page.waitForSelector('[data-activation-code]');
      const code = (await page.locator('[data-activation-code]').innerText()).trim();
      assert.notEqual(code, first);

      // The stand-in app opens beside the page, as a phone's app would be beside the browser.
      const [app] = await Promise.all([
        page.waitForEvent('popup'),
        page.getByRole('link', { name: /Åbn MitID appen/ }).click(),
      ]);
      await app.waitForLoadState();
      assert.match(await app.locator('h1').innerText(), /MitID app/);
      await app.getByLabel('Aktiveringskode').fill(code.toLowerCase());
      await app.getByRole('button', { name: 'Aktivér' }).click();
      await app.waitForSelector('p.ok');
      assert.match(await app.locator('body').innerText(), /Dit MitID er aktiveret/);
      // Once only: the same code again is refused on the page, and so is the replaced one.
      await app.goto(`${stack.baseUrl}/dev/mitid-app?lang=da`);
      await app.getByLabel('Aktiveringskode').fill(code);
      await app.getByRole('button', { name: 'Aktivér' }).click();
      await app.waitForSelector('p.error');
      assert.match(await app.locator('p.error').innerText(), /allerede brugt/);
      await app.getByLabel('Aktiveringskode').fill(first);
      await app.getByRole('button', { name: 'Aktivér' }).click();
      await app.waitForSelector('p.error');
      assert.match(await app.locator('p.error').innerText(), /ukendt/);
      const users = (await stack.api('GET', `/api/organizations/${orgId}/users`)).body.users;
      assert.deepEqual(
        users.map((u: { status: string }) => u.status),
        ['active'],
      );
    } finally {
      await page.close();
    }
  });

  it("refuses a form that another site on the same host posts with the person's session cookie", async () => {
    const email = 'karen.holm@nordisk-test.dk';
    const started = await stack.api('POST', '/api/connections', {
      organization: { name: 'Nordisk Testfabrik ApS', kind: 'company', country: 'DK', cvr: '12345678' },
      initiator: { role: 'representative', name: 'Karen Holm', email },
    });
    const link = new URL(actionLink(await waitForMail(stack, email)));
    // Another port of the same host is the same site: SameSite=Lax sends the cookie along with its POST.
    const forgery = `<!doctype html><form method="post" action="${link.href}"><input type="hidden" name="administrators[0][name]" value="Mallory Mole"><input type="hidden" name="administrators[0][email]" value="mallory@evil.example"><button>Win a prize</button></form>`;
    const otherSite: Server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(forgery),
    );
    await new Promise<void>((resolve) => otherSite.listen(0, '127.0.0.1', resolve));
    const page = await browser.newPage({ locale: 'da-DK' });
    try {
      await page.goto(link.href);
      await logInFromStepPage(page, email, link.pathname);
      await page.goto(`http://127.0.0.1:${(otherSite.address() as AddressInfo).port}/`);
      const [answer] = await Promise.all([
        page.waitForResponse((response) => response.url() === link.href),
        page.getByRole('button', { name: 'Win a prize' }).click(),
      ]);
      assert.equal(answer.status(), 403);
      assert.match(await answer.text(), /cross_origin_request/);
      const connection = await stack.api('GET', `/api/connections/${started.body.connectionId}`);
      assert.equal(connection.body.stage, 'awaiting-preparation');
    } finally {
      await page.close();
      await new Promise((resolve) => otherSite.close(resolve));
    }
  });
});
