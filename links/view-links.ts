// Read-only links to a page (e.g. the printable MUK application) for people without an operator key:
// the path and an expiry, signed with LINK_SIGNING_KEY. They show; they never act.
import { createHmac, timingSafeEqual } from 'node:crypto';

function signature(key: string, path: string, exp: number): string {
  return createHmac('sha256', key).update(`view|${path}|${exp}`).digest('base64url');
}

export function signedViewUrl(publicBaseUrl: string, key: string, path: string, expiresAt: Date): string {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  return `${publicBaseUrl}${path}?exp=${exp}&sig=${signature(key, path, exp)}`;
}

export function isValidViewSignature(key: string, path: string, exp: unknown, sig: unknown, now = Date.now()): boolean {
  if (typeof exp !== 'string' || typeof sig !== 'string' || !/^\d{1,12}$/.test(exp)) return false;
  if (Number(exp) * 1000 <= now) return false;
  const expected = Buffer.from(signature(key, path, Number(exp)));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
