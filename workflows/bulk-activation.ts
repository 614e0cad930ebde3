// Activating a batch of users: pages through the batch's users in user id order, starting one
// user-activation process per page (a group), then follows the e-mails until every one went out.
// Progress is in `ProgressTotal` / `ProgressDone` (e-mails out) for the Web UI; the history stays small
// by continuing as new, the cursor carried over.
import {
  continueAsNew,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ActivationActivities } from '../activities/activations';
import { quickActivity, searchAttributes } from '../temporal.config';
import type { ActivationProgress, BulkActivationInput } from './bulk-activation.messages';
import { processStatusQuery } from './process.messages';
import { ProcessTracker } from './process-tracker';

const { startActivationGroup, activationProgress } = proxyActivities<ActivationActivities>(quickActivity);

const defaultHistoryLimit = 2000;

export async function bulkActivation(input: BulkActivationInput): Promise<ActivationProgress> {
  const { organization, batchId } = input;
  const tracker = new ProcessTracker(
    {
      processType: 'bulk-activation',
      organizationId: organization.orgId,
      organizationName: organization.name,
      country: organization.country ?? 'DK',
    },
    input.resume?.allStarted ? 'emailing' : 'starting-groups',
  );
  let after = input.resume?.after ?? '';
  let groups = input.resume?.groups ?? 0;
  let progress: ActivationProgress | undefined;
  let allStarted = input.resume?.allStarted ?? false;
  tracker.describeWith(() => ({ batchId, loginMethod: input.loginMethod, groups, progress }));
  // The one message this process answers: where it stands.
  setHandler(processStatusQuery, () => tracker.status());

  const report = (done: number) =>
    upsertSearchAttributes([
      { key: searchAttributes.progressTotal, value: input.total },
      { key: searchAttributes.progressDone, value: done },
    ]);
  const continueIfLarge = async () => {
    const info = workflowInfo();
    if (!info.continueAsNewSuggested && info.historyLength < (input.historyLimit ?? defaultHistoryLimit)) return;
    await continueAsNew<typeof bulkActivation>({ ...input, resume: { after, groups, allStarted, startedUsers } });
  };
  if (!input.resume) report(0);

  let startedUsers = input.resume?.startedUsers ?? 0;
  while (!allStarted) {
    const page = await startActivationGroup({
      organization,
      batchId,
      loginMethod: input.loginMethod,
      timing: input.timing,
      after,
      limit: input.groupSize,
      group: groups,
    });
    if (page.users === 0) {
      allStarted = true;
      break;
    }
    after = page.lastUserId!;
    groups += 1;
    startedUsers += page.users;
    // A few groups ahead of the mail, no more: the activity tasks then meet waiting pollers instead of
    // piling up in the server's task queue, which costs it a write and a read each.
    for (;;) {
      progress = await activationProgress({ orgId: organization.orgId, batchId });
      report(progress.emailed + progress.failed);
      if (startedUsers - progress.emailed - progress.failed < input.usersInFlight) break;
      await sleep(input.pollEvery);
    }
    await continueIfLarge();
  }

  tracker.setStage('emailing');
  for (;;) {
    progress = await activationProgress({ orgId: organization.orgId, batchId });
    report(progress.emailed + progress.failed);
    if (progress.done) break;
    await sleep(input.pollEvery);
    await continueIfLarge();
  }
  tracker.setStage('emailed');
  return progress;
}
