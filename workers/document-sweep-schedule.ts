// The Temporal Schedule that runs the document sweep (workflows/document-sweep.ts). Every worker makes
// sure it exists as configured when it starts: created once, afterwards brought up to date, so starting
// many workers, or the same one again, leaves one schedule.
import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptionsStartWorkflowAction,
} from '@temporalio/client';
import type { AppConfig } from '../config/env';
import { workflowType, type Workflows } from '../config/temporal';

export const documentSweepScheduleId = 'document-sweep';

export async function ensureDocumentSweepSchedule(client: Client, config: AppConfig): Promise<void> {
  const { every, grace } = config.durations.documentSweep;
  const spec = { intervals: [{ every }] };
  const action: ScheduleOptionsStartWorkflowAction<Workflows['documentSweep']> = {
    type: 'startWorkflow',
    workflowType: workflowType('documentSweep'),
    workflowId: documentSweepScheduleId,
    taskQueue: config.temporal.taskQueue,
    args: [{ grace }],
  };
  // A sweep still running when the next falls due has that one's work in hand.
  const policies = { overlap: ScheduleOverlapPolicy.SKIP };
  try {
    await client.schedule.create({ scheduleId: documentSweepScheduleId, spec, action, policies });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule
      .getHandle(documentSweepScheduleId)
      .update((current) => ({ ...current, spec, action, policies: { ...current.policies, ...policies } }));
  }
}
