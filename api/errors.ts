// Every error the API answers is JSON: { error: { code, message, details? } }.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** `fields` go beside `error` at the top level. */
    readonly extras: { fields?: Record<string, unknown> } = {},
  ) {
    super(message);
  }
}

/** 405 with `Allow` where the path exists under other methods, else 404. */
export function notFound(allowed: (path: string) => string[]): RequestHandler {
  return (req, res, next) => {
    const methods = allowed(req.path);
    if (methods.length > 0 && !methods.includes(req.method)) {
      res.setHeader('Allow', methods.join(', '));
      next(
        new HttpError(
          405,
          'method_not_allowed',
          `${req.method} is not allowed on ${req.path}; allowed: ${methods.join(', ')}`,
        ),
      );
      return;
    }
    next(new HttpError(404, 'not_found', `No route for ${req.method} ${req.path}`));
  };
}

/** Parses with a zod schema; a mismatch is a 422 that names every wrong field. */
export function parseOr422<S extends z.ZodType>(schema: S, value: unknown, what = 'body'): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw new HttpError(422, 'invalid_request', `The request ${what} is invalid`, details);
  }
  return parsed.data;
}

export function errorHandler(log: (error: unknown, status: number) => void): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    let status = 500;
    let body: { code: string; message: string; details?: unknown } = { code: 'internal', message: 'Internal error' };
    if (error instanceof HttpError) {
      status = error.status;
      body = {
        code: error.code,
        message: error.message,
        ...(error.details !== undefined ? { details: error.details } : {}),
      };
    } else if (error?.type === 'entity.parse.failed') {
      status = 400;
      body = { code: 'malformed_json', message: 'The request body is not valid JSON' };
    } else if (error?.type === 'entity.too.large') {
      status = 413;
      body = { code: 'too_large', message: 'The request body is too large' };
    } else if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500) {
      status = error.status;
      body = { code: 'bad_request', message: String(error.message ?? 'Bad request') };
    }
    log(error, status);
    if (res.headersSent) return;
    const extras = error instanceof HttpError ? error.extras : {};
    res.status(status).json({ ...extras.fields, error: body });
  };
}
