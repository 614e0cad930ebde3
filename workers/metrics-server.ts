// The worker's /metrics: its own series (e-mails) and, behind them, the SDK's from the runtime's
// Prometheus exporter (task slots, polls, latencies, and the processes counted in workflows/process-metrics.ts).
import { createServer, type Server } from 'node:http';
import { timingSafeEqual, createHash } from 'node:crypto';
import { metricsContentType, metricsText } from '../config/metrics';

const digest = (value: string) => createHash('sha256').update(value).digest();

export function startMetricsServer(options: {
  host: string;
  port: number;
  sdkMetricsUrl: string;
  token?: string;
}): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (options.token && !timingSafeEqual(digest(given), digest(options.token))) {
      res.writeHead(401).end();
      return;
    }
    metricsText(options.sdkMetricsUrl).then(
      (text) => res.writeHead(200, { 'content-type': metricsContentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve(server));
  });
}
