import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { safeReturnTo } from '../../api/auth';
import { errorHandler } from '../../api/errors';
import {
  cookieOptions,
  loginUrlFor,
  openSession,
  pseudonymousSubject,
  requireSession,
  sealSession,
  SESSION_COOKIE,
  SESSION_LIFETIME_MS,
  sessionMiddleware,
} from '../../api/session';
import { loadConfig } from '../../config/env';

const config = loadConfig({});
const anna = { subject: pseudonymousSubject(config, 'http://issuer.test', 'dev-anna'), name: 'Anna Jensen' };

describe('the session cookie', () => {
  it('opens what it sealed, and nothing else: only subject and name travel', () => {
    const sealed = sealSession(config, anna);
    assert.deepEqual(openSession(config, sealed), anna);
    const payload = JSON.parse(Buffer.from(sealed.split('.')[0]!, 'base64url').toString('utf8'));
    assert.deepEqual(Object.keys(payload).sort(), ['exp', 'name', 'subject']);
  });

  it('counts a tampered payload or signature as no session', () => {
    const [body, signature] = sealSession(config, anna).split('.') as [string, string];
    const forgedBody = Buffer.from(JSON.stringify({ ...anna, name: 'Mallory', exp: Date.now() + 60_000 })).toString('base64url');
    assert.equal(openSession(config, `${forgedBody}.${signature}`), undefined);
    assert.equal(openSession(config, `${body}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`), undefined);
    assert.equal(openSession(config, `${body}.`), undefined);
    assert.equal(openSession(config, 'not-a-session'), undefined);
  });

  it('expires after 30 minutes, enforced inside the signed payload', () => {
    const issuedAt = Date.now();
    const sealed = sealSession(config, anna, issuedAt);
    assert.deepEqual(openSession(config, sealed, issuedAt + SESSION_LIFETIME_MS - 1), anna);
    assert.equal(openSession(config, sealed, issuedAt + SESSION_LIFETIME_MS), undefined);
    assert.equal(SESSION_LIFETIME_MS, 30 * 60_000);
  });

  it('is not valid under another signing key', () => {
    const otherConfig = loadConfig({ LINK_SIGNING_KEY: 'another-signing-key-for-this-test' });
    assert.equal(openSession(otherConfig, sealSession(config, anna)), undefined);
  });

  it('is httpOnly, SameSite=Lax on path / and Secure only in production', () => {
    assert.deepEqual(cookieOptions(config, '/', SESSION_LIFETIME_MS), { httpOnly: true, sameSite: 'lax', secure: false, path: '/', maxAge: SESSION_LIFETIME_MS });
    assert.equal(cookieOptions({ ...config, production: true }, '/', SESSION_LIFETIME_MS).secure, true);
  });
});

describe('the pseudonymous subject', () => {
  it('is a keyed hash of issuer and subject: stable, distinct per person, issuer and key', () => {
    const subject = pseudonymousSubject(config, 'http://issuer.test', 'dev-anna');
    assert.match(subject, /^[0-9a-f]{64}$/);
    assert.equal(pseudonymousSubject(config, 'http://issuer.test', 'dev-anna'), subject);
    assert.notEqual(pseudonymousSubject(config, 'http://issuer.test', 'dev-lars'), subject);
    assert.notEqual(pseudonymousSubject(config, 'http://other-issuer.test', 'dev-anna'), subject);
    assert.notEqual(pseudonymousSubject(loadConfig({ PSEUDONYM_KEY: 'another-pseudonym-key-for-test' }), 'http://issuer.test', 'dev-anna'), subject);
  });
});

describe('where a login returns to', () => {
  it('keeps a relative path on this API and turns anything else into /', () => {
    assert.equal(safeReturnTo('/l/abc?lang=da#top'), '/l/abc?lang=da#top');
    for (const unsafe of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/a\nb', '', undefined, ['/a']]) {
      assert.equal(safeReturnTo(unsafe), '/', String(unsafe));
    }
  });

  it('normalises dot segments, in any encoding, before deciding: none of them reaches another host', () => {
    const dots = ['.', '..', '%2e', '%2E', '%2e%2e', '%2E%2e', '.%2e', '%2e.', 'a/..', 'a/b/../..', '%2e%2e/%2e%2e', './%2e'];
    const unsafe = dots.flatMap((dot) => [`/${dot}//evil.example`, `/${dot}//evil.example/l/abc?x=1`, `/${dot}/\\evil.example`, `/${dot}//evil.example@x`]);
    unsafe.push('/\t/evil.example', '/\r\n/evil.example', '/\u007f/evil.example', 'http:evil.example', '/.//');
    for (const value of unsafe) assert.equal(safeReturnTo(value), '/', JSON.stringify(value));
  });

  it('keeps a same-origin path in its normalised form, and encoded slashes or backslashes stay path characters', () => {
    assert.equal(safeReturnTo('/a/./b/../l/abc'), '/a/l/abc');
    assert.equal(safeReturnTo('/%2e/l/abc'), '/l/abc');
    assert.equal(safeReturnTo('/..'), '/');
    assert.equal(safeReturnTo('/%2f/evil.example'), '/%2f/evil.example');
    assert.equal(safeReturnTo('/%5c/evil.example'), '/%5c/evil.example');
    assert.equal(safeReturnTo('/%252e//evil.example'), '/%252e//evil.example');
    for (const value of ['/a/./b/../l/abc', '/%2e/l/abc', '/%2f/evil.example', '/%252e//evil.example']) {
      const resolved = new URL(safeReturnTo(value), 'https://api.example');
      assert.equal(resolved.origin, 'https://api.example', value);
    }
  });

  it('is carried in the login URL', () => {
    assert.equal(loginUrlFor('/l/abc?x=1'), '/auth/login?returnTo=%2Fl%2Fabc%3Fx%3D1');
  });
});

describe('requireSession', () => {
  let server: Server;
  let baseUrl: string;
  before(async () => {
    const app = express();
    app.use(sessionMiddleware(config));
    app.all('/l/:token', (req, res) => {
      res.json(requireSession(req));
    });
    app.use(errorHandler(() => undefined));
    server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  it('answers 401 login_required with loginUrl beside error to API clients', async () => {
    const response = await fetch(`${baseUrl}/l/abc?x=1`);
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), {
      loginUrl: '/auth/login?returnTo=%2Fl%2Fabc%3Fx%3D1',
      error: { code: 'login_required', message: 'Log in to continue' },
    });
  });

  it('sends a browser to log in and come back', async () => {
    const response = await fetch(`${baseUrl}/l/abc`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }, redirect: 'manual' });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/auth/login?returnTo=%2Fl%2Fabc');
  });

  it('answers a browser form POST with 401 rather than a redirect that would turn it into a GET', async () => {
    const response = await fetch(`${baseUrl}/l/abc`, { method: 'POST', headers: { accept: 'text/html' }, redirect: 'manual' });
    assert.equal(response.status, 401);
  });

  it('hands the logged-in person to the handler', async () => {
    const response = await fetch(`${baseUrl}/l/abc`, { headers: { cookie: `${SESSION_COOKIE}=${sealSession(config, anna)}` } });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), anna);
  });
});
