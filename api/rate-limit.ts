// Fixed-window counters in memory: enough to blunt guessing and hammering of link POSTs on one API
// process (several API processes each keep their own windows).
import type { RequestHandler } from 'express';
import { HttpError } from './errors';

export interface RateLimit {
  limit: number;
  windowMs: number;
  key: (req: Parameters<RequestHandler>[0]) => string;
}

export function rateLimit(rules: RateLimit[], clock: () => number = Date.now): RequestHandler {
  const windows = rules.map(() => new Map<string, { count: number; resetAt: number }>());
  return (req, res, next) => {
    const now = clock();
    for (const [index, rule] of rules.entries()) {
      const counters = windows[index]!;
      if (counters.size > 50_000) for (const [k, v] of counters) if (v.resetAt <= now) counters.delete(k);
      const key = rule.key(req);
      const current = counters.get(key);
      const window = current && current.resetAt > now ? current : { count: 0, resetAt: now + rule.windowMs };
      window.count += 1;
      counters.set(key, window);
      if (window.count > rule.limit) {
        res.setHeader('Retry-After', String(Math.ceil((window.resetAt - now) / 1000)));
        next(new HttpError(429, 'rate_limited', 'Too many requests; try again shortly'));
        return;
      }
    }
    next();
  };
}
