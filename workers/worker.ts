// Builds the worker that runs every process on this system's task queue.
import v8 from 'node:v8';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { dataConverterFor } from '../config/codec';

/** Bundled with the workflows: counts processes started and ended (a prebuilt bundle must include them too). */
export const workflowInterceptorModules = [require.resolve('../workflows/process-metrics')];

/**
 * The SDK's default cache assumes small workflows (≈600 per GiB of heap); a user-activation group keeps 250
 * waiting people, ≈5 MiB (bench/activations.ts ran out of a 512 MiB heap at ≈95 cached groups). Sizing for
 * 10 MiB each keeps the workflow thread within its heap however many groups a bulk activation starts.
 */
function cachedWorkflowsForHeap(): number {
  return Math.max(10, Math.floor(v8.getHeapStatistics().heap_size_limit / 2 ** 20 / 10));
}

export interface WorkerSetup {
  connection: NativeConnection;
  deps: ActivityDeps;
  /** A prebuilt bundle (tests build one and share it, with `failureConverterPath` and the interceptors); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export function createWorker({ connection, deps, workflowBundle }: WorkerSetup): Promise<Worker> {
  const { namespace, taskQueue } = deps.config.temporal;
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: require.resolve('../workflows'), interceptors: { workflowModules: workflowInterceptorModules } }),
    dataConverter: dataConverterFor(deps.config.env.PAYLOAD_ENCRYPTION_KEYS),
    activities: createActivities(deps),
    maxCachedWorkflows: deps.config.env.WORKER_MAX_CACHED_WORKFLOWS ?? cachedWorkflowsForHeap(),
  });
}
