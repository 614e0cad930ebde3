// Builds the worker that runs every process on this system's task queue.
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { dataConverterFor } from '../config/codec';

/** Bundled with the workflows: counts processes started and ended (a prebuilt bundle must include them too). */
export const workflowInterceptorModules = [require.resolve('../workflows/process-metrics')];

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
    // Unset: the SDK's default, about 600 per GiB of the heap limit (npm start sets it: WORKER_HEAP_MB).
    maxCachedWorkflows: deps.config.env.WORKER_MAX_CACHED_WORKFLOWS,
  });
}
