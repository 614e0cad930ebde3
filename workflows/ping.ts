// The smallest real process: proves the stack end to end (API starts it, a signal or a timer ends it,
// an activity writes the outcome to the DB).
import { condition, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { PingActivities } from '../activities/ping';
import { quickActivity, searchAttributes } from '../temporal.config';
import { pingEchoUpdate, pingStatusQuery, pongSignal, type PingInput, type PingStatus } from './ping.messages';

const { recordPing } = proxyActivities<PingActivities>(quickActivity);

export async function ping(input: PingInput): Promise<PingStatus> {
  let status: PingStatus = { stage: 'waiting' };
  setHandler(pongSignal, ({ message }) => {
    if (status.stage === 'waiting') status = { stage: 'answered', message };
  });
  setHandler(pingStatusQuery, () => status);
  setHandler(pingEchoUpdate, (text) => text);
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
}
