// Builds the workers of this system: one runs every process and its activities on the task queue; one does
// the follow-up work (mail, audit rows) from the follow-up task queue, only while the machine has CPU to spare.
import { join } from 'node:path';
import {
  NativeConnection,
  Worker,
  type BundleOptions,
  type WorkflowBundleWithSourceMap,
  type WorkerOptions,
  type WorkerTuner,
} from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { dataConverterFor, failureConverterPath } from '../config/codec';
import { followUpTaskQueue } from '../temporal.config';
import { keptWorkflowBundle } from './workflow-bundle';

/** Bundled with the workflows: counts processes started and ended. */
export const workflowInterceptorModules = [require.resolve('../workflows/process-metrics')];

/** Per checkout (workflow-bundle.ts): an unchanged checkout starts without bundling. */
const bundleCacheDirectory = join(__dirname, '..', '.cache', 'workflow-bundle');

/** Only what needs attention: bundling reports each step at info. */
const bundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

/**
 * Evaluated once per reused V8 context and shared by every workflow in it, instead of once per workflow
 * (bench/workflow-creation.ts). The SDK deep-freezes them and keeps their module state across workflows, so
 * only modules of constants and pure functions belong here: no module-level variable a workflow changes,
 * nothing that reads workflow APIs at load. zod must not be preloaded, nor anything importing it: its
 * schemas install members on themselves on first use (`parse` included), which throws once frozen
 * ("Cannot define property parse, object is not extensible", every MUK workflow test fails); the MUK
 * workflow, the only one using zod, is loaded by its own runs instead (workflows/index.ts). The SDK's
 * workflow API looks the running workflow up on every call, and its internals are shared already.
 */
const preloadModules = [
  '@temporalio/workflow',
  ...[
    '../temporal.config',
    '../domain/duration',
    '../domain/language',
    '../domain/link-acceptance',
    '../domain/organization',
    '../domain/person-name',
    '../domain/process-types',
    '../domain/run-key',
    '../domain/setup',
    '../workflows/connection.messages',
    '../workflows/organization-setup.messages',
    '../workflows/ping.messages',
    '../workflows/process.messages',
    '../workflows/terms-update.messages',
  ].map((module) => require.resolve(module)),
];

/** The workflows as the worker runs them, with the failure converter and the interceptors (a benchmark may vary an option). */
export function bundleWorkflows(
  variation: Pick<BundleOptions, 'preloadModules'> = {},
  cacheDirectory = bundleCacheDirectory,
): Promise<WorkflowBundleWithSourceMap> {
  return keptWorkflowBundle(cacheDirectory, {
    workflowsPath: require.resolve('../workflows'),
    failureConverterPath,
    workflowInterceptorModules,
    preloadModules,
    logger: bundlerLogger,
    ...variation,
  });
}

export interface WorkerSetup {
  connection: NativeConnection;
  deps: ActivityDeps;
  /** From `bundleWorkflows` (bundling can then run while the worker connects; tests share one). */
  workflowBundle: WorkerOptions['workflowBundle'];
}

/** The two workers, run and stopped together. */
export interface Workers {
  /** Runs both until shutdown; if one fails, the other is shut down and the failure is thrown. */
  run(): Promise<void>;
  shutdown(): void;
}

/**
 * Follow-up work waits while the machine is busy: a new task is taken only while CPU use is under the target
 * (two always run, so it never stops). Clicks answered in a burst leave their mail and audit rows for after
 * it, where they used to compete with the next click for the same two cores (measured: bench/connections.ts).
 */
const followUpTuner: WorkerTuner = {
  activityTaskSlotSupplier: {
    type: 'resource-based',
    minimumSlots: 2,
    maximumSlots: 100,
    rampThrottle: '20ms',
    tunerOptions: { targetCpuUsage: 0.8, targetMemoryUsage: 0.9 },
  },
  workflowTaskSlotSupplier: { type: 'fixed-size', numSlots: 1 },
  localActivityTaskSlotSupplier: { type: 'fixed-size', numSlots: 1 },
  nexusTaskSlotSupplier: { type: 'fixed-size', numSlots: 1 },
};

export async function createWorker({ connection, deps, workflowBundle }: WorkerSetup): Promise<Workers> {
  const { namespace, taskQueue } = deps.config.temporal;
  const dataConverter = dataConverterFor(deps.config.env.PAYLOAD_ENCRYPTION_KEYS);
  const activities = createActivities(deps);
  const processes = await Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowBundle,
    dataConverter,
    activities,
    // Unset: the SDK's default, about 600 per GiB of the heap limit (npm start sets it: WORKER_HEAP_MB).
    maxCachedWorkflows: deps.config.env.WORKER_MAX_CACHED_WORKFLOWS,
  });
  const followUps = await Worker.create({
    connection,
    namespace,
    taskQueue: followUpTaskQueue(taskQueue),
    dataConverter,
    activities: {
      sendStepMessage: activities.sendStepMessage,
      sendEmail: activities.sendEmail,
      recordAudit: activities.recordAudit,
      startOrganizationSetup: activities.startOrganizationSetup,
      followUpConnection: activities.followUpConnection,
    },
    tuner: followUpTuner,
  });
  return bothWorkers(processes, followUps);
}

export function bothWorkers(...workers: Worker[]): Workers {
  const shutdown = () => {
    for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  return {
    async run() {
      const runs = await Promise.allSettled(
        workers.map((worker) =>
          worker.run().catch((error: unknown) => {
            shutdown();
            throw error;
          }),
        ),
      );
      const failed = runs.find((run) => run.status === 'rejected');
      if (failed) throw failed.reason;
    },
    shutdown,
  };
}
