// Setting the organisation up: every appointed administrator gets a setup link. The
// first to complete it chooses for the organisation (may users use their private MitID; whether it offers
// the MitID app, preselected: the other means come afterwards through the login policy) and their own
// login; that activates the organisation and them. Later administrators choose only their own login
// method within the policy. Setup links that lapse are recorded, so the setup can be restarted.
import { proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { SetupActivities } from '../activities/setup';
import { runKeyOf } from '../domain/run-key';
import { languageForCountry } from '../domain/language';
import { anyDecision } from '../domain/link-acceptance';
import { ownLoginMethodOf, setupChoiceRefusal } from '../domain/setup';
import type { SetupOrganizationInput } from '../domain/step-inputs';
import { localQuickActivity, quickActivity } from '../temporal.config';
import {
  answerProcessMessages,
  HumanSteps,
  auditWithTheClickWork,
  humanStepPatchesOf20261130,
  linksDecideTheClicks,
  refuseStep,
  type StepOutcome,
} from './human-step';
import {
  loginPolicyChangedSignal,
  type LoginPolicy,
  type OrganizationSetupInput,
  type OrganizationSetupResult,
} from './organization-setup.messages';
import { actorLabel } from './process.messages';
import { ProcessTracker } from './process-tracker';

const activities = proxyActivities<SetupActivities>(quickActivity);
// The records an administrator's setup click waits for, inside the workflow task that took the click.
const local =
  proxyLocalActivities<Pick<SetupActivities, 'activateOrganization' | 'activateAdministrator'>>(localQuickActivity);

// Each patch says what its branch does, and what the process does without it (README, "Changing a process").
/** A corrected person who sets up becomes the administrator record's; without it, the appointed person stays. */
const setupRecordsCorrectedPerson = 'setup-records-corrected-person';
/** Lapsed administrators (and an organisation nobody set up) are recorded; without it, they look still waiting. */
const setupExpiryRecorded = 'setup-expiry-recorded';
/** A setup is recorded by local activities of the click's task; without it, by activities after it. */
const setupAnsweredInOneTask = 'setup-in-one-task';
/**
 * Asked first: a process that says yes takes every patch above and HumanSteps' of the same day as yes, without a
 * marker (and `TemporalChangeVersion` upsert) of its own (a setup asked five as it started, while the connection's
 * approval that started it was being answered). Without it, each is asked where it always was.
 */
const everyPatchOf20261130 = 'setup-every-patch-of-2026-11-30';
/**
 * Asked first, standing for the patch above: the last administrator's setup, which completes the process in the
 * same task, upserts only `completed`, not `active` before it. Without it, `active` at every first setup.
 */
const finalStageOnly = 'setup-final-stage-only';
/**
 * Asked first, standing for the patch above and HumanSteps' `auditWithTheClickWork`: the setup step's audit row is
 * written by the local activity that records the setup. Without it, each is asked where it was.
 */
const auditWithClickWork = 'setup-audit-with-the-click-work';
/**
 * Asked first, standing for HumanSteps' `linksDecideTheClicks` and the patches it stands for: every
 * administrator's link decides their click (the `setup` rule judges it under the policy the organisation has
 * when it is claimed), the administrator whose click the process takes first chooses the policy, and each setup
 * but the last moves the process to `active`. Without it, only the only administrator's link of a first setup
 * decides, the first whose records are written chooses, and only that setup moves it to `active`.
 */
export const everyAdministratorsLinkDecides = 'setup-every-administrators-link-decides';

export async function organizationSetup(input: OrganizationSetupInput): Promise<OrganizationSetupResult> {
  const { organization } = input;
  const tracker = new ProcessTracker(
    {
      processType: 'setup',
      organizationId: organization.orgId,
      organizationName: organization.name,
      country: organization.country,
    },
    'awaiting-setup',
  );
  const steps = new HumanSteps(tracker, {
    organizationName: organization.name,
    language: languageForCountry(organization.country),
  });
  const runKey = runKeyOf(workflowInfo());
  let loginPolicy: LoginPolicy | undefined = input.loginPolicy;
  tracker.describeWith(() => ({ organization, loginPolicy }));
  // Asked at the start: a patch marker after a local activity's in the same task does not replay, and the last
  // setup's record may come in the task that finds another administrator's link lapsed. A new process says yes to
  // every patch with the first.
  const everyLinkDecides = steps.patchedWith(everyAdministratorsLinkDecides, [linksDecideTheClicks]);
  steps.decideByLinks([auditWithClickWork]);
  steps.patchedWith(auditWithClickWork, [finalStageOnly, auditWithTheClickWork]);
  const onlyFinalStage = steps.patchedWith(finalStageOnly, [everyPatchOf20261130]);
  steps.patchedWith(everyPatchOf20261130, [
    ...humanStepPatchesOf20261130,
    setupRecordsCorrectedPerson,
    setupExpiryRecorded,
    setupAnsweredInOneTask,
  ]);
  const inOneTask = steps.patched(setupAnsweredInOneTask);
  if (inOneTask) steps.patched(setupExpiryRecorded);
  // The messages this process answers: every process's, and the organisation's change of its login policy.
  answerProcessMessages(tracker, steps);
  setHandler(loginPolicyChangedSignal, adoptLoginPolicy);

  /** Once set up, the organisation's policy is its own to change; administrators still to come choose within it. */
  function adoptLoginPolicy(policy: LoginPolicy): void {
    if (loginPolicy) loginPolicy = policy;
  }

  const decidesByLink = input.administrators.length === 1 && !input.loginPolicy;
  /** With `everyLinkDecides`: the administrator whose setup the process took first in a run without a policy. */
  let policyChooser: number | undefined;
  const outcomes = await Promise.all(
    input.administrators.map((administrator, index) =>
      steps.waitAndHandle(
        {
          step: 'setup-organization',
          key: `admin-${index}`,
          recipient: { name: administrator.name, email: administrator.email },
          timing: input.timing,
          completion: { by: 'link', requiresLogin: true },
          expectedSubject: administrator.subject,
          context: () => ({
            organizationName: organization.name,
            organizationSetUp: loginPolicy !== undefined,
            ...(loginPolicy ? { loginPolicy } : {}),
          }),
          // A claimed click is checked under the policy its link judged it by (the organisation may have changed
          // it since); any other under the policy now.
          validate: (raw, _actor, _documents, judged) => {
            const refusal = setupChoiceRefusal(
              raw as SetupOrganizationInput,
              judged ? judged.loginPolicy : loginPolicy,
            );
            if (refusal) throw refuseStep(refusal.message, 'invalid', { rule: refusal.rule });
          },
          ...(everyLinkDecides
            ? {
                acceptance: {
                  rule: { name: 'setup', organizationId: organization.orgId, run: runKey },
                  stageAfter: { [anyDecision]: 'active' },
                  stageWhenLast: 'completed',
                },
                onTaken: (raw: unknown) => {
                  if (loginPolicy) return;
                  const choice = raw as SetupOrganizationInput;
                  loginPolicy = { allowPrivateMitId: choice.allowPrivateMitId!, separateMeans: choice.separateMeans! };
                  policyChooser = index;
                },
              }
            : decidesByLink
              ? // Before the patch above, only where nobody else's setup could come first.
                { acceptance: { rule: { name: 'first-setup' }, stageAfter: { [anyDecision]: 'completed' } } }
              : {}),
        },
        // The administrator's click is answered once their records are written.
        async (outcome: StepOutcome<SetupOrganizationInput>) => {
          if (outcome.kind !== 'completed') return { email: administrator.email, outcome: outcome.kind };
          const subject = outcome.actor.kind === 'person' ? outcome.actor.subject : undefined;
          // An operator re-sent the link to a corrected person, who set up: the administrator record becomes theirs.
          const person = outcome.recipient;
          const corrected =
            (person.email !== administrator.email || person.name !== administrator.name) &&
            steps.patched(setupRecordsCorrectedPerson)
              ? person
              : undefined;
          const activation = {
            email: administrator.email,
            subject,
            loginMethod: ownLoginMethodOf(outcome.input.ownLoginMethod),
            ...(corrected ? { correctedTo: corrected } : {}),
          };
          const { activateOrganization, activateAdministrator } = inOneTask ? local : activities;
          const choosesPolicy = everyLinkDecides ? policyChooser === index : !loginPolicy;
          if (everyLinkDecides && steps.pendingSteps().length > 0) tracker.setStage('active');
          if (choosesPolicy) {
            loginPolicy ??= {
              allowPrivateMitId: outcome.input.allowPrivateMitId!,
              separateMeans: outcome.input.separateMeans!,
            };
            await activateOrganization({
              eventKey: `${runKey}:organization-activated`,
              orgId: organization.orgId,
              loginPolicy,
              administrator: activation,
              actor: actorLabel(outcome.actor),
              audit: steps.takeAudits(),
            });
            // Nobody else to wait for: the process completes in this task, and the Web UI sees that stage alone.
            if (!everyLinkDecides && (!onlyFinalStage || steps.pendingSteps().length > 0)) tracker.setStage('active');
          } else {
            await activateAdministrator({
              eventKey: `${runKey}:administrator-activated:${index}`,
              orgId: organization.orgId,
              administrator: activation,
              actor: actorLabel(outcome.actor),
              audit: steps.takeAudits(),
            });
          }
          return { email: corrected?.email ?? administrator.email, outcome: 'active' as const };
        },
      ),
    ),
  );
  // Someone of this run set up (a restart's policy is the organisation's, not this run's doing).
  const setUp = outcomes.some((outcome) => outcome.outcome === 'active');
  const stage = setUp ? 'completed' : steps.cancellation ? 'cancelled' : 'expired';
  const lapsed = outcomes.filter((outcome) => outcome.outcome === 'expired').map((outcome) => outcome.email);
  if (lapsed.length > 0 && steps.patched(setupExpiryRecorded)) {
    await activities.recordSetupExpired({
      eventKey: `${runKey}:setup-expired`,
      orgId: organization.orgId,
      administrators: lapsed,
    });
  }
  tracker.setStage(stage);
  await steps.finish();
  return { stage, loginPolicy, administrators: outcomes };
}
