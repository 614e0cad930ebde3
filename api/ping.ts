// The first process through the whole stack: start a ping, answer it, read its outcome.
import { Router } from 'express';
import { WorkflowNotFoundError } from '@temporalio/client';
import { findPingResult } from '../db/ping';
import { pingStatusQuery, pongSignal } from '../workflows/ping.messages';
import type { ApiDeps } from './deps';
import { HttpError, parseOr422 } from './errors';
import { startWorkflow } from '../config/temporal';
import { startPingBody, pongBody, pingId } from './schemas';

export function pingRouter({ temporal, config, db, newId }: ApiDeps): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const body = parseOr422(startPingBody, req.body ?? {});
    const workflowId = `ping-${newId()}`;
    req.workflowId = workflowId;
    await startWorkflow(temporal, 'ping', {
      workflowId,
      taskQueue: config.temporal.taskQueue,
      args: [{ waitForPong: body.waitForPong ?? config.durations.ping.waitForPong }],
    });
    res.status(201).json({ workflowId });
  });

  router.post('/:id/pong', async (req, res) => {
    const workflowId = parseOr422(pingId, req.params.id, 'path');
    const body = parseOr422(pongBody, req.body);
    req.workflowId = workflowId;
    try {
      await temporal.workflow.getHandle(workflowId).signal(pongSignal, body);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new HttpError(404, 'not_found', 'No running ping with that id');
      throw error;
    }
    res.status(202).json({ ok: true });
  });

  router.get('/:id', async (req, res) => {
    const workflowId = parseOr422(pingId, req.params.id, 'path');
    const row = await findPingResult(db, workflowId);
    if (row) {
      res.json({ workflowId, stage: row.outcome, message: row.message, recordedAt: row.recordedAt });
      return;
    }
    try {
      const status = await temporal.workflow.getHandle(workflowId).query(pingStatusQuery);
      res.json({ workflowId, ...status });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new HttpError(404, 'not_found', 'No ping with that id');
      throw error;
    }
  });

  return router;
}
