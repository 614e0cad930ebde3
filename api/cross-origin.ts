// Cross-site request forgery: SameSite=Lax alone leaves sibling subdomains and older browsers. A
// state-changing request that carries a session cookie must come from a page of this API: its `Origin`
// (or, without one, its `Referer`) must be PUBLIC_BASE_URL's origin, or for /codec one of the Web UI's
// origins. Without either header it passes: every browser sends Origin on a cross-origin POST, and other
// clients (curl, the operators' bearer keys) send neither. `Origin: null` (a sandboxed or privacy-hidden
// origin) is another origin.
import type { RequestHandler } from 'express';
import type { AppConfig } from '../config/env';
import { CODEC_COOKIE, codecCorsOrigins } from './codec';
import { consoleCookieName } from './console/operator-session';
import { HttpError } from './errors';
import { readCookie, sessionCookieName } from './session';

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function originOf(value: string): string | undefined {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

export function rejectCrossOriginRequests(config: AppConfig): RequestHandler {
  const own = new URL(config.publicBaseUrl).origin;
  const codecOrigins = new Set([own, ...codecCorsOrigins(config)]);
  const cookies = [sessionCookieName(config), CODEC_COOKIE, consoleCookieName(config)];
  return (req, _res, next) => {
    if (!stateChanging.has(req.method) || !cookies.some((name) => readCookie(req, name) !== undefined)) return next();
    const source = req.get('origin') ?? req.get('referer');
    if (source === undefined) return next();
    const origin = originOf(source);
    const allowed = req.path === '/codec' || req.path.startsWith('/codec/') ? codecOrigins : new Set([own]);
    if (origin === undefined || !allowed.has(origin)) {
      return next(
        new HttpError(
          403,
          'cross_origin_request',
          'A request with a session cookie must come from a page of this service',
        ),
      );
    }
    next();
  };
}
