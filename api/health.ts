// /healthz: the process lives. /readyz: Temporal answers, workers poll our task queues (the processes' and the
// follow-up queue), the DB is migrated.
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { AppConfig } from '../config/env';
import { isMigrated, type Db } from '../db/open';
import { followUpTaskQueue } from '../temporal.config';

export interface ReadinessReport {
  ready: boolean;
  checks: { temporal: boolean; worker: boolean; database: boolean };
}

/** How long /readyz waits for Temporal before it counts it as down. */
export const readinessDeadlineMs = 2_000;

export function createReadinessCheck(config: AppConfig, client: Client, db: Db): () => Promise<ReadinessReport> {
  return async () => {
    const database = await isMigrated(db).catch(() => false);
    let temporalUp: boolean;
    let worker = false;
    // Someone polls for it: the processes' workflow tasks, and the follow-up work (mail, audit rows) on its own queue.
    const polled = async (name: string, taskQueueType: temporal.api.enums.v1.TaskQueueType) => {
      const response = await client.workflowService.describeTaskQueue({
        namespace: config.temporal.namespace,
        taskQueue: { name, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType,
      });
      return (response.pollers ?? []).length > 0;
    };
    try {
      // A deadline: a readiness probe must answer in time even when Temporal accepts the connection and
      // then says nothing (the gRPC call is cancelled when it passes).
      const polls = await client.withDeadline(Date.now() + readinessDeadlineMs, () =>
        Promise.all([
          polled(config.temporal.taskQueue, temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW),
          polled(
            followUpTaskQueue(config.temporal.taskQueue),
            temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
          ),
        ]),
      );
      temporalUp = true;
      worker = polls.every(Boolean);
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
