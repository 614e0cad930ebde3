// `npm run worker`: one worker process. Run as many as the load needs, against any Temporal cluster.
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createMailer } from '../activities/mail/mailer';
import { loadConfigOrExit } from '../config/env';
import { createLogger } from '../config/logger';
import { connectWorkerConnection } from '../config/temporal';
import { databaseFile, openDatabase } from '../db/open';
import { createWorker } from './worker';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // The SDK's own log (bundling, state changes) only from warnings up; our logger says what matters.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const logger = createLogger(config.env.LOG_LEVEL).child({ component: 'worker' });
  const db = openDatabase(databaseFile(config.dataDir));
  const mailer = createMailer({ db, config, logger });
  const connection = await connectWorkerConnection(config);
  const worker = await createWorker({ connection, deps: { config, db, logger, mailer } });
  logger.info({ taskQueue: config.temporal.taskQueue, address: config.temporal.address }, 'worker polling');
  // The SDK stops polling on SIGINT/SIGTERM and lets running activities finish before run() returns.
  await worker.run();
  mailer.close();
  await connection.close();
  db.$client.close();
  logger.info('worker stopped');
}

main().catch((error) => {
  process.stderr.write(`worker failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
