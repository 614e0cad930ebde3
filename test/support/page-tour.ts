// Every page type a person meets, and how a browser reaches each on the real stack: one table shared by
// the accessibility test (axe-core and keyboard) and the screenshots command, so a new page is one entry.
// Each entry builds what its page needs (a process waiting on a step, a login, ...) through the API and
// the dev mailbox, then brings a fresh browser page to it.
import type { Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { tables } from '../../db/tables';
import type { Language } from '../../domain/language';
import { seedRequest } from './muk';
import { loginAs, subjectOfSession } from './login';
import { actionLink, getJson, postJson, waitForMail } from './mailbox';
import type { PageDocument } from './page-dom';
import type { Stack } from './stack';
import { postExport, seedActiveOrganization, type Person } from './user-fixtures';
import { eventually } from './wait';

export interface PageKind {
  /** Names the screenshot file (`<name>-<language>.png`) and the test. */
  name: string;
  /** What the page is, for whom: README's line under the screenshot. */
  description: string;
  /** The page's own language, or da and de where the browser's language decides. */
  languages: Language[];
  /** The HTTP status the page comes with (error pages): 200 unless said. */
  status?: number;
  open(tour: Tour, page: Page, language: Language): Promise<void>;
}

// Inside page.evaluate the code runs in the page; this project's TypeScript has no DOM library.
declare const document: PageDocument;

/** A one-page payslip with a few lines of text, so the document shown in the console reads as one. */
function payslipPdf(person: Person): Buffer {
  const lines = ['Lønseddel oktober 2026', `Medarbejder: ${person.name}`, 'Løn før skat: 38.500,00 kr.'];
  const text = lines
    .map((line, i) => `BT /F1 ${i === 0 ? 18 : 12} Tf 50 ${330 - i * 30} Td (${line}) Tj ET`)
    .join('\n');
  const objects = [
    '<</Type/Catalog/Pages 2 0 R>>',
    '<</Type/Pages/Kids[3 0 R]/Count 1>>',
    '<</Type/Page/Parent 2 0 R/MediaBox[0 0 420 400]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>',
    '<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>',
    `<</Length ${Buffer.byteLength(text, 'latin1')}>>stream\n${text}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = Buffer.byteLength(body, 'latin1');
    body += `${i + 1} 0 obj${object}endobj\n`;
    return offset;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** The fixtures the pages stand on, each built once per stack and only when a page needs it. */
export class Tour {
  private serial = 0;
  private readonly built = new Map<string, Promise<unknown>>();

  constructor(readonly stack: Stack) {}

  private once<T>(key: string, build: () => Promise<T>): Promise<T> {
    if (!this.built.has(key)) this.built.set(key, build());
    return this.built.get(key) as Promise<T>;
  }

  /** Eight digits no other fixture of this tour uses. */
  private cvr(): string {
    this.serial += 1;
    return String(40_000_000 + this.serial * 137);
  }

  /**
   * A company's connection started by its representative: their prepare-connection link. Fresh each call,
   * unless `registered` (the dev company register's company, whose representative may approve).
   */
  async companyConnection(
    registered = false,
  ): Promise<{ workflowId: string; connectionId: string; representative: Person; link: string }> {
    const cvr = registered ? '12345678' : this.cvr();
    const representative = registered
      ? { name: 'Karen Holm', email: 'karen.holm@nordisk-test.dk' }
      : { name: 'Lars Nielsen', email: `lars.nielsen@firma-${cvr}.dk` };
    const started = await this.stack.api('POST', '/api/connections', {
      organization: {
        name: registered ? 'Nordisk Testfabrik ApS' : 'Fjordhavn Logistik A/S',
        kind: 'company',
        country: 'DK',
        cvr,
      },
      initiator: { role: 'representative', ...representative },
    });
    if (started.status !== 201) throw new Error(`connection not started: ${JSON.stringify(started.body)}`);
    return {
      workflowId: started.body.workflowId,
      connectionId: started.body.connectionId,
      representative,
      link: actionLink(await waitForMail(this.stack, representative.email)),
    };
  }

  /** A region's connection started by a registrant, who must upload documentation first. Fresh each call. */
  async registrantConnection(
    region: string,
  ): Promise<{ workflowId: string; connectionId: string; registrant: Person; representative: Person; link: string }> {
    const registrant = { name: 'Birte Bruun', email: `birte.bruun@region-${region}.dk` };
    const representative = { name: 'Rasmus Rask', email: `rasmus.rask@region-${region}.dk` };
    const started = await this.stack.api('POST', '/api/connections', {
      organization: { name: `Region ${region[0]!.toUpperCase()}${region.slice(1)}`, kind: 'region', country: 'DK' },
      initiator: { role: 'registrant', ...registrant },
      representative,
    });
    if (started.status !== 201) throw new Error(`connection not started: ${JSON.stringify(started.body)}`);
    return {
      workflowId: started.body.workflowId,
      connectionId: started.body.connectionId,
      registrant,
      representative,
      link: actionLink(await waitForMail(this.stack, registrant.email)),
    };
  }

  /** A region's connection whose registrant uploaded a payslip and whose representative approved: the document waits for a case worker. */
  async documentAwaitingReview(
    region: string,
  ): Promise<{ workflowId: string; connectionId: string; documentId: string; registrant: Person; link: string }> {
    const { workflowId, connectionId, registrant, representative, link } = await this.registrantConnection(region);
    const registrantSession = await this.session(registrant);
    await this.upload(link, registrantSession, registrant);
    const prepared = await postJson(link, { administrators: [registrant] }, registrantSession);
    if (prepared.status !== 200) throw new Error(`not prepared: ${JSON.stringify(prepared.body)}`);
    const approveLink = actionLink(await waitForMail(this.stack, representative.email));
    const representativeSession = await this.session(representative);
    const termsVersion = (await getJson(approveLink, representativeSession)).body.context.termsVersion;
    const approved = await postJson(
      approveLink,
      { decision: 'approve', acceptTerms: true, termsVersion },
      representativeSession,
    );
    if (approved.status !== 200) throw new Error(`not approved: ${JSON.stringify(approved.body)}`);
    const documentId = await eventually('a document to review', async () => {
      const connection = await this.stack.api('GET', `/api/connections/${connectionId}`);
      return connection.body.stage === 'awaiting-document-review'
        ? (connection.body.documents[0]?.documentId as string | undefined)
        : undefined;
    });
    return { workflowId, connectionId, documentId, registrant, link };
  }

  /** A document a case worker reviews in the console. */
  review(): Promise<{ workflowId: string; documentId: string }> {
    return this.once('review', () => this.documentAwaitingReview('midtjylland'));
  }

  /** The representative's approve-connection link, after they prepared the connection. */
  approval(): Promise<{ link: string; representative: Person }> {
    return this.once('approval', async () => {
      const { link, representative } = await this.companyConnection();
      const session = await this.session(representative);
      const prepared = await postJson(link, { administrators: [representative] }, session);
      if (prepared.status !== 200 || !prepared.body.next)
        throw new Error(`not prepared: ${JSON.stringify(prepared.body)}`);
      return { link: prepared.body.next.url as string, representative };
    });
  }

  /** The registrant's resubmit-documents link, after a case worker rejected their payslip. */
  resubmission(): Promise<{ link: string; registrant: Person }> {
    return this.once('resubmission', async () => {
      const { connectionId, documentId, registrant, link } = await this.documentAwaitingReview('syddanmark');
      const rejected = await this.stack.api('POST', `/api/connections/${connectionId}/documents/${documentId}/review`, {
        decision: 'reject',
        reason: 'Navnet på lønsedlen kan ikke læses',
      });
      if (rejected.status !== 200) throw new Error(`not rejected: ${JSON.stringify(rejected.body)}`);
      const mail = await waitForMail(this.stack, registrant.email, (m) =>
        m.links.some((url) => url.includes('/l/') && url !== link),
      );
      return { link: actionLink(mail), registrant };
    });
  }

  /** The first administrator's setup-organization link, after the connection was approved. */
  setup(): Promise<{ link: string; administrator: Person }> {
    return this.once('setup', async () => {
      const { workflowId, link, representative } = await this.companyConnection(true);
      const session = await this.session(representative);
      const prepared = await postJson(link, { administrators: [representative] }, session);
      const termsVersion = (await getJson(prepared.body.next.url, session)).body.context.termsVersion;
      const approved = await postJson(
        prepared.body.next.url,
        { decision: 'approve', acceptTerms: true, termsVersion },
        session,
      );
      if (approved.status !== 200) throw new Error(`not approved: ${JSON.stringify(approved.body)}`);
      await this.stack.client.workflow.getHandle(workflowId).result();
      const mail = await waitForMail(this.stack, representative.email, (m) =>
        m.links.some((url) => url.includes('/l/') && url !== link && url !== prepared.body.next.url),
      );
      return { link: actionLink(mail), administrator: representative };
    });
  }

  /** An imported user's activate-user link, for the private MitID or the MitID app. Fresh each call. */
  async activation(loginMethod: 'private' | 'app'): Promise<{ link: string; user: Person; orgId: string }> {
    const cvr = this.cvr();
    const orgId = `dk-cvr-${cvr}`;
    const user = { name: 'Mette Madsen', email: `mette.madsen@firma-${cvr}.dk` };
    await this.seedOrganization(orgId, cvr);
    await postExport(
      this.stack.baseUrl,
      this.stack.config.env.OPERATOR_API_KEY,
      orgId,
      `name,email,nemidUserId,importedAt\n${user.name},${user.email},RID:${cvr},2023-01-01\n`,
    );
    const started = await this.stack.api('POST', `/api/organizations/${orgId}/activations`, { all: true, loginMethod });
    if (started.status !== 202) throw new Error(`activation not started: ${JSON.stringify(started.body)}`);
    return { link: actionLink(await waitForMail(this.stack, user.email)), user, orgId };
  }

  /** A German municipality's MUK connection whose contact confirms its data first. */
  municipalityData(): Promise<{ link: string; contact: Person }> {
    return this.once('municipality-data', async () => {
      const contact = { name: 'Anna Amtmann', email: 'anna.amtmann@greiling.de' };
      const started = await this.stack.api('POST', '/api/muk/connections', {
        municipality: {
          name: 'Greiling',
          federalState: 'Bayern',
          support: { name: 'Rathaus Greiling', email: 'rathaus@greiling.de' },
          contact,
        },
        responsible: { name: 'Maria Muster', email: 'maria.muster@optigov.de' },
        portalLoginUrl: 'https://greiling.optigov.de/login',
      });
      if (started.status !== 201) throw new Error(`MUK connection not started: ${JSON.stringify(started.body)}`);
      return { link: actionLink(await waitForMail(this.stack, contact.email)), contact };
    });
  }

  /** The printable MUK application, by the signed link mailed to the responsible employee. */
  mukApplication(): Promise<{ url: string; connectionId: string }> {
    return this.once('muk-application', async () => {
      const started = await this.stack.api('POST', '/api/muk/connections', seedRequest);
      if (started.status !== 201) throw new Error(`MUK connection not started: ${JSON.stringify(started.body)}`);
      const connectionId = started.body.connectionId as string;
      const mail = await waitForMail(this.stack, seedRequest.responsible.email, (m) =>
        m.links.some((url) => url.includes('/application?exp=')),
      );
      return { url: mail.links.find((url) => url.includes('/application?exp='))!, connectionId };
    });
  }

  /** An organisation whose administrator has logged in, with imported users, two of them being activated. */
  organization(): Promise<{ orgId: string; administrator: Person; batchId: string }> {
    return this.once('organization', async () => {
      const cvr = this.cvr();
      const orgId = `dk-cvr-${cvr}`;
      const administrator = { name: 'Anne Andersen', email: `anne.andersen@firma-${cvr}.dk` };
      await this.session(administrator);
      const subject = await subjectOfSession(this.stack.db, administrator.name);
      await this.seedOrganization(orgId, cvr, subject);
      const users = ['Bo Berg', 'Dorthe Dam', 'Erik Eng', 'Frida Fog', 'Gustav Gran'].map(
        (name, i) => `${name},${name.split(' ')[0]!.toLowerCase()}@firma-${cvr}.dk,RID:${cvr}${i},2022-06-01`,
      );
      await postExport(
        this.stack.baseUrl,
        this.stack.config.env.OPERATOR_API_KEY,
        orgId,
        `name,email,nemidUserId,importedAt\n${users.join('\n')}\n`,
      );
      const imported = await this.stack.api('GET', `/api/organizations/${orgId}/users`);
      const chosen = (imported.body.users as Array<{ userId: string; name: string; email: string }>).slice(0, 2);
      const userIds = chosen.map((user) => user.userId);
      const started = await this.stack.api('POST', `/api/organizations/${orgId}/activations`, {
        userIds,
        loginMethod: 'private',
      });
      if (started.status !== 202) throw new Error(`activation not started: ${JSON.stringify(started.body)}`);
      // One of the two has answered already, so the progress shows.
      const first = { name: chosen[0]!.name, email: chosen[0]!.email };
      const approved = await postJson(
        actionLink(await waitForMail(this.stack, first.email)),
        { decision: 'approve' },
        await this.session(first),
      );
      if (approved.status !== 200) throw new Error(`not activated: ${JSON.stringify(approved.body)}`);
      return { orgId, administrator, batchId: started.body.batchId as string };
    });
  }

  /** A terms update published (and under way), for the terms page's progress table. */
  termsUpdate(): Promise<void> {
    return this.once('terms-update', async () => {
      const published = await this.stack.api('POST', '/api/terms', {
        version: '2027-01',
        title: 'Vilkår for MitID Erhverv 2027',
        url: 'https://example.dk/vilkaar/2027-01',
        kind: 'update',
      });
      if (published.status !== 201) throw new Error(`terms not published: ${JSON.stringify(published.body)}`);
    });
  }

  /** A connected, set-up organisation (straight in the DB) with a name as people read it. */
  private async seedOrganization(orgId: string, cvr: string, adminSubject?: string): Promise<void> {
    await seedActiveOrganization(this.stack.db, orgId, { cvr, adminSubject });
    const { organizations } = tables(this.stack.db);
    await this.stack.db
      .update(organizations)
      .set({ name: 'Skovly Tømrerfirma ApS' })
      .where(eq(organizations.orgId, orgId));
  }

  /** The API's `Cookie` for a logged-in person (outside the browser, to build fixtures). */
  async session(person: Person): Promise<string> {
    return (await loginAs(this.stack.baseUrl, person)).cookie;
  }

  async upload(link: string, cookie: string, person: Person): Promise<void> {
    const form = new FormData();
    form.append('documentType', 'payslip');
    form.append('file', new Blob([new Uint8Array(payslipPdf(person))], { type: 'application/pdf' }), 'lønseddel.pdf');
    const response = await fetch(`${link}/documents`, {
      method: 'POST',
      body: form,
      headers: { cookie, accept: 'application/json' },
    });
    if (response.status !== 201) throw new Error(`upload refused: ${response.status} ${await response.text()}`);
  }

  /** Logs the browser in as `person` with the dev provider (no questions asked) and lands on `url`. */
  async logIn(page: Page, person: Person, url: string): Promise<void> {
    const target = new URL(url);
    const query = new URLSearchParams({
      returnTo: target.pathname + target.search,
      login_hint: person.email,
      name_hint: person.name,
    });
    await page.goto(`${this.stack.baseUrl}/auth/login?${query}`);
    await page.waitForURL((at) => at.pathname === target.pathname);
  }

  /** Signs the browser in to the console with the operator key and lands on `path`. */
  async consoleSignIn(page: Page, path: string): Promise<void> {
    await page.goto(`${this.stack.baseUrl}/console/login?returnTo=${encodeURIComponent(path)}`);
    await page.locator('input[name=key]').fill(this.stack.config.env.OPERATOR_API_KEY);
    await page.locator('input[name=key]').press('Enter');
    await page.waitForURL((at) => at.pathname === path.split('?')[0]);
  }

  /** Posts a form from the browser as the page's own form would (for pages that answer a POST). */
  async submitForm(page: Page, action: string, fields: Record<string, string>): Promise<void> {
    await Promise.all([
      page.waitForNavigation(),
      page.evaluate(
        ({ action, fields }) => {
          const form = document.createElement('form');
          form.method = 'post';
          form.action = action;
          for (const [name, value] of Object.entries(fields)) {
            const input = document.createElement('input');
            input.type = 'hidden';
            input.name = name;
            input.value = value;
            form.append(input);
          }
          document.body.append(form);
          form.submit();
        },
        { action, fields },
      ),
    ]);
  }
}

const da: Language[] = ['da'];
const de: Language[] = ['de'];
const browserLanguage: Language[] = ['da', 'de'];

export const pageKinds: PageKind[] = [
  {
    name: 'step-prepare-connection',
    description: 'A representative opens the mailed link: the step before login',
    languages: da,
    open: async (tour, page) => {
      await page.goto((await tour.companyConnection()).link);
    },
  },
  {
    name: 'step-prepare-connection-logged-in',
    description: 'The representative, logged in, names the administrators',
    languages: da,
    open: async (tour, page) => {
      const { link, representative } = await tour.companyConnection();
      await tour.logIn(page, representative, link);
    },
  },
  {
    name: 'step-prepare-connection-documents',
    description: "A region's registrant uploads documentation before preparing",
    languages: da,
    open: async (tour, page) => {
      const { link, registrant } = await tour.registrantConnection('nordjylland');
      await tour.logIn(page, registrant, link);
    },
  },
  {
    name: 'step-approve-connection',
    description: 'The representative approves the connection and accepts the terms',
    languages: da,
    open: async (tour, page) => {
      const { link, representative } = await tour.approval();
      await tour.logIn(page, representative, link);
    },
  },
  {
    name: 'step-resubmit-documents',
    description: 'The registrant sends new documentation after a rejection, with the reason',
    languages: da,
    open: async (tour, page) => {
      const { link, registrant } = await tour.resubmission();
      await tour.logIn(page, registrant, link);
    },
  },
  {
    name: 'step-setup-organization',
    description: "An administrator chooses the organisation's login methods",
    languages: da,
    open: async (tour, page) => {
      const { link, administrator } = await tour.setup();
      await tour.logIn(page, administrator, link);
    },
  },
  {
    name: 'step-activate-user',
    description: 'An imported user activates their user with their private MitID',
    languages: da,
    open: async (tour, page) => {
      const { link, user } = await tour.activation('private');
      await tour.logIn(page, user, link);
    },
  },
  {
    name: 'step-activate-user-app',
    description: 'An imported user activates their user with the MitID app',
    languages: da,
    open: async (tour, page) => {
      const { link, user } = await tour.activation('app');
      await tour.logIn(page, user, link);
    },
  },
  {
    name: 'step-activate-means',
    description: 'The user activates the MitID app with a code (a new code on request)',
    languages: da,
    open: async (tour, page) => {
      const { link, user } = await tour.activation('app');
      const activated = await postJson(link, { decision: 'activate' }, await tour.session(user));
      if (activated.status !== 200 || !activated.body.next)
        throw new Error(`not activated: ${JSON.stringify(activated.body)}`);
      await tour.logIn(page, user, activated.body.next.url);
    },
  },
  {
    name: 'step-confirm-municipality-data',
    description: "A municipality's contact confirms or corrects its data (MUK)",
    languages: de,
    open: async (tour, page) => {
      const { link, contact } = await tour.municipalityData();
      await tour.logIn(page, contact, link);
    },
  },
  {
    name: 'step-refused',
    description: 'A step form sent with a mistake comes back with the problem beside its field',
    languages: da,
    status: 422,
    open: async (tour, page) => {
      const { link, representative } = await tour.companyConnection();
      await tour.logIn(page, representative, link);
      await tour.submitForm(page, link, {
        'administrators[0][name]': representative.name,
        'administrators[0][email]': 'not-an-address',
      });
    },
  },
  {
    name: 'result',
    description: 'After a step: what happens next, and the next step where it is the same person’s',
    languages: da,
    open: async (tour, page) => {
      const { link, representative } = await tour.companyConnection();
      await tour.logIn(page, representative, link);
      await tour.submitForm(page, link, {
        'administrators[0][name]': representative.name,
        'administrators[0][email]': representative.email,
      });
    },
  },
  {
    name: 'result-activation-code',
    description: 'A user who chose the MitID app gets a one-time activation code',
    languages: da,
    open: async (tour, page) => {
      const { link, user } = await tour.activation('app');
      await tour.logIn(page, user, link);
      await tour.submitForm(page, link, { decision: 'activate' });
    },
  },
  {
    name: 'error-unknown-link',
    description: 'A link that is not valid (mistyped or forged)',
    languages: browserLanguage,
    status: 404,
    open: async (tour, page) => {
      await page.goto(`${tour.stack.baseUrl}/l/not-a-valid-link`);
    },
  },
  {
    name: 'error-step-done',
    description: 'A link whose step is already done',
    languages: da,
    status: 409,
    open: async (tour, page) => {
      const { link, representative } = await tour.companyConnection();
      const prepared = await postJson(link, { administrators: [representative] }, await tour.session(representative));
      if (prepared.status !== 200) throw new Error(`not prepared: ${JSON.stringify(prepared.body)}`);
      await page.goto(link);
    },
  },
  {
    name: 'error-link-replaced',
    description: 'A link replaced by a newer one (the step was sent again)',
    languages: da,
    status: 410,
    open: async (tour, page) => {
      const { link, workflowId, representative } = await tour.companyConnection();
      const resent = await tour.stack.api('POST', `/api/cases/${workflowId}/resend`, { step: 'prepare-connection' });
      if (resent.status !== 202) throw new Error(`not resent: ${JSON.stringify(resent.body)}`);
      await waitForMail(tour.stack, representative.email, (m) =>
        m.links.some((url) => url.includes('/l/') && url !== link),
      );
      await page.goto(link);
    },
  },
  {
    name: 'error-wrong-person',
    description: 'Someone else logged in on a link sent to another person',
    languages: da,
    status: 403,
    open: async (tour, page) => {
      const { link } = await tour.companyConnection();
      await tour.logIn(page, { name: 'Mallory Meyer', email: 'mallory.meyer@example.dk' }, link);
    },
  },
  {
    name: 'error-login-again',
    description: 'A form sent after the login ended: log in again',
    languages: da,
    status: 401,
    open: async (tour, page) => {
      const { link } = await tour.companyConnection();
      await page.goto(link);
      await tour.submitForm(page, link, {
        'administrators[0][name]': 'Lars Nielsen',
        'administrators[0][email]': 'lars@example.dk',
      });
    },
  },
  {
    name: 'muk-application',
    description: 'The printable MUK application (Vorhaben) for the service portal',
    languages: de,
    open: async (tour, page) => {
      await page.goto((await tour.mukApplication()).url);
    },
  },
  {
    name: 'dev-mitid-app',
    description: 'Development: the stand-in MitID app that activates a separate means',
    languages: da,
    open: async (tour, page) => {
      await page.goto(`${tour.stack.baseUrl}/dev/mitid-app`);
    },
  },
  {
    name: 'dev-mail',
    description: 'Development: the mail every person was sent',
    languages: ['en'],
    open: async (tour, page) => {
      await tour.companyConnection();
      await page.goto(`${tour.stack.baseUrl}/dev/mail`);
    },
  },
  {
    name: 'docs',
    description: 'Developers: every API operation',
    languages: ['en'],
    open: async (tour, page) => {
      await page.goto(`${tour.stack.baseUrl}/docs`);
    },
  },
  {
    name: 'codec-login',
    description: 'Operators in production: log in to decode payloads in the Temporal Web UI',
    languages: ['en'],
    open: async (tour, page) => {
      await page.goto(`${tour.stack.baseUrl}/codec/login`);
    },
  },
  {
    name: 'console-login',
    description: 'Operators and case workers sign in to the console',
    languages: browserLanguage,
    open: async (tour, page) => {
      await page.goto(`${tour.stack.baseUrl}/console/login`);
    },
  },
  {
    name: 'console-waiting',
    description: 'Case workers: "Waiting for me", the documents awaiting review, oldest first',
    languages: browserLanguage,
    open: async (tour, page) => {
      await tour.review();
      await tour.consoleSignIn(page, '/console');
    },
  },
  {
    name: 'console-document-review',
    description: 'Case workers: a document shown in the page, approved or rejected with a reason',
    languages: browserLanguage,
    open: async (tour, page) => {
      const { workflowId, documentId } = await tour.review();
      await tour.consoleSignIn(page, `/console/cases/${workflowId}/documents/${documentId}`);
    },
  },
  {
    name: 'console-cases',
    description: 'Operators: every case, filtered by process, stage, organisation, country and words',
    languages: browserLanguage,
    open: async (tour, page) => {
      await tour.review();
      await tour.consoleSignIn(page, '/console/cases');
    },
  },
  {
    name: 'console-case',
    description: "Operators: a case's people, pending steps with deadlines, documents, timeline and actions",
    languages: browserLanguage,
    open: async (tour, page) => {
      const { workflowId } = await tour.review();
      await tour.consoleSignIn(page, `/console/cases/${workflowId}`);
    },
  },
  {
    name: 'console-start',
    description: 'Operators: the form that starts a MitID Erhverv connection',
    languages: browserLanguage,
    open: async (tour, page) => {
      await tour.consoleSignIn(page, '/console/start');
    },
  },
  {
    name: 'console-start-refused',
    description: 'Operators: a start form refused, each problem beside its field',
    languages: browserLanguage,
    status: 422,
    open: async (tour, page) => {
      await tour.consoleSignIn(page, '/console/start');
      await tour.submitForm(page, '/console/start', {
        'organization.name': '',
        'organization.kind': 'company',
        'organization.country': 'DK',
        'initiator.role': 'registrant',
        'initiator.email': 'no-address',
      });
    },
  },
  {
    name: 'console-start-muk',
    description: 'Operators: the form that starts a MUK connection',
    languages: browserLanguage,
    open: async (tour, page) => {
      await tour.consoleSignIn(page, '/console/start/muk');
    },
  },
  {
    name: 'console-muk',
    description: 'Operators: a MUK case, its application and metadata, history, and a form for each event it awaits',
    languages: browserLanguage,
    open: async (tour, page) => {
      const { connectionId } = await tour.mukApplication();
      await eventually(
        'the MUK case awaiting an event',
        async () => (await tour.stack.api('GET', `/api/muk/connections/${connectionId}`)).body?.awaitedEvents?.length,
      );
      await tour.consoleSignIn(page, `/console/muk/${connectionId}`);
    },
  },
  {
    name: 'console-terms',
    description: "Operators: the terms in effect, each update's notice progress, and publishing a version",
    languages: browserLanguage,
    open: async (tour, page) => {
      await tour.termsUpdate();
      await tour.consoleSignIn(page, '/console/terms');
    },
  },
  {
    name: 'console-not-found',
    description: 'Operators: a case that does not exist',
    languages: browserLanguage,
    status: 404,
    open: async (tour, page) => {
      await tour.consoleSignIn(page, '/console/muk/no-such-municipality');
    },
  },
  {
    name: 'admin',
    description: 'Administrators: the organisations they administer',
    languages: da,
    open: async (tour, page) => {
      const { administrator } = await tour.organization();
      await tour.logIn(page, administrator, `${tour.stack.baseUrl}/admin`);
    },
  },
  {
    name: 'admin-organization',
    description: "Administrators: the organisation's status, administrators, login policy and audit log",
    languages: da,
    open: async (tour, page) => {
      const { orgId, administrator } = await tour.organization();
      await tour.logIn(page, administrator, `${tour.stack.baseUrl}/admin/organizations/${orgId}`);
    },
  },
  {
    name: 'admin-users',
    description: 'Administrators: "Importerede brugere", to search, select and activate',
    languages: da,
    open: async (tour, page) => {
      const { orgId, administrator } = await tour.organization();
      await tour.logIn(page, administrator, `${tour.stack.baseUrl}/admin/organizations/${orgId}/users`);
    },
  },
  {
    name: 'admin-forbidden',
    description: "Administrators: another organisation's pages are refused",
    languages: da,
    status: 403,
    open: async (tour, page) => {
      const { administrator } = await tour.organization();
      const other = 'dk-cvr-99887766';
      const { organizations } = tables(tour.stack.db);
      if (!(await tour.stack.db.select().from(organizations).where(eq(organizations.orgId, other)))[0])
        await seedActiveOrganization(tour.stack.db, other, { cvr: '99887766' });
      await tour.logIn(page, administrator, `${tour.stack.baseUrl}/admin/organizations/${other}`);
    },
  },
  {
    name: 'admin-activation',
    description: "Administrators: a bulk activation's progress",
    languages: da,
    open: async (tour, page) => {
      const { orgId, administrator, batchId } = await tour.organization();
      await tour.logIn(
        page,
        administrator,
        `${tour.stack.baseUrl}/admin/organizations/${orgId}/activations/${batchId}`,
      );
    },
  },
];
