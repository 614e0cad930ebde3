// The case worker's documents on the real stack, through HTTP: "Waiting for me" lists what awaits review
// with its working days, the document route answers the stored bytes, and the review form decides
// through the API's own review, so the connection moves on.
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { tables } from '../../db/tables';
import { auditRows } from '../support/audit';
import { waitForMail } from '../support/mailbox';
import { connectionInReview, consoleSession, payslipPdf, type CaseInReview } from '../support/review-fixtures';
import { withStack } from '../support/stack';
import { eventually } from '../support/wait';

const reviewPath = (review: CaseInReview, documentId = review.documentId) =>
  `/console/cases/${review.workflowId}/documents/${documentId}`;

/** The cells of the table row naming the organisation, as text. */
function rowOf(html: string, organizationName: string): string[] | undefined {
  const row = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((match) => match[1]!)
    .find((cells) => cells.includes(organizationName));
  return row ? [...row.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '')) : undefined;
}

describe('the case worker reviews documents in the console (real dev server)', () => {
  const stack = withStack();
  let cookie: string;
  let first: CaseInReview;
  let revised: CaseInReview;

  before(async () => {
    first = await connectionInReview(stack, 'reviewone');
    revised = await connectionInReview(stack, 'reviewtwo', { withdrawFirst: true });
    cookie = await consoleSession(stack);
  });

  const page = (path: string, init: RequestInit = {}) =>
    fetch(`${stack.baseUrl}${path}`, {
      redirect: 'manual',
      ...init,
      headers: { cookie, 'accept-language': 'da', ...init.headers },
    });

  /** "Waiting for me" once visibility lists both cases in review (it follows the process shortly). */
  function waitingForMe(until: (html: string) => boolean, path = '/console'): Promise<string> {
    return eventually(`"Waiting for me" at ${path} to show what was expected`, async () => {
      const response = await page(path);
      assert.equal(response.status, 200);
      const html = await response.text();
      return until(html) && html;
    });
  }

  it('"Waiting for me" lists the documents awaiting review, oldest first, with working days waited and left; never a withdrawn one', async () => {
    const html = await waitingForMe(
      (text) => text.includes(first.organizationName) && text.includes(revised.organizationName),
    );
    assert.match(html, /<h1>Venter på mig<\/h1>/);
    assert.ok(html.indexOf(first.organizationName) < html.indexOf(revised.organizationName), 'the older first');
    const [organization, type, uploaded, waited, left] = rowOf(html, first.organizationName)!;
    assert.equal(organization, first.organizationName);
    assert.equal(type, 'Lønseddel');
    assert.match(uploaded!, /^\d{1,2}\. \p{L}+ \d{4}$/u);
    assert.equal(waited, '0', 'reviewed the same day');
    assert.equal(left, '10');
    assert.ok(html.includes(`href="${reviewPath(first)}"`));
    assert.ok(html.includes(`href="${reviewPath(revised)}"`));
    assert.ok(!html.includes(revised.withdrawnId!), 'the withdrawn document is not listed');
    const { documents } = tables(stack.db);
    const rowStatus = async (documentId: string) =>
      (
        await stack.db.select({ status: documents.status }).from(documents).where(eq(documents.documentId, documentId))
      )[0]?.status;
    assert.deepEqual(
      [await rowStatus(revised.withdrawnId!), await rowStatus(revised.documentId)],
      ['withdrawn', 'pending'],
      'the rows say what the process says',
    );
    assert.equal((html.match(/<tr>/g) ?? []).length, 3, 'a header row and one row per pending document');

    const english = await (await page('/console', { headers: { 'accept-language': 'en' } })).text();
    assert.match(english, /Working days waited/);
    assert.match(english, /Payslip/);
  });

  it('answers the document to operators only: the bytes with their media type, nosniff, as a download or inline for the console’s frame', async () => {
    const path = `/api/connections/${first.connectionId}/documents/${first.documentId}`;
    const anonymous = await fetch(`${stack.baseUrl}${path}`);
    assert.equal(anonymous.status, 401);
    assert.equal(((await anonymous.json()) as { error: { code: string } }).error.code, 'unauthorized');

    const download = await fetch(`${stack.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${stack.config.env.OPERATOR_API_KEY}` },
    });
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'application/pdf');
    assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
    assert.match(
      download.headers.get('content-disposition') ?? '',
      /^attachment; filename="l.nseddel\.pdf"; filename\*=UTF-8''l%C3%B8nseddel\.pdf$/,
    );
    assert.equal(download.headers.get('cache-control'), 'private, no-store');
    assert.deepEqual(
      Buffer.from(await download.arrayBuffer()),
      Buffer.concat([payslipPdf, Buffer.from('% lønseddel.pdf\n')]),
    );

    const inline = await page(`${path}?disposition=inline`);
    assert.equal(inline.status, 200, 'the console session reaches it');
    assert.equal(inline.headers.get('content-type'), 'application/pdf');
    assert.equal(inline.headers.get('x-content-type-options'), 'nosniff');
    assert.match(inline.headers.get('content-disposition') ?? '', /^inline; filename=/);
    assert.match(inline.headers.get('content-security-policy') ?? '', /^sandbox; .*frame-ancestors 'self'/);
    assert.notEqual(inline.headers.get('x-frame-options'), 'DENY');

    assert.equal(
      (await stack.api('GET', `/api/connections/${first.connectionId}/documents/no-such-document`)).status,
      404,
    );
    assert.equal(
      (await stack.api('GET', `/api/connections/${first.connectionId}/documents/${revised.documentId}`)).status,
      404,
      'another case’s document',
    );
    assert.equal((await stack.api('GET', `${path}?disposition=embedded`)).status, 422);
  });

  it('shows the review screen: the document framed, its facts, and the form', async () => {
    const response = await page(reviewPath(first));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-security-policy') ?? '', /frame-src 'self'/);
    const html = await response.text();
    assert.ok(
      html.includes(
        `<iframe class="document" src="/api/connections/${first.connectionId}/documents/${first.documentId}?disposition=inline"`,
      ),
    );
    assert.ok(
      html.includes(
        `<a href="/api/connections/${first.connectionId}/documents/${first.documentId}" download>Hent dokumentet (PDF-dokument, `,
      ),
    );
    for (const fact of [
      first.organizationName,
      'Region',
      'Lønseddel',
      'PDF-dokument',
      'lønseddel.pdf',
      'Rikke Registrant (Registrant)',
      'Afventer gennemgang',
      'Dokumentationen gennemgås',
    ]) {
      assert.ok(html.includes(`<dd>${fact}</dd>`), `shows ${fact}`);
    }
    assert.match(html, /<input type="radio" name="decision" value="approve">/);
    assert.match(html, /<label for="reason">/);

    assert.equal((await page(reviewPath(first, revised.documentId))).status, 404, 'a document of another case');
    assert.equal((await page(`/console/cases/setup-x/documents/${first.documentId}`)).status, 404);
    // The page without the console session: the sign-in form in its place, which comes back here.
    const anonymous = await fetch(`${stack.baseUrl}${reviewPath(first)}`, { redirect: 'manual' });
    assert.equal(anonymous.status, 401);
    assert.ok((await anonymous.text()).includes(`<input type="hidden" name="returnTo" value="${reviewPath(first)}">`));
  });

  it('refuses a rejection without a reason with the error beside the field, and a post from another site', async () => {
    const rejected = await page(reviewPath(first), {
      method: 'POST',
      body: new URLSearchParams({ decision: 'reject', reason: '  ' }),
    });
    assert.equal(rejected.status, 422);
    const html = await rejected.text();
    assert.match(
      html,
      /<textarea id="reason" name="reason"[^>]*aria-invalid="true"[^>]*aria-describedby="reason-error"/,
    );
    assert.match(html, /<p class="field-error" id="reason-error">Skriv, hvorfor du afviser dokumentationen\.<\/p>/);
    assert.match(html, /<input type="radio" name="decision" value="reject" checked>/, 'the choice is kept');

    const undecided = await page(reviewPath(first), { method: 'POST', body: new URLSearchParams({ reason: '' }) });
    assert.equal(undecided.status, 422);
    assert.match(await undecided.text(), /id="decision-error">Vælg, om du godkender eller afviser\./);

    const forged = await page(reviewPath(first), {
      method: 'POST',
      body: new URLSearchParams({ decision: 'approve' }),
      headers: { origin: 'https://evil.example' },
    });
    assert.equal(forged.status, 403);
    assert.equal(
      (await stack.api('GET', `/api/connections/${first.connectionId}`)).body.stage,
      'awaiting-document-review',
    );
  });

  it('approves through the form: back to "Waiting for me" with a notice, the connection moves on, the decision is audited', async () => {
    const approved = await page(reviewPath(first), {
      method: 'POST',
      body: new URLSearchParams({ decision: 'approve', reason: '' }),
    });
    assert.equal(approved.status, 303);
    assert.equal(approved.headers.get('location'), '/console?done=approved');
    assert.deepEqual(await stack.client.workflow.getHandle(first.workflowId).result(), { stage: 'connected' });
    await waitForMail(stack, first.representative.email, (mail) => /Kvittering/.test(mail.subject));

    const after = await waitingForMe((html) => !html.includes(first.organizationName), '/console?done=approved');
    assert.match(after, /<p class="notice" role="status">Dokumentationen er godkendt\. Sagen går videre\.<\/p>/);
    const audited = await auditRows(stack, {
      orgId: first.connectionId,
      action: 'operator-call:POST /console/cases/:workflowId/documents/:documentId',
    });
    assert.deepEqual(
      audited.map((row) => row.outcome).sort(),
      ['303', '422', '422'],
      'every decision the operator sent, refused ones too',
    );
    assert.equal(
      (await auditRows(stack, { action: 'operator-call:GET /console' })).length,
      0,
      'pages that only read are not',
    );

    const again = await page(reviewPath(first), {
      method: 'POST',
      body: new URLSearchParams({ decision: 'reject', reason: 'For sent' }),
    });
    assert.equal(again.status, 409);
    assert.match(await again.text(), /Dokumentet venter ikke længere på gennemgang\./);
  });

  it('rejects with a reason through the form: the registrant is asked for new documentation', async () => {
    const reason = 'Lønsedlen er mere end tre måneder gammel';
    const rejected = await page(reviewPath(revised), {
      method: 'POST',
      body: new URLSearchParams({ decision: 'reject', reason }),
    });
    assert.equal(rejected.status, 303);
    assert.equal(rejected.headers.get('location'), '/console?done=rejected');
    const mail = await waitForMail(stack, revised.registrant.email, (message) => message.text.includes(reason));
    assert.ok(mail.links.some((url) => url.includes('/l/')));
    assert.equal(
      (await stack.api('GET', `/api/connections/${revised.connectionId}`)).body.stage,
      'awaiting-resubmission',
    );
  });
});
