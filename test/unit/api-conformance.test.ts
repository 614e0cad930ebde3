// What the API answers matches what /openapi.json promises, where the fuzzer (test/e2e/fuzz.test.ts) found
// them apart: statuses the document left out, methods a path does not have, values the document allowed
// and the API refused, and links for its stateful phase.
import assert from 'node:assert/strict';
import { startBareApp, type BareApp } from '../support/bare-app';
import type { OpenApiDocument } from '../support/openapi-document';
import type { ErrorAnswer } from '../support/operator-http';
import { seedActiveOrganization } from '../support/user-fixtures';

describe('API conformance to its OpenAPI document', () => {
  let app: BareApp;
  let doc: OpenApiDocument;
  const operator = { authorization: 'Bearer dev-operator-key', 'content-type': 'application/json' };
  before(async () => {
    app = await startBareApp();
    doc = (await (await fetch(`${app.baseUrl}/openapi.json`)).json()) as OpenApiDocument;
  });
  after(() => app.close());

  it('answers a method a path does not have with 405 and the methods it has', async () => {
    const response = await fetch(`${app.baseUrl}/healthz`, { method: 'DELETE' });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET, HEAD');
    assert.equal(((await response.json()) as ErrorAnswer).error.code, 'method_not_allowed');
    assert.equal((await fetch(`${app.baseUrl}/no-such-path`, { method: 'DELETE' })).status, 404);
  });

  it('documents 400 malformed_json on every operation with a JSON body, and answers it', async () => {
    const withJson = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, op]) => op.requestBody?.content?.['application/json'])
        .map(([method, op]) => ({ label: `${method.toUpperCase()} ${path}`, op })),
    );
    assert.ok(withJson.length > 15);
    assert.deepEqual(
      withJson.filter(({ op }) => !op.responses['400']).map(({ label }) => label),
      [],
    );
    const response = await fetch(`${app.baseUrl}/api/terms`, {
      method: 'POST',
      headers: operator,
      body: '{"version":',
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as ErrorAnswer).error.code, 'malformed_json');
  });

  it('documents the codec login refusal as the page it is', async () => {
    assert.ok(doc.paths['/codec/login'].post.responses['401'].content['text/html']);
    const response = await fetch(`${app.baseUrl}/codec/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'key=wrong-key-123',
    });
    assert.equal(response.status, 401);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
  });

  it('answers a login callback without a login in progress with 401, as documented', async () => {
    assert.ok(doc.paths['/auth/callback'].get.responses['401']);
    const response = await fetch(`${app.baseUrl}/auth/callback?code=x&state=y`, {
      headers: { accept: 'application/json' },
    });
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as ErrorAnswer).error.code, 'login_expired');
  });

  it('refuses a ping wait the workflow timer cannot read (white space, no unit) before starting anything', async () => {
    for (const waitForPong of ['1903\n\t ms', '7 \t s', '9999999 h']) {
      const response = await fetch(`${app.baseUrl}/api/ping`, {
        method: 'POST',
        headers: operator,
        body: JSON.stringify({ waitForPong }),
      });
      assert.equal(response.status, 422, waitForPong);
    }
  });

  it('answers a login policy change that would leave no login method with 409, as the state it conflicts with', async () => {
    await seedActiveOrganization(app.deps.db, 'dk-cvr-11223344');
    const response = await fetch(`${app.baseUrl}/api/organizations/dk-cvr-11223344/login-policy`, {
      method: 'PATCH',
      headers: operator,
      body: JSON.stringify({ allowPrivateMitId: false, separateMeans: [] }),
    });
    assert.equal(response.status, 409);
    assert.equal(((await response.json()) as ErrorAnswer).error.code, 'no_login_method');
  });

  it('states the rules zod checks beyond its JSON Schema: e-mail pattern, no blank text, id patterns, required bodies', () => {
    const start = doc.paths['/api/connections'].post;
    const body = start.requestBody!.content['application/json']!.schema;
    assert.equal(start.requestBody!.required, true);
    assert.equal(body.properties.initiator.properties.email.pattern.startsWith('^'), true);
    assert.equal(body.properties.initiator.properties.email.format, undefined);
    assert.equal(body.properties.organization.properties.name.pattern, '\\S');
    assert.deepEqual(body.then, { required: ['representative'] });
    const organizationRules = body.properties.organization.allOf;
    assert.deepEqual(organizationRules[0].then, { required: ['cvr'] });
    // Only a foreign company names a country other than DK.
    assert.deepEqual(organizationRules[1], {
      if: { properties: { kind: { not: { const: 'foreign-company' } } } },
      then: { properties: { country: { const: 'DK' } } },
    });
    assert.ok(body.properties.organization.properties.country.enum.includes('SE'));
    const idParameter = doc.paths['/api/connections/{id}'].get.parameters.find((p) => p.name === 'id');
    assert.equal(idParameter?.schema.pattern, '^[a-z]{2}-[a-z0-9-]{1,80}$');
    assert.equal(doc.paths['/api/ping'].post.requestBody!.required, false);
  });

  it('links a started connection to the calls that take its id, for a stateful fuzzer', () => {
    const links = doc.paths['/api/connections'].post.responses['201'].links!;
    assert.deepEqual(links.connection, {
      operationId: 'getApiConnectionsId',
      parameters: { id: '$response.body#/connectionId' },
    });
    const operationIds = new Set(
      Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId)),
    );
    const targets = Object.values(doc.paths).flatMap((item) =>
      Object.values(item).flatMap((op) =>
        Object.values(op.responses).flatMap((response) =>
          Object.values(response.links ?? {}).map((link) => link.operationId),
        ),
      ),
    );
    assert.ok(targets.length > 20);
    assert.deepEqual(
      targets.filter((id) => !operationIds.has(id)),
      [],
    );
  });
});
