// The application's own Prometheus metrics (prom-client), one registry per process: the API records
// HTTP latency, link clicks, uploads and (at scrape time) waiting cases; the worker records e-mails.
// Processes started and ended are counted inside the workflows (workflows/process-metrics.ts) through the
// SDK's metric meter and reach Prometheus with the SDK's own metrics. README "Operating it" says where.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'onboarding_' });

export const appMetrics = {
  httpDuration: new Histogram({
    name: 'onboarding_http_request_duration_seconds',
    help: 'HTTP request latency by method, route (as in /openapi.json) and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metricsRegistry],
  }),
  linkClicks: new Counter({
    name: 'onboarding_link_clicks_total',
    help: 'Requests on action links: view (GET), submit (POST), upload, by outcome',
    labelNames: ['action', 'outcome'] as const,
    registers: [metricsRegistry],
  }),
  emailsSent: new Counter({
    name: 'onboarding_emails_sent_total',
    help: 'E-mails accepted by the SMTP server, by step',
    labelNames: ['step'] as const,
    registers: [metricsRegistry],
  }),
  emailsFailed: new Counter({
    name: 'onboarding_emails_failed_total',
    help: 'E-mails not delivered, by step and kind: rejected (permanent, not retried) or transient (retried)',
    labelNames: ['step', 'kind'] as const,
    registers: [metricsRegistry],
  }),
  /** Set by the API at scrape time from Temporal's visibility (api/metrics.ts). */
  casesWaiting: new Gauge({
    name: 'onboarding_cases_waiting',
    help: 'Running processes per process type and stage (OnboardingStage): where cases wait',
    labelNames: ['process_type', 'stage'] as const,
    registers: [metricsRegistry],
  }),
  uploadBytes: new Histogram({
    name: 'onboarding_document_upload_bytes',
    help: 'Sizes of accepted document uploads',
    labelNames: ['media_type'] as const,
    buckets: [10_000, 100_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000],
    registers: [metricsRegistry],
  }),
};

/**
 * This process's metrics in Prometheus text, followed by the SDK's (the worker runtime's exporter, at
 * `sdkMetricsUrl`, where this process runs a worker): one scrape gets both.
 */
export async function metricsText(sdkMetricsUrl?: string): Promise<string> {
  const own = await metricsRegistry.metrics();
  if (!sdkMetricsUrl) return own;
  try {
    const response = await fetch(sdkMetricsUrl, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) throw new Error(`status ${response.status}`);
    return `${own}\n${await response.text()}`;
  } catch (error) {
    return `${own}\n# The SDK's metrics could not be read from ${sdkMetricsUrl}: ${error instanceof Error ? error.message : String(error)}\n`;
  }
}

export const metricsContentType = metricsRegistry.contentType;
