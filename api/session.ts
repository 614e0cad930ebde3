// The login session: a stateless cookie `sid` signed with HMAC-SHA256, holding only the pseudonymous
// subject, the display name and its expiry. Nothing about a login is stored on the server.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { AppConfig } from '../config/env';
import { HttpError } from './errors';

export interface Session {
  /** HMAC(PSEUDONYM_KEY, issuer | sub): stable per person, never the provider's own subject. */
  subject: string;
  name: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The logged-in person, set by sessionMiddleware from a valid `sid` cookie. */
    session?: Session;
  }
}

export const SESSION_COOKIE = 'sid';
export const SESSION_LIFETIME_MS = 30 * 60_000;

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
export function verifyValue(key: Buffer, value: string | undefined, now = Date.now()): Record<string, unknown> | undefined {
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

export function sealSession(config: AppConfig, session: Session, now = Date.now()): string {
  return signValue(signingKeyFor(config, 'session'), { subject: session.subject, name: session.name }, now + SESSION_LIFETIME_MS);
}

export function openSession(config: AppConfig, value: string | undefined, now = Date.now()): Session | undefined {
  const payload = verifyValue(signingKeyFor(config, 'session'), value, now);
  if (typeof payload?.subject !== 'string' || typeof payload.name !== 'string') return undefined;
  return { subject: payload.subject, name: payload.name };
}

export function setSessionCookie(res: Response, config: AppConfig, session: Session): void {
  res.cookie(SESSION_COOKIE, sealSession(config, session), cookieOptions(config, '/', SESSION_LIFETIME_MS));
}

export function clearSessionCookie(res: Response, config: AppConfig): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(config, '/', 0));
}

export function sessionMiddleware(config: AppConfig): RequestHandler {
  return (req, _res, next) => {
    req.session = openSession(config, readCookie(req, SESSION_COOKIE));
    next();
  };
}

/** Where a person logs in and then comes back to `returnTo` (a path on this API). */
export function loginUrlFor(returnTo: string): string {
  return `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
}

/**
 * The logged-in person, or a 401 `login_required` whose JSON carries `loginUrl` beside `error`;
 * a browser's GET (Accept: text/html) is redirected to that login URL instead.
 */
export function requireSession(req: Request): Session {
  if (req.session) return req.session;
  const loginUrl = loginUrlFor(req.originalUrl);
  throw new HttpError(401, 'login_required', 'Log in to continue', undefined, {
    fields: { loginUrl },
    browserRedirect: req.method === 'GET' ? loginUrl : undefined,
  });
}
