import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import express from 'express';
import { authRouter } from '../../api/auth';
import { errorHandler } from '../../api/errors';
import { findSession, sessionCookieName } from '../../api/session';
import { loadConfig } from '../../config/env';
import { createLogger } from '../../config/logger';
import { openDatabase } from '../../db/open';
import { tables } from '../../db/tables';
import { devPersonFor, startDevOidcProvider } from '../../dev/oidc-provider';
import { browse, CookieJar, loginAs } from '../support/login';
import { freePort } from '../support/ports';
import { withStack } from '../support/stack';

const SESSION_COOKIE = sessionCookieName(loadConfig({ NODE_ENV: 'test' }));

function sessionCookieValue(cookieHeader: string): string {
  const match = new RegExp(`(?:^|; )${SESSION_COOKIE}=([^;]+)`).exec(cookieHeader);
  assert.ok(match, `a ${SESSION_COOKIE} cookie in "${cookieHeader}"`);
  return match[1]!;
}

describe('login with private MitID (dev login provider)', () => {
  let apiLog = '';
  const stack = withStack({ logger: createLogger('debug', { write: (line: string) => void (apiLog += line) }) });

  async function me(cookie?: string): Promise<unknown> {
    const response = await fetch(`${stack.baseUrl}/auth/me`, { headers: cookie ? { cookie } : {} });
    assert.equal(response.status, 200);
    return response.json();
  }

  it('logs in with login_hint, ends at returnTo and /auth/me shows the name', async () => {
    const { cookie, finalUrl } = await loginAs(stack.baseUrl, 'anna@example.dk', '/auth/me?from=mail');
    assert.equal(finalUrl, `${stack.baseUrl}/auth/me?from=mail`);
    assert.deepEqual(await me(cookie), { loggedIn: true, name: 'Anna Jensen' });
    assert.deepEqual(await me(), { loggedIn: false });
  });

  it('names an unknown e-mail after its local part', async () => {
    const { cookie } = await loginAs(stack.baseUrl, 'jens.peter.hansen@example.dk');
    assert.deepEqual(await me(cookie), { loggedIn: true, name: 'Jens Peter Hansen' });
  });

  it('gives the test person the name in name_hint, as a real login carries the verified name', async () => {
    const hinted = await loginAs(stack.baseUrl, { email: 'anna@example.dk', name: 'Anne-Marie Østergaard Nielsen' });
    assert.deepEqual(await me(hinted.cookie), { loggedIn: true, name: 'Anne-Marie Østergaard Nielsen' });
    const subjectOf = async (cookie: string) => (await findSession(stack.db, sessionCookieValue(cookie)))!.subject;
    assert.equal(
      await subjectOf(hinted.cookie),
      await subjectOf((await loginAs(stack.baseUrl, 'anna@example.dk')).cookie),
      'the same person, whatever the name',
    );
  });

  it('sets the session cookie httpOnly, SameSite=Lax, path /, not Secure in dev', async () => {
    const jar = new CookieJar();
    const { url, response } = await browse(
      jar,
      new URL(`${stack.baseUrl}/auth/login?returnTo=/auth/me&login_hint=lars@example.dk`),
      {
        until: (_response, at) => at.pathname === '/auth/callback',
      },
    );
    assert.equal(url.pathname, '/auth/callback');
    const sessionCookie = response.headers.getSetCookie().find((header) => header.startsWith(`${SESSION_COOKIE}=`));
    assert.ok(sessionCookie, 'the callback sets the session cookie');
    const attributes = sessionCookie.split(';').map((part) => part.trim().toLowerCase());
    assert.ok(attributes.includes('httponly'));
    assert.ok(attributes.includes('samesite=lax'));
    assert.ok(attributes.includes('path=/'));
    assert.ok(attributes.includes(`max-age=${30 * 60}`));
    assert.ok(!attributes.includes('secure'));
  });

  it('gives the same e-mail the same pseudonymous subject each time and another e-mail another one', async () => {
    const subjectOf = async (email: string) =>
      (await findSession(stack.db, sessionCookieValue((await loginAs(stack.baseUrl, email)).cookie)))!.subject;
    const first = await subjectOf('mette@example.dk');
    assert.equal(await subjectOf('mette@example.dk'), first);
    assert.notEqual(await subjectOf('maria@example.de'), first);
    assert.ok(!first.includes(devPersonFor('mette@example.dk').subject));
  });

  it('counts a tampered or expired session cookie as logged out', async () => {
    const value = sessionCookieValue((await loginAs(stack.baseUrl, 'anna@example.dk')).cookie);
    assert.deepEqual(await me(`${SESSION_COOKIE}=${value}`), { loggedIn: true, name: 'Anna Jensen' });
    assert.deepEqual(await me(`${SESSION_COOKIE}=${value.slice(0, -2)}${value.endsWith('AA') ? 'BB' : 'AA'}`), {
      loggedIn: false,
    });

    await stack.db.update(tables(stack.db).sessions).set({ expiresAt: Date.now() - 1 });
    assert.deepEqual(await me(`${SESSION_COOKIE}=${value}`), { loggedIn: false });
  });

  it('puts nothing readable in the cookie: the name stays on the server', async () => {
    const value = sessionCookieValue((await loginAs(stack.baseUrl, 'anna@example.dk')).cookie);
    assert.match(value, /^[\w-]{43}$/);
    for (const encoding of ['utf8', 'latin1'] as const)
      assert.ok(!Buffer.from(value, 'base64url').toString(encoding).includes('Anna'));
    assert.ok(!decodeURIComponent(value).includes('Anna'));
  });

  it('refuses a callback whose state does not belong to the login', async () => {
    const jar = new CookieJar();
    const { response } = await browse(
      jar,
      new URL(`${stack.baseUrl}/auth/login?returnTo=/auth/me&login_hint=anna@example.dk`),
      {
        until: (answer) => answer.headers.get('location')?.startsWith(`${stack.baseUrl}/auth/callback`) ?? false,
      },
    );
    const callback = new URL(response.headers.get('location')!);
    callback.searchParams.set('state', 'forged-state');
    const { response: refused } = await browse(jar, callback);
    assert.equal(refused.status, 400);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'invalid_state');
    assert.equal(jar.get(callback, SESSION_COOKIE), undefined);
  });

  it('returns to / instead of another site', async () => {
    for (const returnTo of [
      'https://evil.example/',
      '//evil.example/',
      '/.//evil.example',
      '/..//evil.example',
      '/%2e//evil.example',
    ]) {
      const { finalUrl } = await loginAs(stack.baseUrl, 'anna@example.dk', returnTo);
      assert.equal(finalUrl, `${stack.baseUrl}/`);
    }
  });

  it('shows the provider login page without login_hint, and logs in whoever submits it', async () => {
    const jar = new CookieJar();
    const { url, response } = await browse(jar, new URL(`${stack.baseUrl}/auth/login?returnTo=/auth/me`));
    assert.equal(url.origin, stack.config.oidc.issuer);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const page = await response.text();
    assert.match(page, /<form method="post" action="\/interaction\/[\w-]+">/);
    assert.match(page, /<input id="email" name="email" type="email"/);
    assert.doesNotMatch(page, /<script/i);

    const action = new URL(/action="([^"]+)"/.exec(page)![1]!, url);
    const { url: end, response: landed } = await browse(jar, action, { form: { email: 'lars@example.dk' } });
    assert.equal(end.href, `${stack.baseUrl}/auth/me`);
    assert.deepEqual(await landed.json(), { loggedIn: true, name: 'Lars Nielsen' });
  });

  it('logs out, and a copy of the cookie taken before is logged out too', async () => {
    const { cookie } = await loginAs(stack.baseUrl, 'anna@example.dk');
    const copied = cookie;
    const response = await fetch(`${stack.baseUrl}/auth/logout`, { method: 'POST', headers: { cookie } });
    assert.equal(response.status, 204);
    assert.match(
      response.headers.getSetCookie().join('\n'),
      new RegExp(`^${SESSION_COOKIE}=;.*Expires=Thu, 01 Jan 1970`, 'm'),
    );
    assert.deepEqual(await me(copied), { loggedIn: false });
  });

  it('ends the session a new login in the same browser replaces', async () => {
    const jar = new CookieJar();
    const api = new URL(stack.baseUrl);
    const logIn = (email: string) =>
      browse(jar, new URL(`/auth/login?${new URLSearchParams({ returnTo: '/auth/me', login_hint: email })}`, api));
    await logIn('anna@example.dk');
    const first = jar.header(api);
    await logIn('lars@example.dk');
    assert.notEqual(jar.header(api), first);
    assert.deepEqual(await me(jar.header(api)), { loggedIn: true, name: 'Lars Nielsen' });
    assert.deepEqual(await me(first), { loggedIn: false });
  });

  it('keeps neither the provider subject nor the CPR number in the database or the logs', async () => {
    const email = 'data.minimisation@example.dk';
    const person = devPersonFor(email);
    const { cookie } = await loginAs(stack.baseUrl, email);
    assert.deepEqual(await me(cookie), { loggedIn: true, name: 'Data Minimisation' });

    assert.match(apiLog, /"route":"\/callback"/, 'the API log was captured');
    const database = join(stack.config.dataDir, 'app.sqlite');
    const stored = [database, `${database}-wal`]
      .filter(existsSync)
      .map((file) => readFileSync(file).toString('latin1'));
    assert.ok(stored.length > 0, 'the database file exists');
    for (const [where, text] of [
      ['database', stored.join('')],
      ['API log', apiLog],
    ] as const) {
      assert.ok(!text.includes(person.subject), `${where} holds the provider subject`);
      assert.ok(!text.includes(person.cpr), `${where} holds the CPR number`);
      assert.ok(!text.includes(email), `${where} holds the e-mail`);
    }
  });
});

describe('login when the provider is not reachable', () => {
  it('answers 502 JSON, and works once the provider is up (discovery is retried, then kept)', async () => {
    const [apiPort, providerPort] = [await freePort(), await freePort()];
    const config = loadConfig({ NODE_ENV: 'test', PORT: String(apiPort), DEV_OIDC_PORT: String(providerPort) });
    const app = express();
    app.use('/auth', authRouter({ config, db: await openDatabase(':memory:') }));
    app.use(errorHandler(() => undefined));
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(apiPort, '127.0.0.1', () => resolve(listening));
    });
    try {
      const loginUrl = `http://127.0.0.1:${apiPort}/auth/login?returnTo=/`;
      const unreachable = await fetch(loginUrl, { redirect: 'manual' });
      assert.equal(unreachable.status, 502);
      assert.equal(((await unreachable.json()) as { error: { code: string } }).error.code, 'login_provider_error');

      const provider = await startDevOidcProvider({
        port: providerPort,
        client: {
          clientId: config.oidc.clientId,
          clientSecret: config.oidc.clientSecret,
          redirectUris: [config.oidc.redirectUrl],
        },
      });
      try {
        const redirected = await fetch(loginUrl, { redirect: 'manual' });
        assert.equal(redirected.status, 303);
        assert.ok(redirected.headers.get('location')?.startsWith(`${provider.issuer}/auth?`));
      } finally {
        await provider.stop();
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
