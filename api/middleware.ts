// Cross-cutting HTTP concerns: request ids, structured request logs, security headers, operator auth.
import { randomUUID, timingSafeEqual, createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../config/logger';
import { HttpError } from './errors';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    log: Logger;
    /** Set by handlers that act on a workflow, so the request's log line carries it. */
    workflowId?: string;
    operator?: { keyId: string };
  }
}

export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    req.log = logger.child({ requestId: req.id });
    res.setHeader('X-Request-Id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      req.log.info(
        { method: req.method, route: req.route?.path ?? req.path.replace(/\/l\/[^/]+/, '/l/:token'), status: res.statusCode, ms, workflowId: req.workflowId },
        'request',
      );
    });
    next();
  };
}

export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  );
  res.removeHeader('X-Powered-By');
  next();
};

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** The operator's key id as the audit trail names it: never the key itself. */
export function operatorKeyId(key: string): string {
  return `operator:${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

export function bearerKey(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim();
}

export function isOperatorKey(candidate: string | undefined, operatorKey: string): boolean {
  return candidate !== undefined && timingSafeEqual(digest(candidate), digest(operatorKey));
}

export function requireOperator(operatorKey: string): RequestHandler {
  return (req, _res, next) => {
    const key = bearerKey(req.get('authorization'));
    if (!isOperatorKey(key, operatorKey)) {
      next(new HttpError(401, 'unauthorized', 'A valid operator key is required (Authorization: Bearer <key>)'));
      return;
    }
    req.operator = { keyId: operatorKeyId(operatorKey) };
    next();
  };
}
