// Connecting a municipality's service portal to Mein Unternehmenskonto (seed 002): the vendor files the
// Vorhaben in the MUK service portal, registers the portal's SAML Service Provider once the Vorhaben is
// confirmed, and tests the integration once it is approved. The portal has no API, so every step is a
// person reporting what happened there (operator-completed human steps); a failed integration test
// goes back to the Service Provider with the reason.
import { ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { MailActivities } from '../activities/mail/activities';
import type { MukActivities } from '../activities/muk';
import type { StepActivities } from '../activities/steps';
import { applicationLines, buildVorhabenApplication, labelApplication, type VorhabenApplication } from '../domain/muk/application';
import { mukEventSchema, type MukEventOf, type MukEventType } from '../domain/muk/events';
import { mukApplicationPagePath } from '../domain/muk/paths';
import { planServiceProvider, serviceProviderFormValues } from '../domain/muk/service-provider';
import { activityRetry, type StepTiming } from '../temporal.config';
import { HumanSteps, refuseStep, type StepOutcome } from './human-step';
import type {
  MukConnectionDetails,
  MukConnectionInput,
  MukConnectionResult,
  MukServiceProviderView,
} from './muk-connection.messages';
import { actorLabel, type Actor } from './process.messages';
import { ProcessTracker } from './process-tracker';

const activities = proxyActivities<MukActivities & MailActivities & Pick<StepActivities, 'recordAudit'>>({
  startToCloseTimeout: '2 minutes',
  retry: activityRetry,
});

/** Built in the workflow from validated input; a mismatch here is a bug in the caller, so it fails the run. */
function applicationFor(input: MukConnectionInput): VorhabenApplication {
  try {
    return buildVorhabenApplication(input.request, input.vendor);
  } catch (error) {
    throw ApplicationFailure.create({ type: 'InvalidMukApplication', message: (error as Error).message, nonRetryable: true });
  }
}

export async function mukConnection(input: MukConnectionInput): Promise<MukConnectionResult> {
  const { municipalityKey, request, vendor, timing } = input;
  const { municipality, responsible, portalLoginUrl } = request;
  const runKey = `${workflowInfo().workflowId}/${workflowInfo().firstExecutionRunId}`;
  const application = applicationFor(input);
  const labelled = labelApplication(application);
  const plan = planServiceProvider(municipality, portalLoginUrl, application, vendor);
  let vorhabenReference: string | undefined;
  let serviceProvider: MukServiceProviderView | null = null;

  const tracker = new ProcessTracker(
    { processType: 'muk-connection', organizationId: municipalityKey, organizationName: municipality.name, country: 'DE' },
    'awaiting-vorhaben-submission',
  );
  tracker.describeWith(
    (): MukConnectionDetails => ({
      municipalityKey,
      municipality,
      responsible,
      portalLoginUrl,
      application: labelled,
      ...(vorhabenReference ? { vorhabenReference } : {}),
      serviceProvider,
    }),
  );
  const steps = new HumanSteps(tracker, { organizationName: municipality.name, language: 'de' });

  function audit(event: string, actor: string, outcome: string, details?: Record<string, unknown>): Promise<void> {
    return activities.recordAudit({
      eventKey: `${runKey}:muk:${event}`,
      at: new Date().toISOString(),
      actor,
      orgId: municipalityKey,
      workflowId: workflowInfo().workflowId,
      action: 'muk-connection',
      outcome,
      ...(details ? { details } : {}),
    });
  }

  /** Waits for the operator's event of this type; its body is re-checked here, whoever sent it. */
  function awaitEvent<T extends MukEventType>(type: T, stepTiming: StepTiming, round?: number, details: string[] = []): Promise<StepOutcome<MukEventOf<T>>> {
    return steps.wait<MukEventOf<T>>({
      step: type,
      ...(round !== undefined ? { key: `round-${round}` } : {}),
      recipient: responsible,
      timing: stepTiming,
      completion: { by: 'operator', pagePath: mukApplicationPagePath(municipalityKey) },
      details,
      validate: (body) => {
        const parsed = mukEventSchema.safeParse(body);
        if (!parsed.success || parsed.data.type !== type) throw refuseStep(`expected a valid ${type} event`);
      },
    });
  }

  async function end(stage: 'expired' | 'cancelled', reason: string): Promise<MukConnectionResult> {
    tracker.setStage(stage);
    await activities.sendEmail({
      idempotencyKey: `${runKey}|ended|${responsible.email}`,
      workflowId: workflowInfo().workflowId,
      step: 'muk-connection-ended',
      to: responsible,
      language: 'de',
      template: 'process-ended',
      vars: { recipientName: responsible.name, organizationName: municipality.name, outcome: stage, reason },
    });
    await audit('ended', 'system', stage, { reason });
    await steps.finish();
    return { stage, reason };
  }

  function unfinished(outcome: Exclude<StepOutcome<unknown>, { kind: 'completed' }>): Promise<MukConnectionResult> {
    return outcome.kind === 'expired' ? end('expired', 'A step was not completed in time') : end('cancelled', outcome.reason);
  }

  const by = (actor: Actor) => actorLabel(actor);
  await audit('started', 'system', 'started', { vendor: vendor.name, portalLoginUrl });

  // 1. The responsible employee files the Vorhaben in the service portal and reports its reference.
  const submitted = await awaitEvent('vorhaben-submitted', timing.vorhabenSubmitted, undefined, applicationLines(labelled));
  if (submitted.kind !== 'completed') return unfinished(submitted);
  vorhabenReference = submitted.input.reference;
  tracker.record({ type: 'vorhaben-submitted', actor: by(submitted.actor), detail: vorhabenReference });

  // 2. The MUK operator confirms the Vorhaben.
  tracker.setStage('awaiting-vorhaben-confirmation');
  const confirmed = await awaitEvent('vorhaben-confirmed', timing.vorhabenConfirmed, undefined, [`Vorhaben: ${vorhabenReference}`]);
  if (confirmed.kind !== 'completed') return unfinished(confirmed);

  // 3. The Service Provider: keys and certificates once per municipality, metadata and form values.
  tracker.setStage('preparing-service-provider');
  const certificates = await activities.ensureMukServiceProviderKeys({
    municipalityKey,
    subject: { commonName: new URL(plan.entityId).hostname, organisation: municipality.name },
  });
  const sp: MukServiceProviderView = { plan, certificates, form: serviceProviderFormValues(plan, certificates), approved: false };
  serviceProvider = sp;
  await audit('service-provider-prepared', 'system', 'prepared', {
    entityId: plan.entityId,
    signing: certificates.signing.sha256Fingerprint,
    encryption: certificates.encryption.sha256Fingerprint,
  });
  // Certificates are too long for a mail line; the page linked from the mail shows them.
  const formLines = Object.entries(sp.form)
    .filter(([label]) => !/zertifikat$/.test(label))
    .map(([label, value]) => `${label}: ${value}`)
    .concat('Signatur- und Verschlüsselungszertifikat: siehe verlinkte Seite');

  // 4. Created and approved in the portal, then tested; a failed test sends it back with the reason.
  for (let round = 1; ; round++) {
    tracker.setStage('awaiting-service-provider-creation');
    const failure = sp.lastFailure ? [`Integrationstest fehlgeschlagen: ${sp.lastFailure}`] : [];
    const created = await awaitEvent('service-provider-created', timing.serviceProviderCreated, round, [...failure, ...formLines]);
    if (created.kind !== 'completed') return unfinished(created);
    sp.portalServiceProviderId = created.input.serviceProviderId ?? sp.portalServiceProviderId;

    tracker.setStage('awaiting-service-provider-approval');
    const approved = await awaitEvent('service-provider-approved', timing.serviceProviderApproved, round, [`Entity-ID: ${plan.entityId}`]);
    if (approved.kind !== 'completed') return unfinished(approved);
    sp.approved = true;

    tracker.setStage('checking-integration');
    const check = await activities.checkMukIntegration({ connectionId: municipalityKey, portalLoginUrl, plan, certificates });
    sp.automatedCheck = check;
    tracker.record({ type: 'integration-checked', detail: check.passed ? 'passed' : 'failed' });
    await audit(`integration-checked:${round}`, 'system', check.passed ? 'passed' : 'failed', { checks: check.checks });

    tracker.setStage('awaiting-integration-test');
    const checkLines = check.checks.map((c) => `${c.ok ? 'OK' : 'FEHLER'} ${c.name}: ${c.detail}`);
    const tested = await awaitEvent('integration-tested', timing.integrationTested, round, checkLines);
    if (tested.kind !== 'completed') return unfinished(tested);
    if (tested.input.result === 'passed') {
      delete sp.lastFailure;
      break;
    }
    sp.approved = false;
    sp.lastFailure = tested.input.reason;
    tracker.record({ type: 'integration-test-failed', actor: by(tested.actor), detail: tested.input.reason });
  }

  // 5. Done: the municipality's support contact learns that companies can log in.
  tracker.setStage('done');
  await activities.sendEmail({
    idempotencyKey: `${runKey}|done|${municipality.support.email}`,
    workflowId: workflowInfo().workflowId,
    step: 'muk-connection-done',
    to: { name: municipality.support.name, email: municipality.support.email },
    language: 'de',
    template: 'muk-connection-done',
    vars: { recipientName: municipality.support.name, municipalityName: municipality.name, vendorName: vendor.name, portalLoginUrl },
  });
  await audit('ended', 'system', 'done');
  await steps.finish();
  return { stage: 'done' };
}
