// What the API does before it knows who is calling: wrong operator keys are limited per IP, bodies wait for
// authentication, the audit trail names the key by a keyed hash.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { operatorKeyFailures, operatorKeyId } from '../../api/middleware';
import { loadConfig } from '../../config/env';
import { startBareApp, type BareApp } from '../support/bare-app';

const operatorKey = 'dev-operator-key';

/** A request from `ip` (the app trusts X-Forwarded-For from loopback, as behind a local proxy). */
function from(ip: string, headers: Record<string, string> = {}): Record<string, string> {
  return { 'x-forwarded-for': ip, ...headers };
}

describe('operator authentication', () => {
  let app: BareApp;
  beforeEach(async () => {
    app = await startBareApp();
  });
  afterEach(() => app.close());

  const wrongBearer = (ip: string, path = '/api/organizations/dk-cvr-12345678') =>
    fetch(`${app.baseUrl}${path}`, { headers: from(ip, { authorization: 'Bearer not-the-key' }) });

  it('refuses an IP with 429 and Retry-After after too many wrong keys, whatever route or form they came in', async () => {
    const ip = '198.51.100.7';
    const attempts = [
      () => wrongBearer(ip),
      () => fetch(`${app.baseUrl}/api/terms`, { headers: from(ip, { authorization: 'Bearer nope' }) }),
      () =>
        fetch(`${app.baseUrl}/codec/decode`, {
          method: 'POST',
          headers: from(ip, { authorization: 'Bearer nope', 'content-type': 'application/json' }),
          body: '{"payloads":[]}',
        }),
      () =>
        fetch(`${app.baseUrl}/codec/login`, {
          method: 'POST',
          headers: from(ip, { 'content-type': 'application/x-www-form-urlencoded' }),
          body: 'key=guess',
        }),
    ];
    for (let i = 0; i < operatorKeyFailures.limit; i++)
      assert.equal((await attempts[i % attempts.length]!()).status, 401, `attempt ${i + 1}`);

    for (const attempt of attempts) {
      const refused = await attempt();
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'rate_limited');
    }
    // Even the right key: a guesser must not learn that a guess was right.
    const right = await fetch(`${app.baseUrl}/api/organizations/dk-cvr-12345678`, {
      headers: from(ip, { authorization: `Bearer ${operatorKey}` }),
    });
    assert.equal(right.status, 429);
    // Another client is not affected.
    const other = await fetch(`${app.baseUrl}/api/organizations/dk-cvr-12345678`, {
      headers: from('198.51.100.8', { authorization: `Bearer ${operatorKey}` }),
    });
    assert.equal(other.status, 404);
  });

  it('believes X-Forwarded-For only from the proxies TRUST_PROXY names, so a forged one changes nothing', async () => {
    // The API behind a load balancer at 192.0.2.10: requests from loopback come from no proxy it knows.
    const behindBalancer = await startBareApp({ NODE_ENV: 'test', LOG_LEVEL: 'silent', TRUST_PROXY: '192.0.2.10' });
    try {
      const guess = (n: number, key = `guess-${n}`) =>
        fetch(`${behindBalancer.baseUrl}/api/terms`, {
          headers: from(`198.51.100.${n}`, { authorization: `Bearer ${key}` }),
        });
      for (let n = 1; n <= operatorKeyFailures.limit; n++) assert.equal((await guess(n)).status, 401);
      // Ten forwarded addresses, one client: the address the requests came from is over its limit.
      assert.equal((await guess(operatorKeyFailures.limit + 1, operatorKey)).status, 429);
    } finally {
      await behindBalancer.close();
    }
  });

  it('limits /codec/login attempts per IP, the right key included once over the limit', async () => {
    const ip = '198.51.100.9';
    const login = (key: string) =>
      fetch(`${app.baseUrl}/codec/login`, {
        method: 'POST',
        headers: from(ip, { 'content-type': 'application/x-www-form-urlencoded' }),
        body: `key=${key}`,
      });
    for (let i = 0; i < operatorKeyFailures.limit; i++) assert.equal((await login(`guess-${i}`)).status, 401);
    assert.equal((await login(operatorKey)).status, 429);
  });

  it('does not count requests without a key, nor successful ones', async () => {
    const ip = '198.51.100.10';
    for (let i = 0; i < operatorKeyFailures.limit * 2; i++) {
      assert.equal((await fetch(`${app.baseUrl}/api/terms`, { headers: from(ip) })).status, 401);
      assert.equal(
        (
          await fetch(`${app.baseUrl}/api/organizations/none`, {
            headers: from(ip, { authorization: `Bearer ${operatorKey}` }),
          })
        ).status,
        404,
      );
    }
  });

  it('answers 401 to an unauthenticated 1 MB body without parsing it', async () => {
    const malformed = `{${'x'.repeat(1024 * 1024)}`;
    const post = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${app.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: malformed,
      });
    for (const path of ['/api/connections', '/api/organizations/dk-cvr-12345678/activations']) {
      const anonymous = await post(path);
      assert.equal(anonymous.status, 401, path);
      assert.equal(((await anonymous.json()) as { error: { code: string } }).error.code, 'unauthorized');
      assert.equal((await post(path, { authorization: 'Bearer wrong-key' })).status, 401, path);
    }
    // With the key, the body is read, and found wanting.
    const authorized = await fetch(`${app.baseUrl}/api/connections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${operatorKey}` },
      body: '{',
    });
    assert.equal(authorized.status, 400);
  });
});

describe('operator key id in the audit trail', () => {
  it('is a keyed hash: neither the key nor its plain SHA-256, and different under another server secret', () => {
    const config = loadConfig({ OPERATOR_API_KEY: operatorKey });
    const id = operatorKeyId(config);
    assert.match(id, /^operator:[0-9a-f]{12}$/);
    assert.ok(!id.includes(createHash('sha256').update(operatorKey).digest('hex').slice(0, 12)));
    assert.notEqual(
      operatorKeyId(
        loadConfig({ OPERATOR_API_KEY: operatorKey, PSEUDONYM_KEY: 'another-pseudonym-key-of-this-server' }),
      ),
      id,
    );
    assert.equal(operatorKeyId(loadConfig({ OPERATOR_API_KEY: operatorKey })), id, 'stable across restarts');
  });
});
