// Fixed-window counters in memory: enough to blunt guessing and hammering on one API process, with no
// database round trip on a link click. Several API processes each keep their own windows (README, "Several
// API nodes and workers", says what that allows and how to configure for it). The limiter must not itself be the easy attack: its memory is
// bounded and every request costs O(1), whatever keys an attacker invents.
import type { Request, RequestHandler } from 'express';
import { HttpError } from './errors';

export interface RateLimit {
  limit: number;
  windowMs: number;
  key: (req: Request) => string;
  /** Keys this rule remembers at most; beyond, the oldest window is forgotten (default 50,000). */
  maxKeys?: number;
}

const defaultMaxKeys = 50_000;

interface Window {
  key: string;
  count: number;
  resetAt: number;
}

/**
 * Windows of one length, in a ring of fixed capacity in the order they opened, so the oldest always ends
 * first: expired windows leave from its front and a full ring forgets its oldest, both in O(1). (A Map used
 * as a queue is not O(1) in V8: the holes its deletions leave at the front are skipped on every iteration.)
 */
export class WindowCounter {
  private readonly current = new Map<string, Window>();
  private readonly ring: Array<Window | undefined>;
  private head = 0;
  private length = 0;

  constructor(
    private readonly windowMs: number,
    maxKeys = defaultMaxKeys,
  ) {
    this.ring = new Array<Window | undefined>(maxKeys);
  }

  get size(): number {
    return this.current.size;
  }

  /** The live window of `key`, without creating one. */
  peek(key: string, now: number): Window | undefined {
    this.dropExpired(now);
    const window = this.current.get(key);
    return window && window.resetAt > now ? window : undefined;
  }

  /** Counts one more for `key`, opening a window when none is live. */
  hit(key: string, now: number): Window {
    const live = this.peek(key, now);
    if (live) {
      live.count += 1;
      return live;
    }
    if (this.length === this.ring.length) this.dropOldest();
    const window = { key, count: 1, resetAt: now + this.windowMs };
    this.ring[(this.head + this.length) % this.ring.length] = window;
    this.length += 1;
    this.current.set(key, window);
    return window;
  }

  private dropOldest(): void {
    const oldest = this.ring[this.head]!;
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.ring.length;
    this.length -= 1;
    // A key whose window expired and opened again is in the ring twice; only its live window is current.
    if (this.current.get(oldest.key) === oldest) this.current.delete(oldest.key);
  }

  /** At most two per call: amortised, each window is dropped once, and no call scans. */
  private dropExpired(now: number): void {
    for (let i = 0; i < 2 && this.length > 0 && this.ring[this.head]!.resetAt <= now; i++) this.dropOldest();
  }
}

export function tooManyRequests(
  res: { setHeader(name: string, value: string): unknown },
  window: Window,
  now: number,
): HttpError {
  res.setHeader('Retry-After', String(Math.max(1, Math.ceil((window.resetAt - now) / 1000))));
  return new HttpError(429, 'rate_limited', 'Too many requests; try again shortly');
}

export type RateLimiter = RequestHandler & {
  /** Keys remembered, over every rule (for tests and metrics). */
  keyCount(): number;
};

/**
 * Every rule must allow the request. A rule that already refuses stops the request before any counting,
 * so a refused client (say, one IP hammering random tokens) creates no keys for the other rules.
 */
export function rateLimit(rules: RateLimit[], clock: () => number = Date.now): RateLimiter {
  const counters = rules.map((rule) => new WindowCounter(rule.windowMs, rule.maxKeys ?? defaultMaxKeys));
  const limiter: RequestHandler = (req, res, next) => {
    const now = clock();
    const keys = rules.map((rule) => rule.key(req));
    for (const [index, rule] of rules.entries()) {
      const window = counters[index]!.peek(keys[index]!, now);
      if (window && window.count >= rule.limit) {
        next(tooManyRequests(res, window, now));
        return;
      }
    }
    for (const [index, counter] of counters.entries()) counter.hit(keys[index]!, now);
    next();
  };
  return Object.assign(limiter, { keyCount: () => counters.reduce((sum, counter) => sum + counter.size, 0) });
}
