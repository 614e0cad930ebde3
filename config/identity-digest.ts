// A person's national identity number (CPR) as the system may hold it: never the number, only a keyed
// hash of it, made in the login callback (api/auth.ts) and compared with the hashes of the company
// register's representatives (activities/connection.ts). The key derives from PSEUDONYM_KEY for this one
// purpose, so the digest is no pseudonymous subject and no other HMAC of the system; without the key,
// the 10-digit number space cannot be searched for it. It is kept with the login session and travels in
// the representative's approval only; it is never logged.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function identityDigestKey(pseudonymKey: string): Buffer {
  return createHmac('sha256', pseudonymKey).update('onboarding identity digest v1').digest();
}

/** HMAC(key, 'cpr|' + cpr), hex; undefined for anything that is not a CPR number (10 digits, an optional dash). */
export function identityDigest(key: Buffer, cpr: unknown): string | undefined {
  if (typeof cpr !== 'string' || !/^\d{6}-?\d{4}$/.test(cpr)) return undefined;
  return createHmac('sha256', key)
    .update(`cpr|${cpr.replace('-', '')}`)
    .digest('hex');
}

/** Compares two digests in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === 32 && right.length === 32 && timingSafeEqual(left, right);
}
