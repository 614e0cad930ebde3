import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { auditEvents, serviceProviderKeys } from '../../db/schema';
import { seedRequest } from '../support/muk';
import { validateSamlMetadata } from '../support/saml-schema';
import { startStack, type Stack } from '../support/stack';

describe('MUK connection through HTTP on the real stack', () => {
  let stack: Stack;
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
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
    portal?.close();
  });

  async function raw(path: string): Promise<{ status: number; type: string | null; text: string }> {
    const response = await fetch(`${stack.baseUrl}${path}`, { headers: { authorization: `Bearer ${stack.config.env.OPERATOR_API_KEY}` } });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  }

  async function waitForStage(stage: string): Promise<any> {
    for (let i = 0; i < 200; i++) {
      const read = await stack.api('GET', `/api/muk/connections/${connectionId}`);
      if (read.body?.stage === stage) return read.body;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`never reached ${stage}`);
  }

  async function waitForMail(to: string, subject: RegExp) {
    for (let i = 0; i < 200; i++) {
      const found = (await stack.mail(to)).find((mail) => subject.test(mail.subject));
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no mail ${subject} to ${to}`);
  }

  const post = (body: unknown) => stack.api('POST', `/api/muk/connections/${connectionId}/events`, body);

  it('refuses bad input with 4xx', async () => {
    const noMunicipality = await stack.api('POST', '/api/muk/connections', { responsible: seedRequest.responsible, portalLoginUrl });
    assert.equal(noMunicipality.status, 422);
    assert.ok(noMunicipality.body.error.details.some((d: { path: string }) => d.path === 'municipality'));
    const badUrl = await stack.api('POST', '/api/muk/connections', { ...seedRequest, portalLoginUrl: 'portal.example' });
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

    const mail = await waitForMail(seedRequest.responsible.email, /Vorhaben im MUK-Serviceportal absenden/);
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
    assert.doesNotMatch(prepared.serviceProvider.form.Signaturzertifikat, /BEGIN/);

    const metadata = await raw(`/api/muk/connections/${connectionId}/service-provider/metadata.xml`);
    assert.equal(metadata.status, 200);
    assert.match(metadata.type ?? '', /application\/samlmetadata\+xml/);
    assert.equal((await validateSamlMetadata(metadata.text)).valid, true);
    assert.doesNotMatch(metadata.text, /PRIVATE/);
    assert.equal(stack.db.select().from(serviceProviderKeys).where(eq(serviceProviderKeys.municipalityKey, connectionId)).all().length, 2);

    assert.equal((await post({ type: 'service-provider-created', serviceProviderId: 'SP-77' })).status, 200);
    assert.equal((await post({ type: 'service-provider-approved' })).status, 200);
    const testing = await waitForStage('awaiting-integration-test');
    assert.equal(testing.serviceProvider.automatedCheck.passed, true, JSON.stringify(testing.serviceProvider.automatedCheck));

    const done = await post({ type: 'integration-tested', result: 'passed' });
    assert.deepEqual(done.body, { ok: true, stage: 'done' });
    await stack.client.workflow.getHandle(workflowId).result();
    assert.equal((await post({ type: 'integration-tested', result: 'passed' })).status, 409);

    await waitForMail(seedRequest.municipality.support.email, /Mein Unternehmenskonto ist angebunden/);
    const audit = stack.db.select().from(auditEvents).where(eq(auditEvents.workflowId, workflowId)).all();
    assert.ok(audit.some((row) => row.outcome === 'done'));
    assert.ok(audit.some((row) => row.action === 'step:integration-tested' && row.outcome === 'completed'));
  });
});
