// An organisation's administrator in a real browser (headless Debian Chromium): logs in with the dev
// provider's own page, uploads the NemID export in the users page's form, selects three users, activates
// them with private MitID and watches the progress page; the three complete their activation through their
// mailed links, and the page's script moves the bar to them without a reload.
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { stepTitles } from '../../domain/steps';
import { describeInBrowser, launchBrowser } from '../support/browser';
import { loginAs, subjectOfSession } from '../support/login';
import { actionLink, postJson, waitForMail } from '../support/mailbox';
import type { PageDocument } from '../support/page-dom';
import { withStack } from '../support/stack';
import { seedActiveOrganization } from '../support/user-fixtures';

// Inside page.evaluate / waitForFunction the code runs in the page; this project's TypeScript has no DOM library.
declare const document: PageDocument;

const activationTitle = new RegExp(stepTitles['activate-user'].da);
const administrator = { name: 'Ida Iversen', email: 'ida.iversen@browser-admin.dk' };
const users = [
  { name: 'Jens Jensen', email: 'jens@browser-admin.dk' },
  { name: 'Kirsten Kjær', email: 'kirsten@browser-admin.dk' },
  { name: 'Lone Lund', email: 'lone@browser-admin.dk' },
  { name: 'Mads Madsen', email: 'mads@browser-admin.dk' },
];

describeInBrowser('an administrator in a browser', function () {
  const stack = withStack();
  let browser: Browser;
  const orgId = 'dk-cvr-24681357';

  before(async function () {
    browser = await launchBrowser();
    // The administrator's pseudonymous subject is what their login yields: log in once to learn it.
    await loginAs(stack.baseUrl, administrator);
    const subject = await subjectOfSession(stack.db, administrator.name);
    await seedActiveOrganization(stack.db, orgId, { cvr: '24681357', adminSubject: subject });
  });
  after(async () => {
    await browser?.close();
  });

  async function logIn(page: Page): Promise<void> {
    await page.goto(`${stack.baseUrl}/admin`);
    // The dev provider's own login page: type the e-mail and continue.
    await page.locator('input[name=email]').fill(administrator.email);
    await page.locator('form button, form input[type=submit]').first().click();
    await page.waitForURL((url) => url.pathname === '/admin');
  }

  it('imports users, activates three and watches the progress bar reach them', async () => {
    const page = await browser.newPage({ locale: 'da-DK' });
    try {
      await logIn(page);
      await page.getByRole('link', { name: `Organisation ${orgId}` }).click();
      await page.getByRole('link', { name: 'Importerede brugere' }).click();
      assert.match(await page.locator('h1').innerText(), /Importerede brugere/);

      const csv = [
        'name,email,nemidUserId,importedAt',
        ...users.map((user, i) => `${user.name},${user.email},RID:${3001 + i},2023-02-01`),
      ].join('\n');
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: 'nemid-export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: 'Importér' }).click();
      await page.waitForSelector('.notice');
      assert.match(await page.locator('.notice').innerText(), /4 brugere er importeret; 0 rækker blev afvist/);

      for (const user of users.slice(0, 3)) await page.getByRole('checkbox', { name: `Vælg ${user.name}` }).check();
      await page.getByLabel('Aktivér med').selectOption({ label: 'Privat MitID' });
      await page.getByRole('button', { name: 'Aktivér', exact: true }).click();
      await page.waitForURL((url) => url.pathname.startsWith(`/admin/organizations/${orgId}/activations/`));
      assert.match(await page.locator('.notice').innerText(), /Aktiveringen af 3 brugere er sat i gang/);
      const bar = page.locator('progress#progress-bar');
      assert.equal(await bar.getAttribute('max'), '3');

      // The three users answer their mailed links; the page is not reloaded, its script follows them.
      for (const user of users.slice(0, 3)) {
        const link = actionLink(await waitForMail(stack, user.email, (mail) => activationTitle.test(mail.subject)));
        const approved = await postJson(link, { decision: 'approve' }, (await loginAs(stack.baseUrl, user)).cookie);
        assert.equal(approved.status, 200);
      }
      await page.waitForFunction(() => document.getElementById('progress-bar')!.value === 3, undefined, {
        timeout: 30_000,
      });
      assert.equal(await page.locator('[data-count="active"]').first().innerText(), '3');
      assert.equal(await page.locator('dd[data-count="emailed"]').innerText(), '3');
      assert.ok(await page.locator('[data-when="done"]').isVisible(), 'the page says every mail has been sent');
      assert.ok(!(await page.locator('[data-when="sending"]').isVisible()));

      // The fourth was not selected: still imported.
      await page.getByRole('link', { name: 'Tilbage til de importerede brugere' }).click();
      const rows = await page.locator('tbody tr').allInnerTexts();
      assert.deepEqual(
        users.map((user) => rows.find((row) => row.includes(user.name))?.includes('Aktiv') ?? false),
        [true, true, true, false],
      );
    } finally {
      await page.close();
    }
  });
});
