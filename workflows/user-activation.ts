// Activating imported users: each user of the group gets an activation e-mail (a keyed
// `activate-user` step of HumanSteps: link, reminder, expiry, re-send with link rotation) and logs in with
// the private MitID. Chosen for the private MitID, they approve or reject it. Chosen for a separate means
// (MitID app, code display, code reader, chip), they choose to activate it: the API hands them a one-time
// activation code from the MitID broker (activities/mitid-means.ts), and the keyed `activate-means` step
// waits, with its own reminder and expiry, until the broker confirms that the means was activated with it.
// Each outcome is written to the user's row at once; the process ends when every user of the group has one.
import { proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { UserActivities } from '../activities/users';
import { durationMs } from '../domain/duration';
import { activationDecisionRefusal, anyDecision } from '../domain/link-acceptance';
import { runKeyOf } from '../domain/run-key';
import type { ActivateUserInput } from '../domain/step-inputs';
import { defaultDurations, localQuickActivity, quickActivity } from '../temporal.config';
import {
  answerProcessMessages,
  auditWithTheClickWork,
  HumanSteps,
  humanStepPatchesOf20261130,
  refuseStep,
  type StepOutcome,
  type StepRequest,
} from './human-step';
import { actorLabel, type Actor } from './process.messages';
import { ProcessTracker } from './process-tracker';
import type {
  ActivationOutcome,
  ActivationUser,
  MeansConfirmation,
  UserActivationInput,
  UserActivationResult,
} from './user-activation.messages';

const activities = proxyActivities<UserActivities>(quickActivity);
// A user's outcome on their row is what their click waits for: written inside the workflow task that took it.
const local = proxyLocalActivities<UserActivities>(localQuickActivity);
/** Each outcome is written by a local activity of the click's task; without it, by an activity after it. */
const outcomeAnsweredInOneTask = 'activation-outcome-in-one-task';
/** The group waits as one (`waitForEach`); without it, a coroutine, an activity and a timer per user. */
const groupWaitsAsOne = 'group-waits-as-one';
/** A separate means is activated (`activate`, then the broker's confirmation); without it, only approve or reject. */
const meansActivation = 'means-activation';
/** A user's record follows an operator's correction of whom the activation went to. */
const activationRecordsCorrectedPerson = 'activation-records-corrected-person';

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
    {
      processType: 'user-activation',
      organizationId: organization.orgId,
      organizationName: organization.name,
      country: organization.country ?? 'DK',
    },
    'awaiting-users',
  );
  const steps = new HumanSteps(tracker, { organizationName: organization.name, language: organization.language });
  const runKey = runKeyOf(workflowInfo());
  const outcomes: Record<string, ActivationOutcome> = {};
  tracker.describeWith(() => ({ batchId: input.batchId, loginMethod, users: input.users.length, outcomes }));
  // The messages this process answers: every process's.
  answerProcessMessages(tracker, steps);

  const separate = loginMethod !== 'private';
  const meansTiming = input.timing.means ?? defaultDurations.activation.means;
  const activationStep = (user: ActivationUser): StepRequest => ({
    step: 'activate-user',
    key: user.userId,
    recipient: { name: user.name, email: user.email },
    timing: input.timing,
    completion: { by: 'link', requiresLogin: true },
    context: { organizationName: organization.name, loginMethod },
    details: [meansDetails[loginMethod] ?? loginMethod],
    // A validator writes no history: running processes refuse the other method's decisions without a patch.
    validate: (body) => {
      const refusal = activationDecisionRefusal((body as ActivateUserInput).decision, separate);
      if (refusal) throw refuseStep(refusal.message, 'invalid', { rule: refusal.rule });
    },
    // The group waits until every user has answered; one who activates a separate means goes on to its step.
    acceptance: {
      rule: { name: 'activation-decision', separate },
      stageAfter: { [anyDecision]: 'awaiting-users' },
      stageWhenLast: 'completed',
      ...(separate
        ? { nextAfter: { activate: { step: 'activate-means', expireAfterMs: durationMs(meansTiming.expireAfter) } } }
        : {}),
    },
  });
  // Only the person who chose to activate may get codes for it, and only the broker's confirmation completes it.
  const meansStep = (
    user: ActivationUser,
    chosen: { recipient: { name: string; email: string }; actor: Actor },
  ): StepRequest => ({
    step: 'activate-means',
    key: user.userId,
    recipient: chosen.recipient,
    timing: meansTiming,
    completion: { by: 'link', requiresLogin: true },
    context: { organizationName: organization.name, loginMethod },
    details: [meansDetails[loginMethod] ?? loginMethod],
    ...(chosen.actor.kind === 'person' ? { expectedSubject: chosen.actor.subject } : {}),
    validate: (_body, actor) => {
      if (actor.kind !== 'broker')
        throw refuseStep(
          'The means is activated in the MitID app (or on the device) with the activation code',
          'invalid',
          {
            rule: 'means-confirmed-by-broker',
          },
        );
    },
  });
  /** The user's outcome on their row, or the step that follows: the wait for their separate means. */
  const record = async (
    user: ActivationUser,
    step: StepRequest['step'],
    outcome: StepOutcome<ActivateUserInput | MeansConfirmation>,
  ): Promise<StepRequest | void> => {
    const { userId } = user;
    const decision = outcome.kind === 'completed' && 'decision' in outcome.input ? outcome.input.decision : undefined;
    // `activate` exists only since means activation: a history that holds one also holds this marker.
    if (outcome.kind === 'completed' && decision === 'activate' && steps.patched(meansActivation))
      return meansStep(user, outcome);
    // A cancelled activation is treated as lapsed: the administrator sees it and may send it again.
    const status: ActivationOutcome =
      outcome.kind !== 'completed'
        ? 'expired'
        : step === 'activate-means' || decision === 'approve'
          ? 'active'
          : 'rejected';
    // An operator re-sent the link to a corrected person, who answered: the user's record becomes theirs.
    const person = outcome.kind === 'completed' ? outcome.recipient : undefined;
    const corrected =
      person &&
      (person.email !== user.email || person.name !== user.name) &&
      steps.patched(activationRecordsCorrectedPerson)
        ? person
        : undefined;
    await (steps.patched(outcomeAnsweredInOneTask) ? local : activities).recordActivationOutcome({
      eventKey: `${runKey}:${userId}:${status}`,
      orgId: organization.orgId,
      userId,
      workflowId: workflowInfo().workflowId,
      status,
      actor: outcome.kind === 'completed' || outcome.kind === 'cancelled' ? actorLabel(outcome.actor) : 'system',
      ...(corrected ? { correctedTo: corrected } : {}),
      audit: steps.takeAudits(),
    });
    outcomes[userId] = status;
  };
  const usersById = new Map(input.users.map((user) => [user.userId, user]));

  // Asked as the group starts, before any local activity: the users' links decide their clicks, and each user's
  // audit row rides with their outcome's record. A new group says yes to every patch this process asks.
  steps.decideByLinks([
    ...humanStepPatchesOf20261130,
    auditWithTheClickWork,
    groupWaitsAsOne,
    outcomeAnsweredInOneTask,
    meansActivation,
    activationRecordsCorrectedPerson,
  ]);
  steps.patched(auditWithTheClickWork);
  // The group waits as one (waitForEach); without the patch, a coroutine, an activity and a timer per user.
  if (steps.patched(groupWaitsAsOne)) {
    await steps.waitForEach<ActivateUserInput | MeansConfirmation>(
      input.users.map(activationStep),
      (request, outcome) => record(usersById.get(request.key!)!, request.step, outcome),
      // Its answer decides how `record` writes an outcome: asked before the local activity of an expiry's audit row.
      { askedBeforeOutcomes: [outcomeAnsweredInOneTask] },
    );
  } else {
    await Promise.all(
      input.users.map(async (user) => {
        let next: StepRequest | void = activationStep(user);
        while (next)
          next = await record(user, next.step, await steps.wait<ActivateUserInput | MeansConfirmation>(next));
        steps.settle();
      }),
    );
  }
  tracker.setStage('completed');
  await steps.finish();
  return { outcomes };
}
