// `npm run api`: the HTTP API, pointed by the environment at a Temporal cluster.
import { randomUUID } from 'node:crypto';
import { loadConfigOrExit } from '../config/env';
import { createLogger } from '../config/logger';
import { connectClient } from '../config/temporal';
import { closeDatabase, openAppDatabase } from '../db/open';
import { createApp } from './app';
import { prepareDocumentStorage } from './document-upload';
import { createReadinessCheck } from './health';
import { startClaimDelivery } from './link-claims';
import { durationMs } from '../domain/duration';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.env.LOG_LEVEL).child({ component: 'api' });
  const db = await openAppDatabase(config);
  await prepareDocumentStorage({ db, config, logger });
  const temporal = await connectClient(config);
  const app = createApp({
    config,
    db,
    temporal,
    logger,
    readiness: createReadinessCheck(config, temporal, db),
    newId: randomUUID,
  });
  const stopClaimDelivery = startClaimDelivery(
    { db, temporal, logger },
    {
      everyMs: durationMs(config.durations.claimDelivery.every),
      graceMs: durationMs(config.durations.claimDelivery.grace),
      keepMs: durationMs(config.durations.claimDelivery.keepDelivered),
    },
  );
  const server = app.listen(config.env.PORT, config.env.HOST, () => {
    logger.info({ url: config.publicBaseUrl }, 'api listening');
  });
  const stop = () => {
    stopClaimDelivery();
    server.close(() => {
      void temporal.connection
        .close()
        .finally(() => closeDatabase(db))
        .finally(() => process.exit(0));
    });
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`api failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
