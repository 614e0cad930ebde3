// Cross-cutting HTTP concerns: request ids, structured request logs, security headers, operator auth.
import { randomUUID, timingSafeEqual, createHash, createHmac } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { AppConfig } from '../config/env';
import type { Logger } from '../config/logger';
import type { Actor } from '../workflows/process.messages';
import { consoleOperator } from './console/operator-session';
import { HttpError } from './errors';
import { tooManyRequests, WindowCounter } from './rate-limit';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    log: Logger;
    /** Set by handlers that act on a workflow, so the request's log line carries it. */
    workflowId?: string;
    operator?: { keyId: string };
    /** `performance.now()` when the request arrived: answers that report their timing count from here. */
    receivedAt: number;
  }
}

/** The operator who made the request, as a process records its actor: on routes behind the operator key or console sign-in. */
export function operatorActor(req: Request): Extract<Actor, { kind: 'operator' }> {
  if (!req.operator) throw new Error(`${req.method} ${req.path} acts as an operator but takes no operator key`);
  return { kind: 'operator', keyId: req.operator.keyId };
}

export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    req.log = logger.child({ requestId: req.id });
    res.setHeader('X-Request-Id', req.id);
    req.receivedAt = performance.now();
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      req.log.info(
        {
          method: req.method,
          route: req.route?.path ?? req.path.replace(/\/l\/[^/]+/, '/l/:token'),
          status: res.statusCode,
          ms,
          workflowId: req.workflowId,
        },
        'request',
      );
    });
    next();
  };
}

/** Every page's policy; a page that frames our own documents adds `frame-src 'self'` to it for itself. */
export const contentSecurityPolicy =
  "default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  // Not no-referrer: under it Chromium sends `Origin: null` on our own form posts, which the cross-origin check refuses.
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Content-Security-Policy', contentSecurityPolicy);
  res.removeHeader('X-Powered-By');
  next();
};

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * The operator's key id as the audit trail names it: never the key itself, and keyed with a server secret
 * so that a leaked audit row cannot be checked against guessed keys.
 */
export function operatorKeyId(config: AppConfig): string {
  return `operator:${createHmac('sha256', config.env.PSEUDONYM_KEY).update(`operator key|${config.env.OPERATOR_API_KEY}`).digest('hex').slice(0, 12)}`;
}

export function bearerKey(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim();
}

export function isOperatorKey(candidate: string | undefined, operatorKey: string): boolean {
  return candidate !== undefined && timingSafeEqual(digest(candidate), digest(operatorKey));
}

/** Wrong operator keys (bearer or /codec/login) a client IP may present per window before it is refused. */
export const operatorKeyFailures = { limit: 10, windowMs: 15 * 60_000 };

export interface OperatorAuth {
  keyId: string;
  /**
   * Whether `candidate` is the operator key. A wrong key counts against the client's IP; an IP over the
   * limit gets 429 (thrown) before its key is even compared, so guessing stays slow whatever it sends.
   */
  verify(req: Request, res: Response, candidate: string | undefined): boolean;
}

const operatorAuths = new WeakMap<AppConfig, OperatorAuth>();

/** One per configuration: every route that takes the operator key shares its failure counts. */
export function operatorAuthFor(config: AppConfig, clock: () => number = Date.now): OperatorAuth {
  const existing = operatorAuths.get(config);
  if (existing) return existing;
  const failures = new WindowCounter(operatorKeyFailures.windowMs);
  const auth: OperatorAuth = {
    keyId: operatorKeyId(config),
    verify(req, res, candidate) {
      if (candidate === undefined) return false;
      const now = clock();
      const ip = req.ip ?? 'unknown';
      const window = failures.peek(ip, now);
      if (window && window.count >= operatorKeyFailures.limit) throw tooManyRequests(res, window, now);
      if (isOperatorKey(candidate, config.env.OPERATOR_API_KEY)) return true;
      failures.hit(ip, now);
      return false;
    },
  };
  operatorAuths.set(config, auth);
  return auth;
}

export function requireOperator(config: AppConfig): RequestHandler {
  const auth = operatorAuthFor(config);
  return (req, res, next) => {
    const key = bearerKey(req.get('authorization'));
    // Without a bearer key, the console's session (api/console/operator-session.ts) stands for it.
    const signedIn = key === undefined ? consoleOperator(req, config, auth.keyId) : undefined;
    if (!signedIn && !auth.verify(req, res, key)) {
      next(
        new HttpError(
          401,
          'unauthorized',
          'A valid operator key is required (Authorization: Bearer <key>, or the console session of /console/login)',
        ),
      );
      return;
    }
    req.operator = signedIn ?? { keyId: auth.keyId };
    next();
  };
}
