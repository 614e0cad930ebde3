import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../config/env';
import { productionEnv } from '../support/production-env';

/** `base` with `change` applied; an undefined value removes the variable. */
function withChange(base: Record<string, string>, change: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string | undefined> = { ...base, ...change };
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration from the environment', () => {
  it('runs on embedded defaults with nothing set', () => {
    const config = loadConfig({});
    assert.equal(config.env.PORT, 3000);
    assert.equal(config.temporal.address, '127.0.0.1:7233');
    assert.equal(config.temporal.taskQueue, 'onboarding');
    assert.equal(config.publicBaseUrl, 'http://127.0.0.1:3000');
    assert.equal(config.durations.connection.prepare.expireAfter, '14 days');
  });

  it('names every wrong variable, one line each', () => {
    const problems = problemsOf({ PORT: 'abc', TEMPORAL_UI_PORT: '70000', LOG_LEVEL: 'loud', SMTP_URL: 'http://x' });
    assert.equal(problems.length, 4);
    for (const name of ['PORT', 'TEMPORAL_UI_PORT', 'LOG_LEVEL', 'SMTP_URL']) {
      assert.ok(
        problems.some((line) => line.startsWith(`${name}:`)),
        `${name} reported`,
      );
    }
  });

  it('keeps the app’s state in SQLite under DATA_DIR unless DATABASE_URL names a PostgreSQL database', () => {
    assert.equal(loadConfig({}).databaseUrl, undefined);
    assert.equal(loadConfig({ DATABASE_URL: '' }).databaseUrl, undefined);
    for (const url of ['postgres://onboarding@db.internal/onboarding', 'postgresql://u:p@127.0.0.1:5432/app'])
      assert.equal(loadConfig({ DATABASE_URL: url }).databaseUrl, url);
    for (const wrong of ['./data/app.sqlite', 'mysql://db/app', 'postgres://'])
      assert.deepEqual(
        problemsOf({ DATABASE_URL: wrong }),
        ['DATABASE_URL: expected a postgres:// or postgresql:// URL (unset: SQLite under DATA_DIR)'],
        wrong,
      );
  });

  it('reads TRUST_PROXY as the proxies in front of the API, refusing what is no address', () => {
    assert.deepEqual(loadConfig({}).env.TRUST_PROXY, ['loopback']);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 2001:db8::1,uniquelocal' }).env.TRUST_PROXY, [
      '10.0.0.0/8',
      '2001:db8::1',
      'uniquelocal',
    ]);
    for (const wrong of ['balancer.internal', '10.0.0.0/33', '10.0.0.1,', 'true'])
      assert.match(problemsOf({ TRUST_PROXY: wrong }).join('\n'), /^TRUST_PROXY: /, wrong);
  });

  it('overrides durations from DURATIONS_JSON and reports wrong paths', () => {
    const config = loadConfig({ DURATIONS_JSON: '{"connection":{"approve":{"expireAfter":"2 seconds"}}}' });
    assert.equal(config.durations.connection.approve.expireAfter, '2 seconds');
    assert.equal(config.durations.connection.approve.remindAfter, '3 days');
    const problems = problemsOf({ DURATIONS_JSON: '{"connection":{"approve":{"expireAfter":"soon"}}}' });
    assert.deepEqual(problems.length, 1);
    assert.match(problems[0]!, /^DURATIONS_JSON\.connection\.approve\.expireAfter: /);
    assert.match(problemsOf({ DURATIONS_JSON: '{' })[0]!, /^DURATIONS_JSON: is not valid JSON/);
  });

  it('refuses production without real secrets', () => {
    const problems = problemsOf({ NODE_ENV: 'production', OPERATOR_API_KEY: 'dev-operator-key' });
    for (const name of ['OPERATOR_API_KEY', 'LINK_SIGNING_KEY', 'PSEUDONYM_KEY', 'PAYLOAD_ENCRYPTION_KEYS']) {
      assert.ok(
        problems.some((line) => line.startsWith(`${name}:`)),
        `${name} required`,
      );
    }
  });

  it('starts in production with real values everywhere', () => {
    const config = loadConfig(productionEnv);
    assert.equal(config.production, true);
  });

  it('refuses production with a dev stand-in or a weak key anywhere', () => {
    const cases: Array<[string, Record<string, string | undefined>]> = [
      ['OIDC_CLIENT_SECRET', { OIDC_CLIENT_SECRET: undefined }],
      ['OIDC_CLIENT_SECRET', { OIDC_CLIENT_SECRET: 'onboarding-dev-secret' }],
      ['COMPANY_REGISTER_FILE', { COMPANY_REGISTER_FILE: undefined }],
      ['COMPANY_REGISTER_FILE', { COMPANY_REGISTER_FILE: 'dev/fixtures/company-register.json' }],
      ['CASEWORKER_EMAIL', { CASEWORKER_EMAIL: 'caseworkers@onboarding.localhost' }],
      ['METRICS_TOKEN', { METRICS_TOKEN: undefined }],
      ['OPERATOR_API_KEY', { OPERATOR_API_KEY: 'a-real-operator-key' }],
      ['OPERATOR_API_KEY', { OPERATOR_API_KEY: 'passwordpasswordpasswordpassword' }],
      ['LINK_SIGNING_KEY', { LINK_SIGNING_KEY: 'x'.repeat(40) }],
      ['PSEUDONYM_KEY', { PSEUDONYM_KEY: 'short-but-mixed-K3y!' }],
    ];
    for (const [name, change] of cases) {
      const problems = problemsOf(withChange(productionEnv, change));
      assert.deepEqual(
        problems.map((line) => line.split(':')[0]),
        [name],
        `${JSON.stringify(change)}: ${problems.join('; ')}`,
      );
    }
  });

  it('serves public metrics in production only when told so', () => {
    assert.deepEqual(problemsOf(withChange(productionEnv, { METRICS_TOKEN: undefined, METRICS_PUBLIC: 'true' })), []);
  });

  it('does not fall into development on a reachable address', () => {
    for (const HOST of ['0.0.0.0', '10.0.0.5', 'api.example']) {
      assert.deepEqual(
        problemsOf({ HOST }).map((line) => line.split(':')[0]),
        ['NODE_ENV'],
        HOST,
      );
      assert.deepEqual(problemsOf({ HOST, NODE_ENV: 'development' }), [], `${HOST}, development chosen`);
    }
    for (const HOST of ['127.0.0.1', 'localhost', '::1']) assert.deepEqual(problemsOf({ HOST }), [], HOST);
  });

  it('stops an entry point with one clear line per variable, no stack trace', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', '..', 'workers', 'main.ts')], {
      env: { PATH: process.env.PATH, PORT: 'abc', TEMPORAL_PORT: '-1' },
      encoding: 'utf8',
    });
    assert.equal(result.status, 1);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 2, result.stderr);
    assert.ok(
      lines.every((line) => /^Invalid environment: (PORT|TEMPORAL_PORT): /.test(line)),
      result.stderr,
    );
  });
});
