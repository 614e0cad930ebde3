// The bare rate at which a Temporal server starts and completes trivial workflows, with a worker of
// their own on a separate task queue: the ceiling any per-user process on that server can reach.
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { trivial } from './trivial.workflow';
import { runConcurrently } from './stats';

export interface StartRate {
  workflows: number;
  startsPerSecond: number;
  completedPerSecond: number;
}

export async function measureWorkflowStartRate(
  client: Client,
  address: string,
  count: number,
  concurrency = 64,
): Promise<StartRate> {
  const taskQueue = `bench-trivial-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({ connection, taskQueue, workflowsPath: require.resolve('./trivial.workflow') });
  const run = worker.run();
  try {
    const prefix = randomUUID();
    const started = performance.now();
    const handles: Array<WorkflowHandle<typeof trivial>> = [];
    await runConcurrently(count, concurrency, async (i) => {
      handles.push(
        await client.workflow.start<typeof trivial>('trivial', { taskQueue, workflowId: `trivial-${prefix}-${i}` }),
      );
    });
    const startSeconds = (performance.now() - started) / 1000;
    await runConcurrently(handles.length, concurrency, async (i) => {
      await handles[i]!.result();
    });
    const totalSeconds = (performance.now() - started) / 1000;
    return { workflows: count, startsPerSecond: count / startSeconds, completedPerSecond: count / totalSeconds };
  } finally {
    worker.shutdown();
    await run;
    await connection.close();
  }
}
