// Requests that carry a session cookie from another origin (contract: 403 cross_origin_request), through
// the whole app, as a forged form on another site or a sibling host would send them.
import assert from 'node:assert/strict';
import { createSession } from '../../api/session';
import { startBareApp, type BareApp } from '../support/bare-app';

describe('requests with a session cookie from another origin', () => {
  const own = 'http://127.0.0.1:3000';
  let app: BareApp;
  before(async () => {
    app = await startBareApp({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_BASE_URL: own });
  });
  after(() => app.close());

  const session = async () =>
    `sid=${await createSession(app.deps.db, { subject: 'subject-of-anna', name: 'Anna Jensen' })}`;
  const request = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    fetch(`${app.baseUrl}${path}`, {
      method,
      headers: { accept: 'application/json', ...headers },
      body,
      redirect: 'manual',
    });
  const loggedIn = async (cookie: string) =>
    ((await (await request('GET', '/auth/me', { cookie })).json()) as { loggedIn: boolean }).loggedIn;

  async function assertRefused(response: Response): Promise<void> {
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'cross_origin_request');
  }

  it('refuses a logout posted from another site, by Origin or by Referer, and the session lives on', async () => {
    const cookie = await session();
    await assertRefused(await request('POST', '/auth/logout', { cookie, origin: 'https://evil.example' }));
    await assertRefused(await request('POST', '/auth/logout', { cookie, referer: 'https://evil.example/page' }));
    assert.equal(await loggedIn(cookie), true);
  });

  it('refuses a sibling host, another port, another scheme and the opaque origin null', async () => {
    const cookie = await session();
    for (const origin of [
      'http://127.0.0.1:3001',
      'https://127.0.0.1:3000',
      'http://localhost:3000',
      'null',
      'not a url',
    ]) {
      await assertRefused(await request('POST', '/auth/logout', { cookie, origin }));
    }
    // Origin decides when both are sent.
    await assertRefused(
      await request('POST', '/auth/logout', { cookie, origin: 'https://evil.example', referer: `${own}/l/x` }),
    );
  });

  it('refuses every state-changing method on any route: a link, an organisation call', async () => {
    const cookie = await session();
    await assertRefused(
      await request(
        'POST',
        '/l/some-token',
        { cookie, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
        'decision=approve',
      ),
    );
    await assertRefused(
      await request(
        'PATCH',
        '/api/organizations/dk-cvr-12345678/login-policy',
        { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
        '{}',
      ),
    );
    await assertRefused(
      await request('DELETE', '/api/organizations/dk-cvr-12345678/users/1', { cookie, origin: 'https://evil.example' }),
    );
  });

  it('lets the same request through from this origin, or without Origin and Referer (non-browser clients)', async () => {
    const fromHere = await session();
    assert.equal((await request('POST', '/auth/logout', { cookie: fromHere, origin: own })).status, 204);
    assert.equal(await loggedIn(fromHere), false);
    const byReferer = await session();
    assert.equal((await request('POST', '/auth/logout', { cookie: byReferer, referer: `${own}/l/abc` })).status, 204);
    const bare = await session();
    assert.equal((await request('POST', '/auth/logout', { cookie: bare })).status, 204);
  });

  it('leaves requests without a session cookie and reading requests alone', async () => {
    assert.equal((await request('POST', '/auth/logout', { origin: 'https://evil.example' })).status, 204);
    const cookie = await session();
    assert.equal((await request('GET', '/auth/me', { cookie, origin: 'https://evil.example' })).status, 200);
    const operatorCall = await request(
      'POST',
      '/api/ping',
      { origin: 'https://evil.example', authorization: 'Bearer wrong-key', 'content-type': 'application/json' },
      '{}',
    );
    assert.equal(operatorCall.status, 401);
  });

  it('lets the Temporal Web UI post to /codec with the codec cookie from its own origin, and nobody else', async () => {
    const codec = { cookie: 'codec_session=anything', 'content-type': 'application/json' };
    const fromUi = await request(
      'POST',
      '/codec/decode',
      { ...codec, origin: `http://127.0.0.1:${app.deps.config.env.TEMPORAL_UI_PORT}` },
      '{"payloads":[]}',
    );
    assert.equal(fromUi.status, 200, 'reaches the codec, which in development decodes for the Web UI');
    await assertRefused(
      await request('POST', '/codec/decode', { ...codec, origin: 'https://evil.example' }, '{"payloads":[]}'),
    );
    await assertRefused(
      await request('POST', '/auth/logout', {
        cookie: await session(),
        origin: `http://127.0.0.1:${app.deps.config.env.TEMPORAL_UI_PORT}`,
      }),
    );
  });

  it('is documented: every state-changing operation lists 403', async () => {
    const doc = (await (await request('GET', '/openapi.json', {})).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const writes = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => method !== 'get')
        .map(([method, op]) => ({ path, method, op })),
    );
    assert.ok(writes.length > 15);
    for (const { path, method, op } of writes) assert.ok(op.responses['403'], `${method} ${path}`);
  });
});
