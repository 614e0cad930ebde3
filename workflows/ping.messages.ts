// Messages of the ping process, shared by the workflow and its callers.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

export interface PingInput {
  /** How long to wait for the pong before recording a time-out ('90 days'). */
  waitForPong: string;
}

export interface PingStatus {
  stage: 'waiting' | 'answered' | 'timed-out';
  message?: string;
}

export const pongSignal = defineSignal<[{ message: string }]>('pong');
export const pingStatusQuery = defineQuery<PingStatus>('pingStatus');
/** Answers at once: the bare Update round trip that benchmarks compare link clicks with. */
export const pingEchoUpdate = defineUpdate<string, [string]>('echo');
/**
 * Changes nothing: the bare Signal round trip (answered once the server has recorded it, before the workflow
 * runs), the floor of a click answered on being recorded rather than on being done (bench/connections.ts).
 */
export const pingKnockSignal = defineSignal<[]>('knock');
