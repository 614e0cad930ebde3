import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../config/env';

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
      assert.ok(problems.some((line) => line.startsWith(`${name}:`)), `${name} reported`);
    }
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
      assert.ok(problems.some((line) => line.startsWith(`${name}:`)), `${name} required`);
    }
  });

  it('stops an entry point with one clear line per variable, no stack trace', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', '..', 'workers', 'main.ts')], {
      env: { PATH: process.env.PATH, PORT: 'abc', TEMPORAL_PORT: '-1' },
      encoding: 'utf8',
    });
    assert.equal(result.status, 1);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 2, result.stderr);
    assert.ok(lines.every((line) => /^Invalid environment: (PORT|TEMPORAL_PORT): /.test(line)), result.stderr);
  });
});
