// `npm run worker`: one worker process. Run as many as the load needs, against any Temporal cluster.
import { Runtime } from '@temporalio/worker';
import { createMailer } from '../activities/mail/mailer';
import { loadConfigOrExit } from '../config/env';
import { createLogger } from '../config/logger';
import { connectClient, connectWorkerConnection } from '../config/temporal';
import { closeDatabase, openAppDatabase } from '../db/open';
import { ensureDocumentSweepSchedule } from './document-sweep-schedule';
import { sdkLogger } from './sdk-logger';
import { startMetricsServer } from './metrics-server';
import { bundleWorkflows, createWorker } from './worker';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const appLogger = createLogger(config.env.LOG_LEVEL);
  // The SDK's own log joins ours (workers/sdk-logger.ts). Its metrics go to a loopback-only exporter that the
  // worker's /metrics serves behind its own.
  const sdkMetricsAddress = `127.0.0.1:${config.env.WORKER_SDK_METRICS_PORT}`;
  Runtime.install({
    logger: sdkLogger(appLogger),
    telemetryOptions: { metrics: { prometheus: { bindAddress: sdkMetricsAddress } } },
  });
  const logger = appLogger.child({ component: 'worker' });
  // Bundling needs no connection: it runs while the worker opens the database and connects.
  const workflowBundle = bundleWorkflows();
  const db = await openAppDatabase(config);
  const mailer = createMailer({ db, config, logger });
  const connection = await connectWorkerConnection(config);
  const temporal = await connectClient(config);
  const worker = await createWorker({
    connection,
    deps: { config, db, logger, mailer, temporal },
    workflowBundle: await workflowBundle,
  });
  await ensureDocumentSweepSchedule(temporal, config);
  logger.info({ taskQueue: config.temporal.taskQueue, address: config.temporal.address }, 'worker polling');
  const metricsServer = await startMetricsServer({
    host: config.env.HOST,
    port: config.env.WORKER_METRICS_PORT,
    sdkMetricsUrl: `http://${sdkMetricsAddress}/metrics`,
    token: config.env.METRICS_TOKEN,
  });
  logger.info({ url: `http://${config.env.HOST}:${config.env.WORKER_METRICS_PORT}/metrics` }, 'worker metrics');
  // The SDK stops polling on SIGINT/SIGTERM and lets running activities finish before run() returns.
  await worker.run();
  metricsServer.close();
  mailer.close();
  await connection.close();
  await temporal.connection.close();
  await closeDatabase(db);
  logger.info('worker stopped');
}

main().catch((error) => {
  process.stderr.write(`worker failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
