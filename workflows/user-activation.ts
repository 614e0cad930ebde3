// Activating imported users (seed section 4): each user of the group gets an activation e-mail (a keyed
// `activate-user` step of HumanSteps: link, reminder, expiry, re-send with link rotation), logs in with
// the private MitID and approves or rejects the login method the administrator chose (for a separate
// means the login stands in for activating the MitID app). Each outcome is written to the user's row
// at once; the process ends when every user of the group has one.
import { patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { UserActivities } from '../activities/users';
import type { ActivateUserInput } from '../domain/step-inputs';
import { activityRetry } from '../temporal.config';
import { HumanSteps, type StepOutcome, type StepRequest } from './human-step';
import { actorLabel } from './process.messages';
import { ProcessTracker } from './process-tracker';
import type { ActivationOutcome, ActivationUser, UserActivationInput, UserActivationResult } from './user-activation.messages';

const { recordActivationOutcome } = proxyActivities<UserActivities>({
  startToCloseTimeout: '1 minute',
  retry: activityRetry,
});

const meansDetails: Record<string, string> = {
  private: 'Login: your private MitID',
  app: 'Login: a separate MitID app',
  code_display: 'Login: a separate MitID code display',
  code_reader: 'Login: a separate MitID code reader',
  chip: 'Login: a separate MitID chip',
};

export async function userActivation(input: UserActivationInput): Promise<UserActivationResult> {
  const { organization, loginMethod } = input;
  const tracker = new ProcessTracker(
    { processType: 'user-activation', organizationId: organization.orgId, organizationName: organization.name, country: 'DK' },
    'awaiting-users',
  );
  const steps = new HumanSteps(tracker, { organizationName: organization.name, language: organization.language });
  const runKey = `${workflowInfo().workflowId}/${workflowInfo().firstExecutionRunId}`;
  const outcomes: Record<string, ActivationOutcome> = {};
  tracker.describeWith(() => ({ batchId: input.batchId, loginMethod, users: input.users.length, outcomes }));

  const activationStep = (user: ActivationUser): StepRequest => ({
    step: 'activate-user',
    key: user.userId,
    recipient: { name: user.name, email: user.email },
    timing: input.timing,
    completion: { by: 'link', requiresLogin: true },
    context: { organizationName: organization.name, loginMethod },
    details: [meansDetails[loginMethod] ?? loginMethod],
  });
  const record = async (user: ActivationUser, outcome: StepOutcome<ActivateUserInput>) => {
    const { userId } = user;
    // A cancelled activation is treated as lapsed: the administrator sees it and may send it again.
    const status: ActivationOutcome = outcome.kind === 'completed' ? (outcome.input.decision === 'approve' ? 'active' : 'rejected') : 'expired';
    // An operator re-sent the link to a corrected person, who answered: the user's record becomes theirs.
    const person = outcome.kind === 'completed' ? outcome.recipient : undefined;
    const corrected = person && (person.email !== user.email || person.name !== user.name) && patched('activation-records-corrected-person') ? person : undefined;
    await recordActivationOutcome({
      eventKey: `${runKey}:${userId}:${status}`,
      orgId: organization.orgId,
      userId,
      workflowId: workflowInfo().workflowId,
      status,
      actor: outcome.kind === 'completed' || outcome.kind === 'cancelled' ? actorLabel(outcome.actor) : 'system',
      ...(corrected ? { correctedTo: corrected } : {}),
    });
    outcomes[userId] = status;
  };
  const usersById = new Map(input.users.map((user) => [user.userId, user]));

  // Groups started before this change waited for each user with a coroutine, an activity and a timer of their own.
  if (patched('group-waits-as-one')) {
    await steps.waitForEach<ActivateUserInput>(input.users.map(activationStep), (request, outcome) => record(usersById.get(request.key!)!, outcome));
  } else {
    await Promise.all(
      input.users.map(async (user) => {
        await record(user, await steps.wait<ActivateUserInput>(activationStep(user)));
        steps.settle();
      }),
    );
  }
  tracker.setStage('completed');
  await steps.finish();
  return { outcomes };
}
