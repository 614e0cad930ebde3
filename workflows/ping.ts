// The smallest real process, and the example a new one starts from: the API starts it, a signal or a timer
// ends it, an activity writes the outcome to the DB. Benchmarks use its `echo` Update as the bare round trip
// a link click is compared with (bench/connections.ts).
import { condition, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { PingActivities } from '../activities/ping';
import { quickActivity, searchAttributes } from '../temporal.config';
import {
  pingEchoUpdate,
  pingKnockSignal,
  pingStatusQuery,
  pongSignal,
  type PingInput,
  type PingStatus,
} from './ping.messages';

const { recordPing } = proxyActivities<PingActivities>(quickActivity);

export async function ping(input: PingInput): Promise<PingStatus> {
  let status: PingStatus = { stage: 'waiting' };
  // The messages this process answers (ping.messages.ts).
  setHandler(pongSignal, answer);
  setHandler(pingStatusQuery, () => status);
  setHandler(pingEchoUpdate, (text) => text);
  setHandler(pingKnockSignal, () => undefined);
  upsertSearchAttributes([{ key: searchAttributes.onboardingStage, value: status.stage }]);

  const answered = await condition(() => status.stage !== 'waiting', input.waitForPong);
  if (!answered) status = { stage: 'timed-out' };
  upsertSearchAttributes([{ key: searchAttributes.onboardingStage, value: status.stage }]);
  await recordPing({
    workflowId: workflowInfo().workflowId,
    outcome: status.stage === 'answered' ? 'answered' : 'timed-out',
    message: status.message,
  });
  return status;

  /** The first pong ends the wait; a later one, or one after the time-out, changes nothing. */
  function answer({ message }: { message: string }): void {
    if (status.stage === 'waiting') status = { stage: 'answered', message };
  }
}
