// /healthz: the process lives. /readyz: Temporal answers, a worker polls our task queue, the DB is migrated.
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { AppConfig } from '../config/env';
import { isMigrated, type Db } from '../db/open';

export interface ReadinessReport {
  ready: boolean;
  checks: { temporal: boolean; worker: boolean; database: boolean };
}

/** How long /readyz waits for Temporal before it counts it as down. */
export const readinessDeadlineMs = 2_000;

export function createReadinessCheck(config: AppConfig, client: Client, db: Db): () => Promise<ReadinessReport> {
  return async () => {
    const database = (() => {
      try {
        return isMigrated(db);
      } catch {
        return false;
      }
    })();
    let temporalUp = false;
    let worker = false;
    try {
      // A deadline: a readiness probe must answer in time even when Temporal accepts the connection and
      // then says nothing (the gRPC call is cancelled when it passes).
      const response = await client.withDeadline(Date.now() + readinessDeadlineMs, () =>
        client.workflowService.describeTaskQueue({
          namespace: config.temporal.namespace,
          taskQueue: { name: config.temporal.taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        }),
      );
      temporalUp = true;
      worker = (response.pollers ?? []).length > 0;
    } catch {
      temporalUp = false;
    }
    const checks = { temporal: temporalUp, worker, database };
    return { ready: temporalUp && worker && database, checks };
  };
}

export function healthRouter(readiness: () => Promise<ReadinessReport>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const report = await readiness();
    res.status(report.ready ? 200 : 503).json(report);
  });
  return router;
}
