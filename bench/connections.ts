// How long a person waits for their click, against one bare Temporal Update, on the system as `npm start`
// runs it (bench/system.ts).
//   npm run bench:connections -- [connections=100] [concurrency=50] [--postgres] [--workers N] [--api-nodes N]
// First the floor on the quiet server: bare Update round trips (`echo` on waiting ping workflows), with as
// many in flight as there are people at once. Then `connections` CVR companies are connected, half on the
// direct path and half on the registrant path, each appointing one administrator (two in every second
// company of each path), who then set the organisation up; then as many employees, imported into some of them and activated in bulk, approve their
// activation. Phase by phase (bench/click-phases.ts) everyone first gets ready (start, mail, login, page;
// not timed; then until the system is quiet again), then the clicks go out with `concurrency` in flight (timed), while a few bare Updates stay in
// flight beside them: the floor under the clicks' load. Printed: both floors; per step type the POSTs' p50
// and p99, their ratio to the quiet floor (the aim of issue 15 is within 1.5×), and the API's own Update
// time (`Server-Timing: update`); per phase the CPU each process spent per click (per Update for the
// floor); per step type what the process did between accepting the link's Update and answering it, or, where
// the link decided, with the claim it was signalled after the answer, from the histories
// (bench/update-round-trips.ts). With several API processes the clicks alternate between them
// (the nth click of a phase to process n mod their number), as a round-robin load balancer sends them. Any click answered other than 200 with its step's state
// fails the run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roundTripsByStep } from './click-histories';
import { activationPhase, approvePhase, preparePhase, setupPhase, type PhaseContext } from './click-phases';
import { ClickLog } from './clicks';
import { cpuNow, cpuSince, settled, type CpuUse } from './cpu';
import { printConnectionsRun, quietFloorPhase } from './connections-report';
import { backgroundFloor, knock, quietFloor, startPingWorkflows } from './floors';
import { companyRegister, planConnections, Sessions, type ConnectionPlan } from './people';
import { benchCommandLine, describeShape, startSystem } from './system';

/** Bare Updates in flight beside the clicks: enough for a steady sample, too few to add load of their own. */
const backgroundInFlight = 3;

/** The click phases in order; the started connections, and how long preparing and approving them took. */
async function runPhases(
  context: PhaseContext,
  plans: ConnectionPlan[],
): Promise<{ started: Map<ConnectionPlan, { connectionId: string; workflowId: string }>; connectSeconds: number }> {
  const connecting = performance.now();
  const started = await preparePhase(context, plans);
  await approvePhase(context, plans);
  const connectSeconds = (performance.now() - connecting) / 1000;
  await setupPhase(context, plans);
  // As many employees as connections, `concurrency` per organisation: one organisation's all at once.
  const organisations = plans
    .slice(0, Math.ceil(plans.length / context.concurrency))
    .map((plan) => started.get(plan)!.connectionId);
  await activationPhase(context, organisations, plans.length, context.concurrency);
  return { started, connectSeconds };
}

async function main(): Promise<void> {
  const { figures, shape } = benchCommandLine();
  const connections = Number(figures[0] ?? 100);
  const concurrency = Number(figures[1] ?? 50);
  const plans = planConnections(connections);
  const registerDir = mkdtempSync(join(tmpdir(), 'bench-connections-'));
  const registerFile = join(registerDir, 'company-register.json');
  writeFileSync(registerFile, JSON.stringify(companyRegister(plans)));
  const system = await startSystem(shape, {
    COMPANY_REGISTER_FILE: registerFile,
    LINK_POSTS_PER_IP_PER_MINUTE: '1000000',
  });
  try {
    const pings = await startPingWorkflows(system, Math.max(concurrency, backgroundInFlight));
    const cpu = new Map<string, { count: number; use: CpuUse }>();
    const measured = async (phase: string, count: number, work: () => Promise<void>) => {
      const before = cpuNow(system.pids);
      await work();
      cpu.set(phase, { count, use: cpuSince(before, cpuNow(system.pids)) });
    };
    // Discarded: the first round trips on a fresh system pay for cold caches and code not yet optimised, which
    // the clicks, each phase after its untimed preparation, do not.
    await quietFloor(system, pings, concurrency * 2, concurrency);
    await settled(system.pids);
    let quiet: number[] = [];
    await measured(quietFloorPhase, connections * 2, async () => {
      quiet = await quietFloor(system, pings, connections * 2, concurrency);
    });
    // Not in the CPU table: a signalled workflow's task runs after the answer, partly outside any window.
    await quietFloor(system, pings, concurrency * 2, concurrency, knock);
    const signals = await quietFloor(system, pings, connections * 2, concurrency, knock);

    const loaded: number[] = [];
    const whileClicking = async (phase: string, count: number, clicks: () => Promise<void>) => {
      const background = backgroundFloor(system, pings, backgroundInFlight);
      try {
        await measured(phase, count, clicks);
      } catch (error) {
        background.halt();
        throw error;
      }
      loaded.push(...(await background.stop()));
    };
    const context: PhaseContext = {
      system,
      concurrency,
      clicks: new ClickLog(),
      sessions: new Sessions(system.config.publicBaseUrl),
      whileClicking,
    };
    const { started, connectSeconds } = await runPhases(context, plans);

    const registrantWorkflows = new Set(
      plans.filter((plan) => plan.path === 'registrant').map((plan) => started.get(plan)!.workflowId),
    );
    const { updates: roundTrips, claims } = await roundTripsByStep(system, registrantWorkflows);
    printConnectionsRun({
      system: describeShape(shape),
      apiNodes: system.apiNodes,
      concurrency,
      connections,
      connectSeconds,
      quiet,
      signals,
      loaded: { samples: loaded, inFlight: backgroundInFlight },
      clicks: context.clicks,
      roundTrips,
      claims,
      cpu,
    });
  } finally {
    await system.stop();
    rmSync(registerDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
