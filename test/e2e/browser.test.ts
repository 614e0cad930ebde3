// A person in a real browser: headless Debian Chromium opens a mailed link, logs in on the dev
// provider's own login page, fills in the step and presses the button.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { sessions } from '../../db/schema';
import { actionLink, waitForMail } from '../support/mailbox';
import { startStack, type Stack } from '../support/stack';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const missingBrowser = existsSync(executablePath) ? undefined : `Chromium not found at ${executablePath}: apt-get install chromium (or set CHROMIUM_PATH)`;
// On a developer's machine a missing browser skips these tests with one line saying what to install; in CI it fails.
const ci = process.env.CI !== undefined && !['', '0', 'false'].includes(process.env.CI);

if (missingBrowser && !ci) it(`browser tests skipped: ${missingBrowser}`);
else describe('a person in a browser', function () {
  let stack: Stack;
  let browser: Browser;

  before(async function () {
    if (missingBrowser) throw new Error(missingBrowser);
    stack = await startStack();
    browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
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
    assert.match(await page.locator('body').innerText(), /awaiting-approval/);
    // The next step is the same person's: the page offers it at once.
    await page.getByRole('link', { name: /Fortsæt til næste trin/ }).click();
    assert.match(await page.locator('h1').innerText(), /Godkend tilslutningen/);
    await page.close();
  });

  it('leads a form submitted after the session ended through login back to the form, which then goes through', async () => {
    const email = 'ole.jensen@example.dk';
    await stack.api('POST', '/api/connections', {
      organization: { name: 'Bager Jensen I/S', kind: 'company', country: 'DK', cvr: '11223344' },
      initiator: { role: 'representative', name: 'Ole Jensen', email },
    });
    const link = new URL(actionLink(await waitForMail(stack, email)));
    const page = await browser.newPage({ locale: 'da-DK' });
    const logIn = async () => {
      await page.getByRole('link', { name: /Log ind med dit private MitID/ }).click();
      await page.locator('input[name=email]').fill(email);
      await page.locator('form button, form input[type=submit]').first().click();
      await page.waitForURL((url) => url.pathname === link.pathname);
    };
    const fillIn = async () => {
      await page.locator('input[name="administrators[0][name]"]').fill('Ole Jensen');
      await page.locator('input[name="administrators[0][email]"]').fill(email);
    };

    await page.goto(link.href);
    await logIn();
    await fillIn();
    // The session ends on the server while the form is open (its 30 minutes pass, or a logout elsewhere).
    stack.db.delete(sessions).run();
    await page.getByRole('button', { name: 'Bekræft' }).click();

    assert.match(await page.locator('h1').innerText(), /Log ind igen/);
    assert.match(await page.locator('body').innerText(), /ikke gemt/);
    await logIn();
    assert.match(await page.locator('body').innerText(), /Logget ind som Ole Jensen/);
    await fillIn();
    await page.getByRole('button', { name: 'Bekræft' }).click();
    await page.waitForSelector('h1.ok');
    assert.match(await page.locator('body').innerText(), /awaiting-approval/);
    await page.close();
  });
});
