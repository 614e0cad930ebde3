// Setting the organisation up (seed section 3): every appointed administrator gets a setup link. The
// first to complete it chooses for the organisation (may users use their private MitID; which separate
// MitID means it offers, the app preselected) and their own login; that activates the organisation and
// them. Later administrators choose only their own login method.
import { patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SetupActivities } from '../activities/setup';
import { languageForCountry } from '../domain/language';
import type { SetupOrganizationInput } from '../domain/step-inputs';
import { activityRetry } from '../temporal.config';
import { HumanSteps, refuseStep } from './human-step';
import type { LoginPolicy, OrganizationSetupInput, OrganizationSetupResult } from './organization-setup.messages';
import { actorLabel } from './process.messages';
import { ProcessTracker } from './process-tracker';

const { activateOrganization, activateAdministrator } = proxyActivities<SetupActivities>({
  startToCloseTimeout: '1 minute',
  retry: activityRetry,
});

/** Processes that set up before this change kept the originally appointed person on the administrator record. */
const setupRecordsCorrectedPerson = 'setup-records-corrected-person';

export async function organizationSetup(input: OrganizationSetupInput): Promise<OrganizationSetupResult> {
  const { organization } = input;
  const tracker = new ProcessTracker(
    { processType: 'setup', organizationId: organization.orgId, organizationName: organization.name, country: organization.country },
    'awaiting-setup',
  );
  const steps = new HumanSteps(tracker, { organizationName: organization.name, language: languageForCountry(organization.country) });
  const runKey = `${workflowInfo().workflowId}/${workflowInfo().firstExecutionRunId}`;
  let loginPolicy: LoginPolicy | undefined;
  tracker.describeWith(() => ({ organization, loginPolicy }));

  const outcomes = await Promise.all(
    input.administrators.map(async (administrator, index) => {
      const outcome = await steps.wait<SetupOrganizationInput>({
        step: 'setup-organization',
        key: `admin-${index}`,
        recipient: { name: administrator.name, email: administrator.email },
        timing: input.timing,
        completion: { by: 'link', requiresLogin: true },
        expectedSubject: administrator.subject,
        context: () => ({ organizationName: organization.name, organizationSetUp: loginPolicy !== undefined }),
        validate: (raw) => {
          const choice = raw as SetupOrganizationInput;
          const policy = loginPolicy ?? { allowPrivateMitId: choice.allowPrivateMitId, separateMeans: choice.separateMeans };
          if (!loginPolicy && (choice.allowPrivateMitId === undefined || choice.separateMeans === undefined)) {
            throw refuseStep('The first administrator chooses allowPrivateMitId and separateMeans for the organisation');
          }
          if (choice.ownLoginMethod === 'separate' && (policy.separateMeans ?? []).length === 0) {
            throw refuseStep('The organisation offers no separate MitID means');
          }
        },
      });
      if (outcome.kind !== 'completed') return { email: administrator.email, outcome: outcome.kind };
      const subject = outcome.actor.kind === 'person' ? outcome.actor.subject : undefined;
      // An operator re-sent the link to a corrected person, who set up: the administrator record becomes theirs.
      const person = outcome.recipient;
      const corrected = (person.email !== administrator.email || person.name !== administrator.name) && patched(setupRecordsCorrectedPerson) ? person : undefined;
      const activation = { email: administrator.email, subject, loginMethod: outcome.input.ownLoginMethod, ...(corrected ? { correctedTo: corrected } : {}) };
      if (!loginPolicy) {
        loginPolicy = { allowPrivateMitId: outcome.input.allowPrivateMitId!, separateMeans: outcome.input.separateMeans! };
        await activateOrganization({
          eventKey: `${runKey}:organization-activated`,
          orgId: organization.orgId,
          loginPolicy,
          administrator: activation,
          actor: actorLabel(outcome.actor),
        });
        tracker.setStage('active');
      } else {
        await activateAdministrator({
          eventKey: `${runKey}:administrator-activated:${index}`,
          orgId: organization.orgId,
          administrator: activation,
          actor: actorLabel(outcome.actor),
        });
      }
      steps.settle();
      return { email: corrected?.email ?? administrator.email, outcome: 'active' as const };
    }),
  );
  const stage = loginPolicy ? 'completed' : steps.cancellation ? 'cancelled' : 'expired';
  tracker.setStage(stage);
  await steps.finish();
  return { stage, loginPolicy, administrators: outcomes };
}
