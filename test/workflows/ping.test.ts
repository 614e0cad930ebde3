import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { eq } from 'drizzle-orm';
import { createPingActivities } from '../../activities/ping';
import { openDatabase, type Db } from '../../db/open';
import { pingResults } from '../../db/schema';
import { pongSignal } from '../../workflows/ping.messages';
import { workflowBundle } from '../support/bundle';
import { quietRuntime } from '../support/stack';
import { createTimeSkippingEnv } from '../support/time-skipping';

describe('ping workflow (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  let db: Db;

  before(async () => {
    quietRuntime();
    env = await createTimeSkippingEnv();
    db = openDatabase(join(mkdtempSync(join(tmpdir(), 'ping-')), 'app.sqlite'));
  });
  after(async () => {
    db?.$client.close();
    await env?.teardown();
  });

  async function withWorker<T>(fn: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `ping-${Math.random().toString(36).slice(2)}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createPingActivities(db),
    });
    return worker.runUntil(fn(taskQueue));
  }

  it('records a time-out after skipping the whole 90-day wait', async () => {
    const before = await env.currentTimeMs();
    const result = await withWorker((taskQueue) =>
      env.client.workflow.execute('ping', {
        taskQueue,
        workflowId: 'ping-timeout',
        args: [{ waitForPong: '90 days' }],
      }),
    );
    const after = await env.currentTimeMs();
    assert.deepEqual(result, { stage: 'timed-out' });
    assert.ok(after - before >= 90 * 24 * 3600 * 1000, 'workflow time advanced by 90 days');
    const row = db.select().from(pingResults).where(eq(pingResults.workflowId, 'ping-timeout')).get();
    assert.equal(row?.outcome, 'timed-out');
  });

  it('records the answer when the pong arrives in time', async () => {
    const result = await withWorker(async (taskQueue) => {
      const handle = await env.client.workflow.start('ping', {
        taskQueue,
        workflowId: 'ping-answered',
        args: [{ waitForPong: '90 days' }],
      });
      await handle.signal(pongSignal, { message: 'hello' });
      return handle.result();
    });
    assert.deepEqual(result, { stage: 'answered', message: 'hello' });
    const row = db.select().from(pingResults).where(eq(pingResults.workflowId, 'ping-answered')).get();
    assert.equal(row?.message, 'hello');
  });
});
