// A case worker in a real browser: headless Debian Chromium signs in to the console, finds the registrant's
// PDF under "Waiting for me", sees it in the review screen's frame, approves it, and the connection moves on.
// (Both pages' accessibility: test/e2e/accessibility.test.ts, through test/support/page-tour.ts.)
import assert from 'node:assert/strict';
import type { Browser, Response } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../support/browser';
import { waitForMail } from '../support/mailbox';
import { connectionInReview, type CaseInReview } from '../support/review-fixtures';
import { withStack } from '../support/stack';
import { eventually } from '../support/wait';

describeInBrowser('a case worker in a browser', function () {
  const stack = withStack();
  let browser: Browser;
  let review: CaseInReview;

  before(async function () {
    browser = await launchBrowser();
    review = await connectionInReview(stack, 'browserreview');
  });
  after(async () => {
    await browser?.close();
  });

  it('signs in, sees the registrant’s PDF in the page, approves it, and the connection moves on', async () => {
    const page = await browser.newPage({ locale: 'da-DK' });
    // Without a session the console answers with its sign-in form in place, which comes back here.
    const signInForm = await page.goto(`${stack.baseUrl}/console`);
    assert.equal(signInForm?.status(), 401);
    await page.getByLabel('Operatørnøgle').fill(stack.config.env.OPERATOR_API_KEY);
    const console = page.waitForResponse(
      (response: Response) => new URL(response.url()).pathname === '/console' && response.request().method() === 'GET',
    );
    await page.getByRole('button', { name: 'Log ind' }).click();
    assert.equal((await console).status(), 200);

    // Visibility lists the case shortly after its stage changed.
    const reviewLink = page.getByRole('link', { name: `Gennemgå: Lønseddel, ${review.organizationName}` });
    await eventually('the case listed for review', async () => {
      if ((await reviewLink.count()) > 0) return true;
      await page.reload();
      return false;
    });
    assert.equal(await reviewLink.count(), 1);

    const documentPath = `/api/connections/${review.connectionId}/documents/${review.documentId}`;
    const framed = page.waitForResponse((response: Response) => new URL(response.url()).pathname === documentPath);
    await reviewLink.click();
    const document = await framed;
    assert.equal(document.status(), 200);
    const headers = await document.allHeaders();
    assert.equal(headers['content-type'], 'application/pdf');
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.match(headers['content-disposition'] ?? '', /^inline;/);
    assert.match(headers['content-security-policy'] ?? '', /sandbox/);
    assert.equal(new URL(document.url()).searchParams.get('disposition'), 'inline');
    assert.equal(document.frame().parentFrame(), page.mainFrame(), 'loaded in a frame of the review page');
    assert.ok(
      !page.frames().some((frame) => frame.url().startsWith('chrome-error:')),
      'the browser did not refuse to show it',
    );
    assert.match(await page.locator('h1').innerText(), new RegExp(`Gennemgå dokument: ${review.organizationName}`));

    await page.getByLabel('Godkend dokumentationen').check();
    await page.getByRole('button', { name: 'Send afgørelsen' }).click();
    await page.waitForURL((url) => url.pathname === '/console' && url.searchParams.get('done') === 'approved');
    assert.match(await page.getByRole('status').innerText(), /Dokumentationen er godkendt/);

    assert.deepEqual(await stack.client.workflow.getHandle(review.workflowId).result(), { stage: 'connected' });
    assert.equal((await stack.api('GET', `/api/connections/${review.connectionId}`)).body.stage, 'connected');
    await waitForMail(stack, review.representative.email, (mail) => /Kvittering/.test(mail.subject));
  });
});
