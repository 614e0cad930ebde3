// Which kinds document their representative is configuration (DOCUMENTATION_REQUIRED_KINDS), read once at
// start; a start the configuration cannot serve is refused before any process exists.
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../config/env';
import { startBareApp, type BareApp } from '../support/bare-app';
import type { JsonAnswer } from '../support/operator-http';

const operator = { authorization: 'Bearer dev-operator-key', 'content-type': 'application/json' };

describe('organisation kinds and documentation', () => {
  it('defaults to the seed: every kind but a company documents its representative', () => {
    assert.deepEqual(loadConfig({}).documentationRequiredKinds, [
      'region',
      'municipality',
      'foreign-company',
      'association',
      'other',
    ]);
    assert.deepEqual(
      loadConfig({ DOCUMENTATION_REQUIRED_KINDS: 'foreign-company, other' }).documentationRequiredKinds,
      ['foreign-company', 'other'],
    );
    assert.deepEqual(loadConfig({ DOCUMENTATION_REQUIRED_KINDS: 'none' }).documentationRequiredKinds, []);
  });

  it('refuses an unknown or repeated kind, naming the variable', () => {
    for (const value of ['region,castle', 'region,region']) {
      assert.throws(
        () => loadConfig({ DOCUMENTATION_REQUIRED_KINDS: value }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.problems.length === 1 &&
          error.problems[0]!.startsWith('DOCUMENTATION_REQUIRED_KINDS'),
        value,
      );
    }
  });

  describe('starting a connection', () => {
    let app: BareApp;
    before(async () => {
      app = await startBareApp({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DOCUMENTATION_REQUIRED_KINDS: 'region,foreign-company',
      });
    });
    after(() => app.close());

    async function start(organization: Record<string, unknown>): Promise<JsonAnswer> {
      const response = await fetch(`${app.baseUrl}/api/connections`, {
        method: 'POST',
        headers: operator,
        body: JSON.stringify({
          organization,
          initiator: { role: 'representative', name: 'Lene Borg', email: 'lene@kommune-test.dk' },
        }),
      });
      return { status: response.status, body: await response.json() };
    }

    it('needs a CVR number where the company register, not documentation, confirms the representative', async () => {
      const answer = await start({ name: 'Test Kommune', kind: 'municipality', country: 'DK' });
      assert.equal(answer.status, 422);
      assert.equal(answer.body.error.code, 'invalid_request');
      assert.deepEqual(
        answer.body.error.details.map((d: { path: string }) => d.path),
        ['organization.cvr'],
      );
      assert.match(answer.body.error.details[0].message, /municipality .* company register/);
    });

    it('gives a country other than DK only to a foreign company, and only an ISO 3166-1 alpha-2 code', async () => {
      const region = await start({ name: 'Region Utland', kind: 'region', country: 'SE' });
      assert.equal(region.status, 422);
      assert.equal(region.body.error.code, 'invalid_request');
      assert.deepEqual(region.body.error.details, [
        { path: 'organization.country', message: 'only a foreign company has a country other than DK' },
      ]);
      const unknown = await start({ name: 'Test GmbH', kind: 'foreign-company', country: 'XK' });
      assert.equal(unknown.status, 422);
      assert.equal(unknown.body.error.code, 'invalid_request');
      assert.match(unknown.body.error.details[0].message, /ISO 3166-1 alpha-2/);
    });
  });
});
