// The console's sign-in: an operator (or case worker) exchanges the operator key for a signed session
// cookie, `console` (`__Host-console` in production), valid 8 hours, SameSite=Strict. The cookie names the
// key's id only, never the key. The operator API (`/api/...`) accepts it as it accepts the bearer key, so the
// console's own frames (a document shown inline) and scripts reach it; cross-origin posts carrying it are
// refused by api/cross-origin.ts.
import type { Request, Response } from 'express';
import type { AppConfig } from '../../config/env';
import { cookieName, cookieOptions, readCookie, signValue, signingKeyFor, verifyValue } from '../session';

export const CONSOLE_SESSION_MS = 8 * 3600_000;

export function consoleCookieName(config: AppConfig): string {
  return cookieName(config, 'console');
}

const keys = new WeakMap<AppConfig, Buffer>();
function sessionKey(config: AppConfig): Buffer {
  let key = keys.get(config);
  if (!key) keys.set(config, (key = signingKeyFor(config, 'console session')));
  return key;
}

/** The operator a console cookie names, if it is signed, unexpired and made for the current operator key (`keyId`). */
export function consoleOperator(req: Request, config: AppConfig, keyId: string): { keyId: string } | undefined {
  const session = verifyValue(sessionKey(config), readCookie(req, consoleCookieName(config)));
  return session?.keyId === keyId ? { keyId } : undefined;
}

export function startConsoleSession(res: Response, config: AppConfig, keyId: string): void {
  res.cookie(consoleCookieName(config), signValue(sessionKey(config), { keyId }, Date.now() + CONSOLE_SESSION_MS), {
    ...cookieOptions(config, '/', CONSOLE_SESSION_MS),
    sameSite: 'strict',
  });
}

export function endConsoleSession(res: Response, config: AppConfig): void {
  res.clearCookie(consoleCookieName(config), { ...cookieOptions(config, '/', 0), sameSite: 'strict' });
}
