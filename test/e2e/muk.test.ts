import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { tables } from '../../db/tables';
import type { MukConnectionDetails } from '../../workflows/muk-connection.messages';
import type { ProcessStatus } from '../../workflows/process.messages';
import { auditRows } from '../support/audit';
import { loginAs } from '../support/login';
import { actionLink, getJson, postJson, waitForMail } from '../support/mailbox';
import { seedRequest } from '../support/muk';
import { validateSamlMetadata } from '../support/saml-schema';
import { withStack } from '../support/stack';
import { eventually } from '../support/wait';

/** GET /api/muk/connections/:id, as far as these tests read it. */
type MukConnectionAnswer = Omit<MukConnectionDetails, 'municipalityKey'> &
  Pick<ProcessStatus, 'stage' | 'pendingSteps' | 'events'>;

describe('MUK connection through HTTP on the real stack', () => {
  const stack = withStack();
  let portal: Server;
  let portalLoginUrl: string;
  const municipality = { ...seedRequest.municipality, name: 'Bad Tölz <Test>' };
  const connectionId = 'bad-toelz-test-by';
  const workflowId = `muk-${connectionId}`;

  before(async () => {
    // The municipality's portal login page, for the automated reachability check.
    portal = createServer((_req, res) => res.end('<html>Login</html>'));
    await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
    portalLoginUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}/login`;
  });
  after(async () => {
    portal?.close();
  });

  async function raw(path: string): Promise<{ status: number; type: string | null; text: string }> {
    const response = await fetch(`${stack.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${stack.config.env.OPERATOR_API_KEY}` },
    });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  }

  /** The connection once it is at `stage` and waits for a step there. */
  function stageOf(id: string, stage: string): Promise<MukConnectionAnswer> {
    return eventually(`${id} at ${stage}`, async () => {
      const read = await stack.api('GET', `/api/muk/connections/${id}`);
      return read.body?.stage === stage && read.body.pendingSteps.length > 0 ? read.body : undefined;
    });
  }

  const waitForStage = (stage: string) => stageOf(connectionId, stage);

  const post = (body: unknown) => stack.api('POST', `/api/muk/connections/${connectionId}/events`, body);

  it('refuses bad input with 4xx', async () => {
    const noMunicipality = await stack.api('POST', '/api/muk/connections', {
      responsible: seedRequest.responsible,
      portalLoginUrl,
    });
    assert.equal(noMunicipality.status, 422);
    assert.ok(noMunicipality.body.error.details.some((d: { path: string }) => d.path === 'municipality'));
    const badUrl = await stack.api('POST', '/api/muk/connections', {
      ...seedRequest,
      portalLoginUrl: 'portal.example',
    });
    assert.equal(badUrl.status, 422);
    assert.equal((await fetch(`${stack.baseUrl}/api/muk/connections`, { method: 'POST' })).status, 401);
    assert.equal((await stack.api('GET', '/api/muk/connections/nobody-by')).status, 404);
  });

  it('runs a connection from start to done', async () => {
    const started = await stack.api('POST', '/api/muk/connections', { ...seedRequest, municipality, portalLoginUrl });
    assert.equal(started.status, 201);
    assert.deepEqual(started.body, { connectionId, workflowId });

    const twice = await stack.api('POST', '/api/muk/connections', { ...seedRequest, municipality, portalLoginUrl });
    assert.equal(twice.status, 409);
    assert.deepEqual(twice.body.error.details, { connectionId, workflowId });

    const first = await waitForStage('awaiting-vorhaben-submission');
    assert.equal(first.application.Vorhaben['Rechtlicher Rahmen'], 'OZG');
    assert.equal(first.application.Vorhaben['NEZO-Login'], portalLoginUrl);
    assert.equal(first.serviceProvider, null);

    const unknownType = await post({ type: 'vorhaben-rejected' });
    assert.equal(unknownType.status, 422);
    const notAwaited = await post({ type: 'service-provider-approved' });
    assert.equal(notAwaited.status, 409);
    assert.equal((await raw(`/api/muk/connections/${connectionId}/service-provider/metadata.xml`)).status, 409);

    const page = await raw(`/api/muk/connections/${connectionId}/application`);
    assert.equal(page.status, 200);
    assert.match(page.type ?? '', /text\/html/);
    assert.match(page.text, /Bad Tölz &lt;Test&gt;/);
    assert.doesNotMatch(page.text, /<Test>|<script/);
    assert.match(page.text, /Verantwortlicher beim Dienstleister/);

    const mail = await waitForMail(stack, seedRequest.responsible.email, (m) =>
      /Vorhaben im MUK-Serviceportal absenden/.test(m.subject),
    );
    assert.match(mail.text, /Anzahl Anwender: 50 pro Monat/);
    // The mail's link opens the page in a browser without the operator key; a tampered one does not.
    const viewLink = mail.links.find((link) => link.includes(`/muk/connections/${connectionId}/application?exp=`));
    assert.ok(viewLink, mail.links.join(' '));
    const viewed = await fetch(viewLink);
    assert.equal(viewed.status, 200);
    assert.match(await viewed.text(), /Verantwortlicher beim Dienstleister/);
    assert.equal((await fetch(viewLink.replace(/sig=.{4}/, 'sig=AAAA'))).status, 404);
    assert.equal((await fetch(viewLink.replace(/\?.*$/, ''))).status, 404);

    assert.equal((await post({ type: 'vorhaben-submitted', reference: 'VH-2025-0042' })).status, 200);
    const confirmed = await post({ type: 'vorhaben-confirmed' });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    const prepared = await waitForStage('awaiting-service-provider-creation');
    assert.equal(prepared.vorhabenReference, 'VH-2025-0042');
    assert.doesNotMatch(prepared.serviceProvider!.form.Signaturzertifikat, /BEGIN/);

    const metadata = await raw(`/api/muk/connections/${connectionId}/service-provider/metadata.xml`);
    assert.equal(metadata.status, 200);
    assert.match(metadata.type ?? '', /application\/samlmetadata\+xml/);
    assert.equal((await validateSamlMetadata(metadata.text)).valid, true);
    assert.doesNotMatch(metadata.text, /PRIVATE/);
    const { serviceProviderKeys } = tables(stack.db);
    assert.equal(
      (await stack.db.select().from(serviceProviderKeys).where(eq(serviceProviderKeys.municipalityKey, connectionId)))
        .length,
      2,
    );

    assert.equal((await post({ type: 'service-provider-created', serviceProviderId: 'SP-77' })).status, 200);
    assert.equal((await post({ type: 'service-provider-approved' })).status, 200);
    const testing = await waitForStage('awaiting-integration-test');
    assert.equal(
      testing.serviceProvider?.automatedCheck?.passed,
      true,
      JSON.stringify(testing.serviceProvider?.automatedCheck),
    );

    const done = await post({ type: 'integration-tested', result: 'passed' });
    assert.deepEqual(done.body, { ok: true, stage: 'done' });
    await stack.client.workflow.getHandle(workflowId).result();
    assert.equal((await post({ type: 'integration-tested', result: 'passed' })).status, 409);

    await waitForMail(stack, seedRequest.municipality.support.email, (m) =>
      /Mein Unternehmenskonto ist angebunden/.test(m.subject),
    );
    const audit = await auditRows(stack, { workflowId });
    assert.ok(audit.some((row) => row.outcome === 'done'));
    assert.ok(audit.some((row) => row.action === 'step:integration-tested' && row.outcome === 'completed'));
  });

  const postEvent = (id: string, body: unknown) => stack.api('POST', `/api/muk/connections/${id}/events`, body);

  it("lets the municipality's contact confirm and correct its data through the link page, with a dev login", async () => {
    const contact = { name: 'Anna Amtmann', email: 'anna.amtmann@lenggries.de' };
    const id = 'lenggries-by';
    const started = await stack.api('POST', '/api/muk/connections', {
      ...seedRequest,
      municipality: {
        name: 'Lenggries',
        federalState: 'BY',
        support: { name: 'Rathaus Lenggries', email: 'rathaus@lenggries.de' },
        contact,
      },
      portalLoginUrl,
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const waiting = await stageOf(id, 'awaiting-municipality-data');
    assert.deepEqual(
      waiting.pendingSteps.map((step: { step: string }) => step.step),
      ['confirm-municipality-data'],
    );
    assert.equal(
      (await postEvent(id, { type: 'vorhaben-submitted', reference: 'V-1' })).status,
      409,
      'no Vorhaben before the data are confirmed',
    );

    const mail = await waitForMail(stack, contact.email, (m) =>
      /Angaben der Kommune für Mein Unternehmenskonto bestätigen/.test(m.subject),
    );
    assert.match(mail.text, /Name der Kommune: Lenggries/);
    const link = actionLink(mail);
    const anonymous = await fetch(link, { headers: { accept: 'text/html' } });
    const anonymousPage = await anonymous.text();
    assert.match(anonymousPage, />Anmelden</);
    assert.doesNotMatch(anonymousPage, /rathaus@lenggries\.de/, 'the data wait for the login');
    assert.equal((await postJson(link, {})).status, 401);

    const stranger = (await loginAs(stack.baseUrl, { email: 'maria.muster@optigov.de', name: 'Maria Muster' })).cookie;
    assert.equal((await getJson(link, stranger)).status, 403);

    const cookie = (await loginAs(stack.baseUrl, contact)).cookie;
    const page = await (await fetch(link, { headers: { accept: 'text/html', cookie } })).text();
    assert.match(page, /name="name" value="Lenggries"/);
    assert.doesNotMatch(page, /organizationName/, 'the page speaks German, not the field names of its context');
    assert.match(page, /<option value="Bayern" selected>/);
    assert.match(page, /name="support\[email\]" value="rathaus@lenggries.de"/);
    assert.match(page, new RegExp(`name="portalLoginUrl" value="${portalLoginUrl}"`));

    const invalid = await postJson(
      link,
      {
        name: 'Gemeinde Lenggries',
        federalState: 'Bayernland',
        support: { name: 'Rathaus', email: 'nope' },
        portalLoginUrl: 'ftp://x',
      },
      cookie,
    );
    assert.equal(invalid.status, 422);
    assert.deepEqual(invalid.body.error.details.map((d: { path: string }) => d.path).sort(), [
      'federalState',
      'portalLoginUrl',
      'support.email',
    ]);
    // The same refusal of the page's form is the German page again: each problem beside its field, what was typed kept.
    const refusedForm = await fetch(link, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html',
        cookie,
        origin: stack.baseUrl,
      },
      body: new URLSearchParams({
        name: 'Gemeinde Lenggries',
        federalState: 'Bayernland',
        'support[name]': 'Rathaus',
        'support[email]': 'nope',
        portalLoginUrl,
      }),
    });
    assert.equal(refusedForm.status, 422);
    const refusedPage = await refusedForm.text();
    assert.match(refusedPage, /<html lang="de">/);
    assert.match(
      refusedPage,
      /name="support\[email\]" value="nope"[^>]*aria-invalid="true" aria-describedby="supportEmail-error"><p class="field-error" id="supportEmail-error">Geben Sie eine gültige E-Mail-Adresse an\.<\/p>/,
    );
    assert.match(refusedPage, /Wählen Sie ein Bundesland\./);
    assert.match(refusedPage, /name="name" value="Gemeinde Lenggries"/);

    // The page's own form, as the browser posts it.
    const correctedUrl = portalLoginUrl.replace('/login', '/anmeldung');
    const form = new URLSearchParams({
      name: 'Gemeinde Lenggries',
      federalState: 'Bayern',
      'support[name]': 'Bürgerbüro Lenggries',
      'support[email]': 'buergerbuero@lenggries.de',
      'support[phone]': '+49 8042 5008-0',
      portalLoginUrl: correctedUrl,
    });
    const posted = await fetch(link, {
      method: 'POST',
      body: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    });
    assert.equal(posted.status, 200);
    assert.match(await posted.text(), /Wartet auf das Absenden des Vorhabens/);
    assert.equal((await postJson(link, {}, cookie)).status, 409, 'the link has done its work');

    const read = await stageOf(id, 'awaiting-vorhaben-submission');
    assert.equal(read.municipality.name, 'Gemeinde Lenggries');
    assert.equal(read.application.Vorhaben.Name, 'Gemeinde Lenggries');
    assert.equal(read.application.Vorhaben['NEZO-Login'], correctedUrl);
    assert.deepEqual(read.application.Vorhaben.Support, {
      Name: 'Bürgerbüro Lenggries',
      'E-Mail': 'buergerbuero@lenggries.de',
      Telefon: '+49 8042 5008-0',
    });
    const confirmedEvent = read.events.find((e: { type: string }) => e.type === 'municipality-data-corrected');
    assert.equal(confirmedEvent?.detail, 'name, support, portalLoginUrl');
    const submit = await waitForMail(stack, seedRequest.responsible.email, (m) =>
      /Vorhaben im MUK-Serviceportal absenden – Gemeinde Lenggries/.test(m.subject),
    );
    assert.match(submit.text, /Support: Name: Bürgerbüro Lenggries/);

    assert.equal(
      (await stack.api('POST', `/api/muk/connections/${id}/cancel`, { reason: 'Test beendet' })).status,
      200,
    );
  });

  it('sends a returned Vorhaben and a rejected Service Provider back with the reason, then connects', async () => {
    const id = 'wackersberg-by';
    const support = { name: 'Rathaus Wackersberg', email: 'rathaus@wackersberg.de' };
    assert.equal(
      (
        await stack.api('POST', '/api/muk/connections', {
          ...seedRequest,
          municipality: { name: 'Wackersberg', federalState: 'Bayern', support },
          portalLoginUrl,
        })
      ).status,
      201,
    );
    await stageOf(id, 'awaiting-vorhaben-submission');
    assert.equal((await postEvent(id, { type: 'vorhaben-returned', reason: 'zu früh' })).status, 409);
    assert.equal((await postEvent(id, { type: 'vorhaben-returned' })).status, 422, 'a return needs its reason');

    assert.equal((await postEvent(id, { type: 'vorhaben-submitted', reference: 'VH-1' })).status, 200);
    const waitingMail = await waitForMail(stack, seedRequest.responsible.email, (m) =>
      /Wir warten auf die Bestätigung des Vorhabens – Wackersberg/.test(m.subject),
    );
    assert.match(waitingMail.text, /Sie müssen dafür nichts tun/);
    const returned = await postEvent(id, { type: 'vorhaben-returned', reason: 'Ansprechpartner fehlt' });
    assert.deepEqual(returned.body, { ok: true, stage: 'awaiting-vorhaben-submission' });
    const again = await waitForMail(
      stack,
      seedRequest.responsible.email,
      (m) => /Vorhaben im MUK-Serviceportal absenden – Wackersberg/.test(m.subject) && /zurückgegeben/.test(m.text),
    );
    assert.match(again.text, /Vom MUK-Serviceportal zurückgegeben: Ansprechpartner fehlt/);
    const applicationPage = await raw(`/api/muk/connections/${id}/application`);
    assert.match(applicationPage.text, /Vom MUK-Serviceportal zurückgegeben: Ansprechpartner fehlt/);
    const roundTwo = await stack.api('GET', `/api/muk/connections/${id}`);
    assert.equal(roundTwo.body.vorhabenReturned, 'Ansprechpartner fehlt');
    assert.deepEqual(
      roundTwo.body.pendingSteps.map((s: { step: string; key?: string }) => [s.step, s.key]),
      [['vorhaben-submitted', 'round-2']],
    );
    assert.ok(
      roundTwo.body.events.some(
        (e: { type: string; detail?: string }) =>
          e.type === 'vorhaben-returned' && e.detail === 'Ansprechpartner fehlt',
      ),
    );

    assert.equal((await postEvent(id, { type: 'vorhaben-submitted', reference: 'VH-2' })).status, 200);
    assert.equal((await postEvent(id, { type: 'vorhaben-confirmed' })).status, 200);
    await stageOf(id, 'awaiting-service-provider-creation');
    assert.equal((await postEvent(id, { type: 'service-provider-rejected', reason: 'zu früh' })).status, 409);
    assert.equal((await postEvent(id, { type: 'service-provider-created' })).status, 200);
    const rejected = await postEvent(id, { type: 'service-provider-rejected', reason: 'Zertifikat abgelaufen' });
    assert.deepEqual(rejected.body, { ok: true, stage: 'awaiting-service-provider-creation' });
    const recreate = await waitForMail(
      stack,
      seedRequest.responsible.email,
      (m) =>
        /Service Provider in der Produktionsumgebung anlegen – Wackersberg/.test(m.subject) && /abgelehnt/.test(m.text),
    );
    assert.match(recreate.text, /Vom MUK-Serviceportal abgelehnt: Zertifikat abgelaufen/);
    const afterRejection = await stack.api('GET', `/api/muk/connections/${id}`);
    assert.equal(afterRejection.body.serviceProvider.lastRejection, 'Zertifikat abgelaufen');
    assert.ok(afterRejection.body.events.some((e: { type: string }) => e.type === 'service-provider-rejected'));

    assert.equal((await postEvent(id, { type: 'service-provider-created' })).status, 200);
    assert.equal((await postEvent(id, { type: 'service-provider-approved' })).status, 200);
    await stageOf(id, 'awaiting-integration-test');
    assert.deepEqual((await postEvent(id, { type: 'integration-tested', result: 'passed' })).body, {
      ok: true,
      stage: 'done',
    });
    const done = await waitForMail(stack, support.email, (m) =>
      /Mein Unternehmenskonto ist angebunden – Wackersberg/.test(m.subject),
    );
    assert.match(done.text, /Entity-ID: http:\/\/127\.0\.0\.1:\d+\/saml\/muk\/metadata/);
    assert.match(done.text, /Postfach 2\.0 soll perspektivisch später angebunden werden/);
  });
});
