// The floor a click is compared with: the bare Temporal Update round trip (`echo` on a waiting ping
// workflow, answered in the task that accepts it), measured from the benchmark's own client; and beside it
// the bare Signal (`knock`), answered once recorded, before any workflow task.
import { pingEchoUpdate, pingKnockSignal } from '../workflows/ping.messages';
import { runConcurrently, timed } from './stats';
import type { RunningSystem } from './system';

/** Ping workflows, started through the API, that wait for their pong and meanwhile answer `echo`. */
export async function startPingWorkflows(system: RunningSystem, count: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const started = await system.api('POST', '/api/ping', {});
      if (typeof started.body?.workflowId !== 'string') throw new Error(`POST /api/ping answered ${started.status}`);
      return started.body.workflowId as string;
    }),
  );
}

type RoundTrip = (system: RunningSystem, workflowId: string) => Promise<unknown>;

const echo: RoundTrip = (system, workflowId) =>
  system.client.workflow.getHandle(workflowId).executeUpdate(pingEchoUpdate, { args: ['x'] });

/** The bare Signal round trip. */
export const knock: RoundTrip = (system, workflowId) =>
  system.client.workflow.getHandle(workflowId).signal(pingKnockSignal);

/** `count` round trips (bare Updates unless `roundTrip` says) with `concurrency` in flight, spread over `pings`: the floor on a quiet server. */
export async function quietFloor(
  system: RunningSystem,
  pings: string[],
  count: number,
  concurrency: number,
  roundTrip: RoundTrip = echo,
): Promise<number[]> {
  const samples: number[] = [];
  await runConcurrently(count, concurrency, async (i) => {
    await timed(samples, () => roundTrip(system, pings[i % pings.length]!));
  });
  return samples;
}

/**
 * Round trips with `inFlight` (a few) in flight, one after another, until stopped: the floor under the load
 * the clicks see (their logins, mail polling, other processes' activities), adding little load itself.
 * `halt` only stops sending (when the run failed and the system goes down); `stop` also waits for the last
 * answers and fails if any round trip did.
 */
export function backgroundFloor(
  system: RunningSystem,
  pings: string[],
  inFlight: number,
): { halt(): void; stop(): Promise<number[]> } {
  const samples: number[] = [];
  let running = true;
  let failure: unknown;
  const lanes = pings.slice(0, inFlight).map(async (workflowId) => {
    try {
      while (running) await timed(samples, () => echo(system, workflowId));
    } catch (error) {
      failure ??= error;
    }
  });
  return {
    halt() {
      running = false;
    },
    async stop() {
      running = false;
      await Promise.all(lanes);
      if (failure) throw failure;
      return samples;
    },
  };
}
