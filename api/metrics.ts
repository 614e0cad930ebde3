// The API's metrics: request latency per route, action-link requests by outcome, and at scrape time the
// cases waiting per process type and stage (from Temporal's visibility). GET /metrics serves them, with
// the SDK's metrics where this process also runs the worker (tests).
import { Router, type RequestHandler } from 'express';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../config/env';
import { appMetrics, metricsContentType, metricsText } from '../config/metrics';
import { processTypeOf } from '../domain/process-types';
import { searchAttributes } from '../temporal.config';
import { HttpError } from './errors';
import { bearerKey, isOperatorKey } from './middleware';
import { routeMatcher } from './route-templates';

const linkActions: Record<string, string> = {
  'GET /l/:token': 'view',
  'POST /l/:token': 'submit',
  'POST /l/:token/documents': 'upload',
};
const linkOutcomes: Record<number, string> = {
  401: 'login-required',
  403: 'wrong-person',
  404: 'unknown-link',
  409: 'not-pending',
  410: 'expired',
  413: 'too-large',
  415: 'unsupported-type',
  422: 'invalid',
  429: 'rate-limited',
};

function linkOutcome(status: number): string {
  if (status < 400) return 'ok';
  return linkOutcomes[status] ?? (status >= 500 ? 'error' : String(status));
}

export function httpMetrics(config: AppConfig): RequestHandler {
  const match = routeMatcher(config);
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const path = req.path;
    res.on('finish', () => {
      const route = match(req.method, path)?.template ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      appMetrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      const action = linkActions[`${req.method} ${route}`];
      if (action) appMetrics.linkClicks.inc({ action, outcome: linkOutcome(res.statusCode) });
    });
    next();
  };
}

/** Visibility has no GROUP BY for custom attributes: running cases are listed (at most `cap`) and counted here. */
async function countWaitingCases(temporal: Client, cap = 20_000): Promise<void> {
  const counts = new Map<string, { process_type: string; stage: string; n: number }>();
  let seen = 0;
  for await (const info of temporal.workflow.list({ query: 'ExecutionStatus="Running"', pageSize: 1000 })) {
    // A process that has not yet set its ProcessType is counted under it all the same; ping and sweeps under their workflow type.
    const process_type =
      info.typedSearchAttributes.get(searchAttributes.processType) ?? processTypeOf(info.type) ?? info.type;
    const stage = info.typedSearchAttributes.get(searchAttributes.onboardingStage) ?? 'unknown';
    const key = `${process_type}/${stage}`;
    counts.set(key, { process_type, stage, n: (counts.get(key)?.n ?? 0) + 1 });
    if (++seen >= cap) break;
  }
  appMetrics.casesWaiting.reset();
  for (const { n, ...labels } of counts.values()) appMetrics.casesWaiting.set(labels, n);
}

export function metricsRouter(deps: { config: AppConfig; temporal: Client; sdkMetricsUrl?: string }): Router {
  const router = Router();
  const token = deps.config.env.METRICS_TOKEN;
  let countedAt = 0;
  router.get('/metrics', async (req, res) => {
    if (token && !isOperatorKey(bearerKey(req.get('authorization')), token))
      throw new HttpError(401, 'unauthorized', 'Authorization: Bearer <METRICS_TOKEN> is required');
    // At most every 10 s: listing every running case is not free.
    if (Date.now() - countedAt > 10_000) {
      countedAt = Date.now();
      await countWaitingCases(deps.temporal).catch((error: unknown) =>
        req.log.warn({ err: error }, 'cases waiting not counted'),
      );
    }
    res.type(metricsContentType).send(await metricsText(deps.sdkMetricsUrl));
  });
  return router;
}
