// What bench/connections.ts prints: both floors, one line per step type with its ratio to the quiet floor,
// and the round trips inside the process from the histories.
import { stepTypes, type ClickLog, type ClickTiming, type StepType } from './clicks';
import type { CpuUse } from './cpu';
import { ms, percentile } from './stats';
import {
  describeClaimTakings,
  describeRoundTrips,
  summarizeRoundTrips,
  type ClaimTaking,
  type UpdateRoundTrip,
} from './update-round-trips';

export interface ConnectionsRun {
  /** The system's shape in words. */
  system: string;
  /** The API processes the clicks alternate between. */
  apiNodes: string[];
  concurrency: number;
  connections: number;
  connectSeconds: number;
  quiet: number[];
  /** Bare Signals on the quiet server, as many in flight. */
  signals: number[];
  loaded: { samples: number[]; inFlight: number };
  clicks: ClickLog;
  roundTrips: Map<StepType, UpdateRoundTrip[]>;
  /** What the processes did with the clicks their links decided, by step type. */
  claims: Map<StepType, ClaimTaking[]>;
  /** Per phase (the quiet floor, each click phase): how many Updates or clicks, and each process's CPU milliseconds meanwhile. */
  cpu: Map<string, { count: number; use: CpuUse }>;
}

/** The CPU table's row that the clicks' rows are compared with. */
export const quietFloorPhase = 'bare Update (quiet floor)';

const width = Math.max(...stepTypes.map((type) => type.length));
const column = (text: string, size: number) => text.padStart(size);
const ratio = (value: number, floor: number) => `${(value / floor).toFixed(2)}×`;

function floorLine(label: string, samples: number[], noun = 'Updates'): string {
  return `  ${label.padEnd(44)}${column(String(samples.length), 6)} ${noun.padEnd(7)}  p50 ${column(ms(percentile(samples, 50)), 10)}  p99 ${column(ms(percentile(samples, 99)), 10)}`;
}

function clickLines(run: ConnectionsRun): string[] {
  const floor50 = percentile(run.quiet, 50);
  const floor99 = percentile(run.quiet, 99);
  // The API's own figures, where it sends Server-Timing: the rest of a click's wait is the way to it and back.
  const p50Of = (timings: ClickTiming[], pick: (timing: ClickTiming) => number | undefined) => {
    const samples = timings.flatMap((timing) => pick(timing) ?? []);
    return samples.length > 0 ? ms(percentile(samples, 50)) : '-';
  };
  const header = `  ${'step'.padEnd(width)}  POSTs        p50         p99   p50 ×   p99 ×   API p50  of which claim/Update p50`;
  const lines = stepTypes.map((type) => {
    const timings = run.clicks.timings.get(type)!;
    const durations = timings.map((timing) => timing.ms);
    const p50 = percentile(durations, 50);
    const p99 = percentile(durations, 99);
    const api = column(
      p50Of(timings, (timing) => timing.apiMs),
      10,
    );
    const decision = column(
      p50Of(timings, (timing) => timing.decisionMs),
      27,
    );
    return `  ${type.padEnd(width)}${column(String(timings.length), 7)}  ${column(ms(p50), 10)}  ${column(ms(p99), 10)}  ${column(ratio(p50, floor50), 6)}  ${column(ratio(p99, floor99), 6)}${api}${decision}`;
  });
  return [header, ...lines];
}

function roundTripLines(run: ConnectionsRun): string[] {
  return stepTypes.flatMap((type) => {
    const trips = run.roundTrips.get(type) ?? [];
    const claims = run.claims.get(type) ?? [];
    const lines = [
      ...(trips.length > 0 ? [`  ${type}: ${describeRoundTrips(summarizeRoundTrips(trips))}`] : []),
      ...(claims.length > 0 ? [`  ${type}: ${describeClaimTakings(claims)}`] : []),
    ];
    return lines.length > 0 ? lines : [`  ${type}: no link click found in the histories`];
  });
}

/**
 * Per phase each process's CPU per click, their sum, and the sum's ratio to the quiet floor's: on two cores
 * with 50 in flight the machine is saturated, and a click's wait follows that ratio.
 */
function cpuLines(run: ConnectionsRun): string[] {
  const parts = [...new Set([...run.cpu.values()].flatMap(({ use }) => Object.keys(use)))];
  const header = `  ${'phase'.padEnd(width + 6)}${[...parts, 'all', 'all ×'].map((part) => column(part, 11)).join('')}`;
  const allPerClick = ({ count, use }: { count: number; use: CpuUse }) =>
    Object.values(use).reduce((sum, ms) => sum + ms, 0) / count;
  const floor = run.cpu.get(quietFloorPhase);
  const floorAll = floor && allPerClick(floor);
  const lines = [...run.cpu].map(([phase, phaseUse]) => {
    const perProcess = parts.map((part) => column(((phaseUse.use[part] ?? 0) / phaseUse.count).toFixed(1), 11));
    const all = allPerClick(phaseUse);
    const times = floorAll ? column(ratio(all, floorAll), 11) : '';
    return `  ${phase.padEnd(width + 6)}${perProcess.join('')}${column(all.toFixed(1), 11)}${times}`;
  });
  return [header, ...lines];
}

export function printConnectionsRun(run: ConnectionsRun): void {
  const lines = [
    `system: ${run.system}`,
    `link POSTs go to ${run.apiNodes.length === 1 ? `the one API process, ${run.apiNodes[0]}` : `the API processes in turn: ${run.apiNodes.join(', ')}`}`,
    'bare Update round trip (echo on a waiting ping workflow):',
    floorLine(`quiet, warmed up, ${run.concurrency} in flight`, run.quiet),
    floorLine(`under the clicks' load, ${run.loaded.inFlight} in flight`, run.loaded.samples),
    'bare Signal round trip (knock on a waiting ping workflow: answered once recorded, before the workflow runs):',
    floorLine(`quiet, warmed up, ${run.concurrency} in flight`, run.signals, 'Signals'),
    `connections: ${run.connections} (half direct, half registrant) prepared and approved in ${run.connectSeconds.toFixed(1)} s = ${(run.connections / run.connectSeconds).toFixed(1)} connections/s`,
    `link POSTs, up to ${run.concurrency} people at once (× = to the quiet floor):`,
    ...clickLines(run),
    "CPU milliseconds per click (per Update for the floor), by process and all together (× = to the quiet floor's), while the phase's clicks ran:",
    ...cpuLines(run),
    'inside the process, from the histories (medians): a link Update from acceptance to answer; a click its link decided, what the process then did with it:',
    ...roundTripLines(run),
  ];
  console.log(lines.join('\n'));
}
