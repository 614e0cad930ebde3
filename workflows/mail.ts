// One-off mails from a process: scheduled on the mail task queue (temporal.config.ts `mailTaskQueue`), where
// they wait while the worker is busy answering clicks.
import { patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { MailActivities } from '../activities/mail/activities';
import type { StepActivities } from '../activities/steps';
import { activityRetry, mailTaskQueue } from '../temporal.config';

/** Processes started before this change sent their mail on their own task queue. */
const mailOnItsOwnQueue = 'mail-on-its-own-queue';

export type OneOffMail = Pick<StepActivities, 'sendStepMessage'> & Pick<MailActivities, 'sendEmail'>;

/** The mail activities, on the mail task queue (on the process's own for processes started before it existed). */
export function oneOffMail(): OneOffMail {
  return proxyActivities<OneOffMail>({
    startToCloseTimeout: '1 minute',
    retry: activityRetry,
    ...(patched(mailOnItsOwnQueue) ? { taskQueue: mailTaskQueue(workflowInfo().taskQueue) } : {}),
  });
}
