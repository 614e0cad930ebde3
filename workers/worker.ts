// Builds the worker that runs every process on this system's task queue.
import { join } from 'node:path';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { dataConverterFor, failureConverterPath } from '../config/codec';

/** Bundled with the workflows: counts processes started and ended. */
export const workflowInterceptorModules = [require.resolve('../workflows/process-metrics')];

/**
 * Webpack's own persistent cache: it checks every file the last bundle read (node_modules by their package
 * versions) and compiles again only what changed, so an unchanged checkout bundles in about a second
 * instead of three or four. Per checkout; a new SDK version starts it afresh.
 */
const bundleCacheDirectory = join(__dirname, '..', '.cache', 'workflow-bundle');
const bundleCacheVersion = `temporalio-worker-${(require('@temporalio/worker/package.json') as { version: string }).version}`;

/** Only what needs attention: bundling reports each step at info. */
const bundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

/** The workflows as the worker runs them, with the failure converter and the interceptors. */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    failureConverterPath,
    workflowInterceptorModules,
    logger: bundlerLogger,
    webpackConfigHook: (config) => ({ ...config, cache: { type: 'filesystem', cacheDirectory: bundleCacheDirectory, version: bundleCacheVersion } }),
  });
}

export interface WorkerSetup {
  connection: NativeConnection;
  deps: ActivityDeps;
  /** From `bundleWorkflows` (bundling can then run while the worker connects; tests share one). */
  workflowBundle: WorkerOptions['workflowBundle'];
}

export function createWorker({ connection, deps, workflowBundle }: WorkerSetup): Promise<Worker> {
  const { namespace, taskQueue } = deps.config.temporal;
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowBundle,
    dataConverter: dataConverterFor(deps.config.env.PAYLOAD_ENCRYPTION_KEYS),
    activities: createActivities(deps),
    // Unset: the SDK's default, about 600 per GiB of the heap limit (npm start sets it: WORKER_HEAP_MB).
    maxCachedWorkflows: deps.config.env.WORKER_MAX_CACHED_WORKFLOWS,
  });
}
