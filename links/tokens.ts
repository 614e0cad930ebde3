// Action-link tokens: `<payload>.<signature>`, base64url, HMAC-SHA256 under LINK_SIGNING_KEY.
// The payload names the link, its purpose, workflow, step, intended recipient (keyed hash, never the
// address) and expiry; whether it was used lives in the action_links table.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface LinkClaims {
  /** Link id (the action_links row). */
  id: string;
  purpose: 'step';
  workflowId: string;
  step: string;
  /** Keyed hash of the intended recipient's e-mail address. */
  recipient: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

interface WireClaims {
  v: 1;
  id: string;
  p: 'step';
  wf: string;
  st: string;
  rc: string;
  exp: number;
}

function sign(key: string, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

export function recipientHash(key: string, email: string): string {
  return createHmac('sha256', key).update(`recipient|${email.trim().toLowerCase()}`).digest('base64url').slice(0, 16);
}

export function signLinkToken(key: string, claims: LinkClaims): string {
  const wire: WireClaims = {
    v: 1,
    id: claims.id,
    p: claims.purpose,
    wf: claims.workflowId,
    st: claims.step,
    rc: claims.recipient,
    exp: claims.exp,
  };
  const payload = Buffer.from(JSON.stringify(wire)).toString('base64url');
  return `${payload}.${sign(key, payload)}`;
}

/** The claims of a genuine token (expired or not), or undefined for anything forged or malformed. */
export function verifyLinkToken(key: string, token: string): LinkClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 2 || parts[0]!.length > 2048) return undefined;
  const [payload, signature] = parts as [string, string];
  const expected = Buffer.from(sign(key, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const wire = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as WireClaims;
    if (wire.v !== 1 || wire.p !== 'step') return undefined;
    return { id: wire.id, purpose: wire.p, workflowId: wire.wf, step: wire.st, recipient: wire.rc, exp: wire.exp };
  } catch {
    return undefined;
  }
}
