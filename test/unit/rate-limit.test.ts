import assert from 'node:assert/strict';
import type { Request, Response } from 'express';
import { HttpError } from '../../api/errors';
import { rateLimit, type RateLimiter } from '../../api/rate-limit';

/** Calls the limiter as Express would and tells what it answered: undefined (passed) or the 429's Retry-After. */
function call(limiter: RateLimiter, ip: string, token: string): { status: number; retryAfter?: string } {
  const headers: Record<string, string> = {};
  let outcome: unknown = 'not called';
  const req = { ip, params: { token } } as unknown as Request;
  const res = { setHeader: (name: string, value: string) => void (headers[name] = value) } as unknown as Response;
  limiter(req, res, (error?: unknown) => void (outcome = error));
  if (outcome === undefined) return { status: 200 };
  assert.ok(outcome instanceof HttpError, `unexpected outcome ${String(outcome)}`);
  return { status: outcome.status, retryAfter: headers['Retry-After'] };
}

function linkLimiter(clock: () => number, maxKeys = 50_000, perIp = 100): RateLimiter {
  return rateLimit(
    [
      { limit: perIp, windowMs: 60_000, key: (req) => `ip:${req.ip}` },
      { limit: 10, windowMs: 60_000, key: (req) => `token:${String(req.params.token)}`, maxKeys },
    ],
    clock,
  );
}

const randomToken = () => Math.random().toString(36).slice(2);

describe('rate limiter', () => {
  it('allows the limit per window, then answers 429 with Retry-After until the window ends', () => {
    let now = 1_000_000;
    const limiter = linkLimiter(() => now);
    for (let i = 0; i < 10; i++) assert.equal(call(limiter, '10.0.0.1', 'one').status, 200);
    now += 15_000;
    assert.deepEqual(call(limiter, '10.0.0.1', 'one'), { status: 429, retryAfter: '45' });
    now += 45_000;
    assert.equal(call(limiter, '10.0.0.1', 'one').status, 200);
  });

  it('creates no keys for later rules once an earlier rule refuses', () => {
    const limiter = linkLimiter(() => 0);
    for (let i = 0; i < 100; i++) assert.equal(call(limiter, '10.0.0.2', randomToken()).status, 200);
    const keys = limiter.keyCount();
    for (let i = 0; i < 2_000; i++) assert.equal(call(limiter, '10.0.0.2', randomToken()).status, 429);
    assert.equal(limiter.keyCount(), keys, 'a refused IP added token keys');
  });

  it('keeps its memory bounded under 1,000,000 random tokens, at a constant cost per request', () => {
    let now = 0;
    const maxKeys = 20_000;
    // One client the IP rule lets through (a large NAT), so that every request creates a token key.
    const limiter = linkLimiter(() => now, maxKeys, Number.POSITIVE_INFINITY);
    const batch = 20_000;
    const timeBatch = () => {
      const started = process.hrtime.bigint();
      for (let i = 0; i < batch; i++) call(limiter, '10.0.0.3', randomToken());
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const emptyMs = timeBatch();
    let slowest = 0;
    for (let round = 1; round < 1_000_000 / batch; round++) {
      now += 1_000;
      slowest = Math.max(slowest, timeBatch());
      assert.ok(limiter.keyCount() <= 1 + maxKeys, `${limiter.keyCount()} keys`);
    }
    // A scan per request over a full store would cost thousands of times more; allow for a busy machine.
    assert.ok(
      slowest < emptyMs * 10 + 200,
      `a batch took ${slowest.toFixed(0)} ms when full, ${emptyMs.toFixed(0)} ms when empty`,
    );
  });

  it('forgets expired windows as time passes, without a scan', () => {
    let now = 0;
    const limiter = linkLimiter(() => now);
    for (let i = 0; i < 1_000; i++) call(limiter, `10.1.0.${i}`, randomToken());
    assert.equal(limiter.keyCount(), 2_000);
    now += 60_000;
    for (let i = 0; i < 1_000; i++) call(limiter, '10.2.0.1', 'same');
    assert.ok(limiter.keyCount() <= 2, `${limiter.keyCount()} keys left`);
  });
});
