import type { Client } from '@temporalio/client';
import type { MitIdMeansBroker } from '../activities/mitid-means';
import type { AppConfig } from '../config/env';
import type { Logger } from '../config/logger';
import type { Db } from '../db/open';
import type { ReadinessReport } from './health';

/** What the HTTP layer needs; tests build it from real parts without listening on a port. */
export interface ApiDeps {
  config: AppConfig;
  db: Db;
  temporal: Client;
  logger: Logger;
  readiness: () => Promise<ReadinessReport>;
  newId: () => string;
  /** MitID Erhverv's broker for separate means; without it, the dev broker (activities/mitid-means.ts). */
  meansBroker?: MitIdMeansBroker;
  /** The worker SDK's Prometheus exporter, where this process also runs the worker (tests): merged into /metrics. */
  sdkMetricsUrl?: string;
}
