import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { tables } from '../../db/tables';
import type { ErrorAnswer } from '../support/operator-http';
import { withStack } from '../support/stack';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createReadinessCheck } from '../../api/health';
import { followUpTaskQueue } from '../../temporal.config';
import { bothWorkers } from '../../workers/worker';
import { workflowBundle } from '../support/bundle';
import { eventually } from '../support/wait';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { status } from '@grpc/grpc-js';
import { pingEchoUpdate } from '../../workflows/ping.messages';

describe('the stack on a real Temporal dev server', () => {
  const stack = withStack();

  it('is ready once Temporal answers, the worker polls and the DB is migrated', async () => {
    // The worker's first poll reaches the server a moment after start.
    const response = await eventually('the stack to be ready', async () => {
      const answer = await fetch(`${stack.baseUrl}/readyz`);
      return answer.status === 200 && answer;
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { ready: true, checks: { temporal: true, worker: true, database: true } });
    assert.equal((await fetch(`${stack.baseUrl}/healthz`)).status, 200);
  });

  it('is not ready while nobody polls the follow-up queue (mail, audit rows), and ready once a worker does', async () => {
    const config = { ...stack.config, temporal: { ...stack.config.temporal, taskQueue: `readiness-${Date.now()}` } };
    const readiness = createReadinessCheck(config, stack.client, stack.db);
    const connection = await NativeConnection.connect({ address: stack.temporal.address });
    const processes = await Worker.create({
      connection,
      taskQueue: config.temporal.taskQueue,
      workflowBundle: await workflowBundle(),
    });
    const followUps = await Worker.create({
      connection,
      taskQueue: followUpTaskQueue(config.temporal.taskQueue),
      activities: { recordAudit: async () => undefined },
    });
    const workers = bothWorkers(processes, followUps);
    const polledBy = async (taskQueue: string, taskQueueType: temporal.api.enums.v1.TaskQueueType) =>
      (
        (
          await stack.client.workflowService.describeTaskQueue({
            namespace: config.temporal.namespace,
            taskQueue: { name: taskQueue },
            taskQueueType,
          })
        ).pollers ?? []
      ).length > 0 || undefined;
    const runs = [processes.run()];
    try {
      await eventually('the processes worker polling', () =>
        polledBy(config.temporal.taskQueue, temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW),
      );
      assert.deepEqual(await readiness(), { ready: false, checks: { temporal: true, worker: false, database: true } });
      runs.push(followUps.run());
      await eventually('ready', async () => (await readiness()).ready);
    } finally {
      workers.shutdown();
      await Promise.all(runs);
      await connection.close();
    }
  });

  it('drives a ping through HTTP to its DB row', async () => {
    const started = await stack.api('POST', '/api/ping', {});
    assert.equal(started.status, 201);
    const { workflowId } = started.body;
    assert.match(workflowId, /^ping-/);
    assert.equal((await stack.api('GET', `/api/ping/${workflowId}`)).body.stage, 'waiting');

    assert.equal((await stack.api('POST', `/api/ping/${workflowId}/pong`, { message: 'hi' })).status, 202);
    await stack.client.workflow.getHandle(workflowId).result();
    const { pingResults } = tables(stack.db);
    const row = (await stack.db.select().from(pingResults).where(eq(pingResults.workflowId, workflowId)))[0];
    assert.equal(row?.outcome, 'answered');
    assert.equal(row?.message, 'hi');
    const read = await stack.api('GET', `/api/ping/${workflowId}`);
    assert.equal(read.body.stage, 'answered');

    const description = await stack.client.workflow.getHandle(workflowId).describe();
    assert.deepEqual(description.searchAttributes.OnboardingStage, ['answered']);
  });

  it('lets one workflow hold an activation group of Updates at once: the server admits every one, none refused for too many in flight', async () => {
    // A ping on a task queue no worker polls: its Updates are admitted and stay in flight.
    const workflowId = `in-flight-${Date.now()}`;
    await stack.client.workflow.start('ping', {
      taskQueue: 'nobody-polls-this',
      workflowId,
      args: [{ waitForPong: '1 hour' }],
    });
    // Without the client's retries, so a refusal shows as the server's RESOURCE_EXHAUSTED at once; an admitted
    // Update waits to be accepted, which never comes here, until the call's deadline.
    const bare = await Connection.connect({ address: stack.temporal.address, interceptors: [] });
    try {
      const answers = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          bare.withDeadline(Date.now() + 5_000, () =>
            bare.workflowService.updateWorkflowExecution({
              namespace: stack.config.temporal.namespace,
              workflowExecution: { workflowId },
              request: { meta: { updateId: `u-${i}` }, input: { name: pingEchoUpdate.name } },
              waitPolicy: {
                lifecycleStage:
                  temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage
                    .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED,
              },
            }),
          ),
        ),
      );
      // Each ends at its deadline (the client or the server ends it): none refused, none accepted.
      const codes = answers.map((answer) =>
        answer.status === 'rejected' ? (answer.reason as { code?: number }).code : 'answered',
      );
      assert.deepEqual(
        codes.filter((code) => code !== status.DEADLINE_EXCEEDED && code !== status.CANCELLED),
        [],
      );
    } finally {
      await stack.client.workflow.getHandle(workflowId).terminate('test over');
      await bare.close();
    }
  });

  it('answers errors as JSON: 401 without key, 400 malformed JSON, 422 invalid body, 404 unknown route', async () => {
    const noKey = await fetch(`${stack.baseUrl}/api/ping`, { method: 'POST' });
    assert.equal(noKey.status, 401);
    assert.equal(((await noKey.json()) as ErrorAnswer).error.code, 'unauthorized');

    const malformed = await fetch(`${stack.baseUrl}/api/ping`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.config.env.OPERATOR_API_KEY}`, 'content-type': 'application/json' },
      body: '{"waitForPong": ',
    });
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as ErrorAnswer).error.code, 'malformed_json');

    const invalid = await stack.api('POST', '/api/ping', { waitForPong: 'forever' });
    assert.equal(invalid.status, 422);
    assert.equal(invalid.body.error.code, 'invalid_request');
    assert.equal(invalid.body.error.details[0].path, 'waitForPong');

    const unknown = await fetch(`${stack.baseUrl}/nowhere`);
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as ErrorAnswer).error.code, 'not_found');
  });

  it('sends security headers and a request id', async () => {
    const response = await fetch(`${stack.baseUrl}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    assert.equal(response.headers.get('x-request-id'), 'abc-123');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.equal(response.headers.get('x-powered-by'), null);
  });
});
