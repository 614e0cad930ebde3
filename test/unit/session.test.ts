import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { safeReturnTo } from '../../api/auth';
import {
  cookieOptions,
  createSession,
  endSession,
  findSession,
  loginUrlFor,
  pseudonymousSubject,
  sessionCookieName,
  SESSION_LIFETIME_MS,
  sessionMiddleware,
  setSessionCookie,
} from '../../api/session';
import { loadConfig } from '../../config/env';
import { openDatabase, type Db } from '../../db/open';
import { sessions } from '../../db/schema';

const config = loadConfig({});
const anna = { subject: pseudonymousSubject(config, 'http://issuer.test', 'dev-anna'), name: 'Anna Jensen' };

describe('the server-side session', () => {
  let db: Db;
  before(async () => {
    db = await openDatabase(':memory:');
  });

  it('gives the cookie a random id only: neither the name nor the subject can be read from it', async () => {
    const id = await createSession(db, anna);
    assert.match(id, /^[\w-]{43}$/);
    assert.notEqual(await createSession(db, anna), id);
    assert.ok(!Buffer.from(id, 'base64url').toString('latin1').includes('Anna'));
    assert.deepEqual(await findSession(db, id), anna);
  });

  it('keeps only a hash of the id in the database: a copy of the table logs nobody in', async () => {
    const id = await createSession(db, anna);
    const rows = await db.select().from(sessions);
    assert.ok(rows.every((row) => row.idHash !== id && !row.idHash.includes(id)));
    for (const row of rows) assert.equal(await findSession(db, row.idHash), undefined);
  });

  it('counts an unknown, altered or overlong id as no session', async () => {
    const id = await createSession(db, anna);
    assert.equal(await findSession(db, `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`), undefined);
    assert.equal(await findSession(db, 'not-a-session'), undefined);
    assert.equal(await findSession(db, ''), undefined);
    assert.equal(await findSession(db, undefined), undefined);
    assert.equal(await findSession(db, 'x'.repeat(10_000)), undefined);
  });

  it('ends when its row is deleted (logout), for every copy of the cookie', async () => {
    const id = await createSession(db, anna);
    await endSession(db, id);
    assert.equal(await findSession(db, id), undefined);
  });

  it('expires 30 minutes after the login (fixed), and a later login sweeps the expired rows', async () => {
    const sweepDb = await openDatabase(':memory:');
    const issuedAt = Date.now();
    const id = await createSession(sweepDb, anna, issuedAt);
    assert.deepEqual(await findSession(sweepDb, id, issuedAt + SESSION_LIFETIME_MS - 1), anna);
    assert.equal(await findSession(sweepDb, id, issuedAt + SESSION_LIFETIME_MS), undefined);
    assert.equal(SESSION_LIFETIME_MS, 30 * 60_000);
    await createSession(sweepDb, anna, issuedAt + SESSION_LIFETIME_MS);
    assert.equal((await sweepDb.select().from(sessions)).length, 1);
  });

  it('carries whatever else the login adds to the session', async () => {
    const withDigest = { ...anna, identityDigest: 'a-keyed-hash' };
    assert.deepEqual(await findSession(db, await createSession(db, withDigest)), withDigest);
  });
});

describe('the session cookie', () => {
  it('is httpOnly, SameSite=Lax on path / and Secure only in production', () => {
    assert.deepEqual(cookieOptions(config, '/', SESSION_LIFETIME_MS), {
      httpOnly: true,
      sameSite: 'lax',
      secure: false,
      path: '/',
      maxAge: SESSION_LIFETIME_MS,
    });
    assert.equal(cookieOptions({ ...config, production: true }, '/', SESSION_LIFETIME_MS).secure, true);
  });

  it('is __Host-sid, Secure, path /, without Domain in production, and sid over http in development', async () => {
    assert.equal(sessionCookieName(config), 'sid');
    const production = { ...config, production: true };
    const app = express();
    app.get('/', async (_req, res) => {
      await setSessionCookie(res, { config: production, db: await openDatabase(':memory:') }, anna);
      res.end();
    });
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const [cookie = ''] = response.headers.getSetCookie();
      const [pair = '', ...attributes] = cookie.split(';').map((part) => part.trim());
      assert.match(pair, /^__Host-sid=[\w-]{43}$/);
      assert.deepEqual(attributes.map((attribute) => attribute.split('=')[0]!.toLowerCase()).sort(), [
        'expires',
        'httponly',
        'max-age',
        'path',
        'samesite',
        'secure',
      ]);
      assert.ok(attributes.includes('Path=/'));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the pseudonymous subject', () => {
  it('is a keyed hash of issuer and subject: stable, distinct per person, issuer and key', () => {
    const subject = pseudonymousSubject(config, 'http://issuer.test', 'dev-anna');
    assert.match(subject, /^[0-9a-f]{64}$/);
    assert.equal(pseudonymousSubject(config, 'http://issuer.test', 'dev-anna'), subject);
    assert.notEqual(pseudonymousSubject(config, 'http://issuer.test', 'dev-lars'), subject);
    assert.notEqual(pseudonymousSubject(config, 'http://other-issuer.test', 'dev-anna'), subject);
    assert.notEqual(
      pseudonymousSubject(
        loadConfig({ PSEUDONYM_KEY: 'another-pseudonym-key-for-test' }),
        'http://issuer.test',
        'dev-anna',
      ),
      subject,
    );
  });
});

describe('where a login returns to', () => {
  it('keeps a relative path on this API and turns anything else into /', () => {
    assert.equal(safeReturnTo('/l/abc?lang=da#top'), '/l/abc?lang=da#top');
    for (const unsafe of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '/a\nb',
      '',
      undefined,
      ['/a'],
    ]) {
      assert.equal(safeReturnTo(unsafe), '/', String(unsafe));
    }
  });

  it('normalises dot segments, in any encoding, before deciding: none of them reaches another host', () => {
    const dots = [
      '.',
      '..',
      '%2e',
      '%2E',
      '%2e%2e',
      '%2E%2e',
      '.%2e',
      '%2e.',
      'a/..',
      'a/b/../..',
      '%2e%2e/%2e%2e',
      './%2e',
    ];
    const unsafe = dots.flatMap((dot) => [
      `/${dot}//evil.example`,
      `/${dot}//evil.example/l/abc?x=1`,
      `/${dot}/\\evil.example`,
      `/${dot}//evil.example@x`,
    ]);
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

describe('sessionMiddleware', () => {
  let server: Server;
  let baseUrl: string;
  let db: Db;
  before(async () => {
    db = await openDatabase(':memory:');
    const app = express();
    app.use(sessionMiddleware({ config, db }));
    app.get('/me', (req, res) => {
      res.json(req.session ?? null);
    });
    server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  const sessionOf = async (cookie?: string) =>
    (await fetch(`${baseUrl}/me`, { headers: cookie ? { cookie } : {} })).json();

  it('hands the logged-in person to the handlers, and nobody for a missing, ended or foreign cookie', async () => {
    const id = await createSession(db, anna);
    assert.deepEqual(await sessionOf(`other=1; sid=${id}`), anna);
    assert.equal(await sessionOf(), null);
    assert.equal(await sessionOf(`__Host-sid=${id}`), null, 'outside production the cookie is sid');
    await endSession(db, id);
    assert.equal(await sessionOf(`sid=${id}`), null);
  });
});
