// Work a process's step leads to that nobody waits for: one-off mails (an invitation or reminder, a receipt,
// a notice), the audit row of a completed step that nothing of the click's task took along, and the start of
// the setup a connection leads to (with its receipts, one activity). It is scheduled on the follow-up task queue
// (temporal.config.ts `followUpTaskQueue`), where it waits while the worker is busy answering clicks.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ConnectedFollowUpActivities } from '../activities/connected-follow-up';
import type { MailActivities } from '../activities/mail/activities';
import type { SetupStartActivities } from '../activities/setup';
import type { StepActivities } from '../activities/steps';
import { followUpTaskQueue, quickActivity } from '../temporal.config';

/** Follow-up work goes to the follow-up task queue; without it, to the process's own (the audit row as a local activity). */
export const followUpOnItsOwnQueue = 'follow-up-on-its-own-queue';

export type FollowUp = Pick<StepActivities, 'sendStepMessage' | 'recordAudit'> &
  Pick<MailActivities, 'sendEmail'> &
  SetupStartActivities &
  ConnectedFollowUpActivities;

/** The follow-up activities: on the follow-up task queue when `onItsOwnQueue` (the `followUpOnItsOwnQueue` patch's answer). */
export function followUp(onItsOwnQueue: boolean): FollowUp {
  return proxyActivities<FollowUp>({
    ...quickActivity,
    ...(onItsOwnQueue ? { taskQueue: followUpTaskQueue(workflowInfo().taskQueue) } : {}),
  });
}
