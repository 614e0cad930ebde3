// A registrant's connection brought to the case worker's review on the real stack, through HTTP only: the
// registrant uploads a PDF and prepares, the representative approves. Optionally the representative first
// sends the proposal back and the registrant withdraws that document for a new one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loginAs } from './login';
import { actionLink, getJson, postJson, waitForMail } from './mailbox';
import type { Stack } from './stack';

export const payslipPdf = readFileSync(join(__dirname, '..', 'fixtures', 'documents', 'payslip.pdf'));

async function upload(link: string, cookie: string, name: string): Promise<string> {
  const form = new FormData();
  form.append('documentType', 'payslip');
  form.append(
    'file',
    new Blob([new Uint8Array(Buffer.concat([payslipPdf, Buffer.from(`% ${name}\n`)]))], { type: 'application/pdf' }),
    name,
  );
  const response = await fetch(`${link}/documents`, {
    method: 'POST',
    body: form,
    headers: { cookie, accept: 'application/json' },
  });
  if (response.status !== 201) throw new Error(`upload answered ${response.status}`);
  return ((await response.json()) as { documentId: string }).documentId;
}

function expectOk(answer: { status: number; body: unknown }, what: string): void {
  if (answer.status !== 200) throw new Error(`${what} answered ${answer.status} ${JSON.stringify(answer.body)}`);
}

export interface CaseInReview {
  connectionId: string;
  workflowId: string;
  organizationName: string;
  registrant: { name: string; email: string };
  representative: { name: string; email: string };
  /** The document awaiting review. */
  documentId: string;
  /** The document withdrawn in the revision, where there was one. */
  withdrawnId?: string;
}

export async function connectionInReview(
  stack: Stack,
  slug: string,
  options: { withdrawFirst?: boolean } = {},
): Promise<CaseInReview> {
  const organizationName = `Region ${slug[0]!.toUpperCase()}${slug.slice(1)}`;
  const registrant = { name: 'Rikke Registrant', email: `rikke.registrant@region-${slug}.dk` };
  const representative = { name: 'Rasmus Direktør', email: `rasmus.direktoer@region-${slug}.dk` };
  const admin = { name: 'Ada Admin', email: `ada.admin@region-${slug}.dk` };
  const started = await stack.api('POST', '/api/connections', {
    organization: { name: organizationName, kind: 'region', country: 'DK' },
    initiator: { role: 'registrant', ...registrant },
    representative,
  });
  if (started.status !== 201) throw new Error(`starting answered ${started.status}`);
  const registrantSession = (await loginAs(stack.baseUrl, registrant)).cookie;
  const representativeSession = (await loginAs(stack.baseUrl, representative)).cookie;

  const prepareLink = actionLink(await waitForMail(stack, registrant.email));
  let documentId = await upload(prepareLink, registrantSession, 'lønseddel.pdf');
  expectOk(await postJson(prepareLink, { administrators: [admin] }, registrantSession), 'preparing');
  let approveLink = actionLink(await waitForMail(stack, representative.email));

  let withdrawnId: string | undefined;
  if (options.withdrawFirst) {
    expectOk(
      await postJson(
        approveLink,
        { decision: 'send-back', reason: 'Upload en nyere lønseddel' },
        representativeSession,
      ),
      'sending back',
    );
    const revisionLink = actionLink(
      await waitForMail(stack, registrant.email, (mail) =>
        mail.links.some((url) => url.includes('/l/') && url !== prepareLink),
      ),
    );
    withdrawnId = documentId;
    documentId = await upload(revisionLink, registrantSession, 'ny-lønseddel.pdf');
    expectOk(
      await postJson(revisionLink, { administrators: [admin], withdrawDocuments: [withdrawnId] }, registrantSession),
      'revising',
    );
    const firstApprove = approveLink;
    approveLink = actionLink(
      await waitForMail(stack, representative.email, (mail) =>
        mail.links.some((url) => url.includes('/l/') && url !== firstApprove),
      ),
    );
  }
  const termsVersion = (await getJson(approveLink, representativeSession)).body.context.termsVersion;
  const approved = await postJson(
    approveLink,
    { decision: 'approve', acceptTerms: true, termsVersion },
    representativeSession,
  );
  expectOk(approved, 'approving');
  if (approved.body.state !== 'awaiting-document-review') throw new Error(`approved into ${approved.body.state}`);
  return {
    connectionId: started.body.connectionId,
    workflowId: started.body.workflowId,
    organizationName,
    registrant,
    representative,
    documentId,
    ...(withdrawnId ? { withdrawnId } : {}),
  };
}

/** Signs in at /console/login with the operator key: the console's session cookie (`name=value`). */
export async function consoleSession(stack: Stack): Promise<string> {
  const response = await fetch(`${stack.baseUrl}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ key: stack.config.env.OPERATOR_API_KEY }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (response.status !== 303 || !cookie) throw new Error(`console sign-in answered ${response.status}`);
  return cookie;
}
