// The login session: the cookie `sid` (`__Host-sid` in production) carries only a random id; the session
// itself (pseudonymous subject, verified display name) is a row of `sessions` keyed by the id's SHA-256.
// Logout deletes the row, so a copied cookie ends with it. The expiry is fixed: 30 minutes after the login.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { AppConfig } from '../config/env';
import type { Db } from '../db/open';
import { deleteSession, insertSession, liveSessionData } from '../db/sessions';

/** What a login establishes; the whole object is kept in the session's row, so a field added here travels with it. */
export interface Session {
  /** HMAC(PSEUDONYM_KEY, issuer | sub): stable per person, never the provider's own subject. */
  subject: string;
  name: string;
  /** The keyed hash of the person's CPR number (config/identity-digest.ts), where the login carried one; never the number. */
  identityDigest?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The logged-in person, set by sessionMiddleware from a session cookie naming a live session. */
    session?: Session;
  }
}

export interface SessionDeps {
  config: AppConfig;
  db: Db;
}

export const SESSION_LIFETIME_MS = 30 * 60_000;

/**
 * `__Host-<name>` in production: the browser keeps it only if Secure, with path / and no Domain, so neither
 * a sibling subdomain nor a plain-http page can set or shadow it. In development over http, the bare name.
 */
export function cookieName(config: AppConfig, name: string): string {
  return config.production ? `__Host-${name}` : name;
}

export function sessionCookieName(config: AppConfig): string {
  return cookieName(config, 'sid');
}

/** A key for one purpose, derived from LINK_SIGNING_KEY, so a value signed for one use never verifies for another. */
export function signingKeyFor(config: AppConfig, purpose: string): Buffer {
  return createHmac('sha256', config.env.LINK_SIGNING_KEY).update(`onboarding ${purpose} v1`).digest();
}

/** `base64url(JSON).base64url(HMAC)`, with the expiry inside the signed part. */
export function signValue(key: Buffer, payload: object, expiresAt: number): string {
  const body = Buffer.from(JSON.stringify({ ...payload, exp: expiresAt })).toString('base64url');
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

/** The signed payload, or undefined when the signature is wrong or it has expired. */
export function verifyValue(
  key: Buffer,
  value: string | undefined,
  now = Date.now(),
): Record<string, unknown> | undefined {
  const [body, signature, ...rest] = (value ?? '').split('.');
  if (!body || !signature || rest.length > 0) return undefined;
  const expected = createHmac('sha256', key).update(body).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    return typeof payload?.exp === 'number' && payload.exp > now ? payload : undefined;
  } catch {
    return undefined;
  }
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) {
      try {
        return decodeURIComponent(part.slice(separator + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function cookieOptions(config: AppConfig, path: string, maxAgeMs: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: config.production, path, maxAge: maxAgeMs };
}

export function pseudonymousSubject(config: AppConfig, issuer: string, sub: string): string {
  return createHmac('sha256', config.env.PSEUDONYM_KEY).update(`${issuer}|${sub}`).digest('hex');
}

function hashOfId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** Stores the session and returns its id, the cookie's whole value. */
export async function createSession(db: Db, session: Session, now = Date.now()): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await insertSession(
    db,
    { idHash: hashOfId(id), data: JSON.stringify(session), expiresAt: now + SESSION_LIFETIME_MS },
    now,
  );
  return id;
}

/** The live session behind a cookie's id; an unknown, ended or expired one is none. */
export async function findSession(db: Db, id: string | undefined, now = Date.now()): Promise<Session | undefined> {
  if (!id || id.length > 128) return undefined;
  const data = await liveSessionData(db, hashOfId(id), now);
  const session: unknown = data && JSON.parse(data);
  return typeof session === 'object' &&
    session !== null &&
    typeof (session as Session).subject === 'string' &&
    typeof (session as Session).name === 'string'
    ? (session as Session)
    : undefined;
}

export async function endSession(db: Db, id: string | undefined): Promise<void> {
  if (id) await deleteSession(db, hashOfId(id));
}

/** A new login ends the session it replaces in this browser, so an earlier copy of the cookie ends too. */
export async function setSessionCookie(res: Response, deps: SessionDeps, session: Session): Promise<void> {
  await endSession(deps.db, readCookie(res.req, sessionCookieName(deps.config)));
  res.cookie(
    sessionCookieName(deps.config),
    await createSession(deps.db, session),
    cookieOptions(deps.config, '/', SESSION_LIFETIME_MS),
  );
}

/** Logout: the session's row goes, so a copy of the cookie logs nobody in any more. */
export async function endSessionOf(req: Request, res: Response, deps: SessionDeps): Promise<void> {
  await endSession(deps.db, readCookie(req, sessionCookieName(deps.config)));
  res.clearCookie(sessionCookieName(deps.config), cookieOptions(deps.config, '/', 0));
}

export function sessionMiddleware(deps: SessionDeps): RequestHandler {
  const name = sessionCookieName(deps.config);
  return async (req, _res, next) => {
    req.session = await findSession(deps.db, readCookie(req, name));
    next();
  };
}

/** Where a person logs in and then comes back to `returnTo` (a path on this API). */
export function loginUrlFor(returnTo: string): string {
  return `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
}
