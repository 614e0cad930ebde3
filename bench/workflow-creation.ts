// What creating a workflow costs the worker: recorded histories, cut after their first workflow task, are
// replayed one after another through the worker's own bundle, so each replay is one workflow created and
// run to its first wait. Prints the wall and CPU milliseconds per workflow, for the bundle as the worker
// builds it and for the same bundle without preloaded modules (what every workflow paid before).
//
//   npx tsx bench/workflow-creation.ts [workflows of each kind, default 100]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { dataConverterFor } from '../config/codec';
import { loadConfig } from '../config/env';
import { quietRuntime } from '../test/support/stack';
import { bundleWorkflows } from '../workers/worker';

const histories = [
  'connection-direct-path',
  'organization-setup',
  'user-activation-means',
  'ping-answered',
  'muk-connection',
];
const count = Number(process.argv[2] ?? 100);
const warmup = 20;
const dataConverter = dataConverterFor(loadConfig({}).env.PAYLOAD_ENCRYPTION_KEYS);

/** The history up to its first completed workflow task: the workflow's creation and its run to the first wait. */
function firstTask(name: string) {
  const { events } = JSON.parse(readFileSync(join(__dirname, '../test/histories', `${name}.json`), 'utf8')) as {
    events: Array<{ eventType: string }>;
  };
  const end = events.findIndex((event) => event.eventType === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
  return historyFromJSON({ events: events.slice(0, end + 1) });
}

async function replay(
  workflowBundle: WorkflowBundleWithSourceMap,
  history: ReturnType<typeof firstTask>,
  workflows: number,
): Promise<void> {
  const inputs = Array.from({ length: workflows }, (_, i) => ({ workflowId: `creation-${i}`, history }));
  for await (const result of Worker.runReplayHistories({ workflowBundle, dataConverter }, inputs)) {
    if (result.error) throw result.error;
  }
}

async function measure(bundleLabel: string, workflowBundle: WorkflowBundleWithSourceMap): Promise<void> {
  for (const name of histories) {
    const history = firstTask(name);
    await replay(workflowBundle, history, warmup);
    const cpu = process.cpuUsage();
    const started = performance.now();
    await replay(workflowBundle, history, count);
    const wallMs = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    console.log(
      `${bundleLabel.padEnd(26)} ${name.padEnd(24)} ${(count / (wallMs / 1000)).toFixed(0).padStart(4)} workflows/s  ` +
        `${(wallMs / count).toFixed(2).padStart(6)} ms wall  ${((user + system) / 1000 / count).toFixed(2).padStart(6)} ms CPU per workflow`,
    );
  }
}

async function main(): Promise<void> {
  quietRuntime();
  const asConfigured = await bundleWorkflows();
  const withoutPreload = await bundleWorkflows({ preloadModules: [] });
  console.log(`${count} workflows of each kind, each replayed to its first wait, one worker, one at a time`);
  await measure('without preloaded modules', withoutPreload);
  await measure('as the worker bundles', asConfigured);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
