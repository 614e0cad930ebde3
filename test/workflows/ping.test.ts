import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { createPingActivities } from '../../activities/ping';
import { openDatabase, type Db } from '../../db/open';
import { pingResults } from '../../db/schema';
import { pingKnockSignal, pingStatusQuery, pongSignal } from '../../workflows/ping.messages';
import { timeSkippingServer } from '../support/time-skipping';

describe('ping workflow (time-skipping)', () => {
  const server = timeSkippingServer();
  let db: Db;

  before(async () => {
    db = await openDatabase(join(mkdtempSync(join(tmpdir(), 'ping-')), 'app.sqlite'));
  });
  after(() => {
    db?.$client.close();
  });

  const withWorker = <T>(fn: (taskQueue: string) => Promise<T>): Promise<T> =>
    server.withWorker('ping', createPingActivities(db), fn);

  it('records a time-out after skipping the whole 90-day wait', async () => {
    const before = await server.env.currentTimeMs();
    const result = await withWorker((taskQueue) =>
      server.env.client.workflow.execute('ping', {
        taskQueue,
        workflowId: 'ping-timeout',
        args: [{ waitForPong: '90 days' }],
      }),
    );
    const after = await server.env.currentTimeMs();
    assert.deepEqual(result, { stage: 'timed-out' });
    assert.ok(after - before >= 90 * 24 * 3600 * 1000, 'workflow time advanced by 90 days');
    const row = (await db.select().from(pingResults).where(eq(pingResults.workflowId, 'ping-timeout')))[0];
    assert.equal(row?.outcome, 'timed-out');
  });

  it('records the answer when the pong arrives in time', async () => {
    const result = await withWorker(async (taskQueue) => {
      const handle = await server.env.client.workflow.start('ping', {
        taskQueue,
        workflowId: 'ping-answered',
        args: [{ waitForPong: '90 days' }],
      });
      await handle.signal(pongSignal, { message: 'hello' });
      return handle.result();
    });
    assert.deepEqual(result, { stage: 'answered', message: 'hello' });
    const row = (await db.select().from(pingResults).where(eq(pingResults.workflowId, 'ping-answered')))[0];
    assert.equal(row?.message, 'hello');
  });

  it('takes a knock (the bare Signal of the benchmarks) without changing anything, then still answers the pong', async () => {
    const result = await withWorker(async (taskQueue) => {
      const handle = await server.env.client.workflow.start('ping', {
        taskQueue,
        workflowId: 'ping-knocked',
        args: [{ waitForPong: '90 days' }],
      });
      await handle.signal(pingKnockSignal);
      assert.deepEqual(await handle.query(pingStatusQuery), { stage: 'waiting' });
      await handle.signal(pongSignal, { message: 'after the knock' });
      return handle.result();
    });
    assert.deepEqual(result, { stage: 'answered', message: 'after the knock' });
  });
});
