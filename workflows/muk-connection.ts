// Connecting a municipality's service portal to Mein Unternehmenskonto: the vendor files the
// Vorhaben in the MUK service portal, registers the portal's SAML Service Provider once the Vorhaben is
// confirmed, and tests the integration once it is approved. The portal has no API, so every step is a
// person reporting what happened there (operator-completed human steps). Where the start names the
// municipality's contact, they first confirm or correct the municipality's data through a link. The
// portal may send the Vorhaben back or reject the Service Provider, and a failed integration test goes
// back to the Service Provider: each with the reason, for another round.
import {
  ApplicationFailure,
  patched,
  proxyActivities,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { MukActivities } from '../activities/muk';
import type { StepActivities } from '../activities/steps';
import { runKeyOf } from '../domain/run-key';
import {
  applicationLines,
  buildVorhabenApplication,
  labelApplication,
  type VorhabenApplication,
} from '../domain/muk/application';
import { mukEventSchema, mukEventSteps, type MukEventOf, type MukEventType } from '../domain/muk/events';
import {
  correctedFields,
  municipalityDataLines,
  municipalityDataOf,
  municipalityDataSchema,
  type MunicipalityData,
  type StartMukConnection,
} from '../domain/muk/municipality';
import { mukApplicationPagePath } from '../domain/muk/paths';
import { planServiceProvider, serviceProviderFormValues } from '../domain/muk/service-provider';
import type { VendorProfile } from '../domain/muk/vendor';
import { quickActivity, searchAttributes, type StepTiming } from '../temporal.config';
import { answerProcessMessages, HumanSteps, refuseStep, type StepOutcome } from './human-step';
import type {
  MukConnectionDetails,
  MukConnectionInput,
  MukConnectionResult,
  MukServiceProviderView,
} from './muk-connection.messages';
import { actorLabel, type Actor } from './process.messages';
import { ProcessTracker } from './process-tracker';

const activities = proxyActivities<MukActivities & Pick<StepActivities, 'recordAudit'>>(quickActivity);

/** Built in the workflow from validated input; a mismatch here is a bug in the caller, so it fails the run. */
function applicationFor(request: StartMukConnection, vendor: VendorProfile): VorhabenApplication {
  try {
    return buildVorhabenApplication(request, vendor);
  } catch (error) {
    throw ApplicationFailure.create({
      type: 'InvalidMukApplication',
      message: (error as Error).message,
      nonRetryable: true,
    });
  }
}

/** The contact confirms the municipality's data, and the portal may refuse; without them, neither happens. */
const confirmMunicipalityDataPatch = 'muk-confirm-municipality-data';
const portalRefusalsPatch = 'muk-portal-refusals';

export async function mukConnection(input: MukConnectionInput): Promise<MukConnectionResult> {
  const { municipalityKey, request, vendor, timing } = input;
  const { responsible } = request;
  // What the contact confirms replaces these, and everything built from them is built again.
  let { municipality, portalLoginUrl } = request;
  const contact = municipality.contact;
  const confirmsData = contact !== undefined && patched(confirmMunicipalityDataPatch);
  const portalMayRefuse = patched(portalRefusalsPatch);
  const runKey = runKeyOf(workflowInfo());
  let application = applicationFor(request, vendor);
  let labelled = labelApplication(application);
  let plan = planServiceProvider(municipality, portalLoginUrl, application, vendor);
  let vorhabenReference: string | undefined;
  let vorhabenReturned: string | undefined;
  let serviceProvider: MukServiceProviderView | null = null;

  const tracker = new ProcessTracker(
    {
      processType: 'muk-connection',
      organizationId: municipalityKey,
      organizationName: municipality.name,
      country: 'DE',
    },
    confirmsData ? 'awaiting-municipality-data' : 'awaiting-vorhaben-submission',
  );
  tracker.describeWith((): MukConnectionDetails => ({
    municipalityKey,
    municipality,
    responsible,
    portalLoginUrl,
    application: labelled,
    ...(vorhabenReference ? { vorhabenReference } : {}),
    ...(vorhabenReturned ? { vorhabenReturned } : {}),
    serviceProvider,
  }));
  // HumanSteps reads the name from here for every mail, so a corrected name reaches the later ones.
  const audience = { organizationName: municipality.name, language: 'de' as const };
  const steps = new HumanSteps(tracker, audience);
  // The messages this process answers: every process's (the operator reports the portal's events as steps).
  answerProcessMessages(tracker, steps);

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

  /**
   * Waits for the operator's event of the first type, or one of the others that answer the same step (the
   * portal's refusal); its body is re-checked here, whoever sent it.
   */
  function awaitEvent<T extends MukEventType>(
    accepts: readonly [T, ...T[]],
    stepTiming: StepTiming,
    round?: number,
    details: string[] = [],
  ): Promise<StepOutcome<MukEventOf<T>>> {
    const step = mukEventSteps[accepts[0]];
    return steps.wait<MukEventOf<T>>({
      step,
      ...(round !== undefined ? { key: `round-${round}` } : {}),
      recipient: responsible,
      timing: stepTiming,
      completion: { by: 'operator', pagePath: mukApplicationPagePath(municipalityKey) },
      // What the operator may report now (the console's buttons); only in the status query, so no patch.
      context: { events: [...accepts] },
      details,
      validate: (body) => {
        const parsed = mukEventSchema.safeParse(body);
        if (!parsed.success || mukEventSteps[parsed.data.type] !== step)
          throw refuseStep(`expected a valid ${accepts.join(' or ')} event`, 'invalid', {
            rule: 'muk-event-of-this-step',
          });
        if (!(accepts as readonly MukEventType[]).includes(parsed.data.type)) {
          throw refuseStep(`The connection is not waiting for ${parsed.data.type}`, 'notPending');
        }
      },
    });
  }

  /** The municipality's contact confirms or corrects its data; the application and the plan follow. */
  async function confirmMunicipalityData(recipient: {
    name: string;
    email: string;
  }): Promise<StepOutcome<MunicipalityData>> {
    const current = () => municipalityDataOf(municipality, portalLoginUrl);
    const confirmed = await steps.wait<MunicipalityData>({
      step: 'confirm-municipality-data',
      recipient,
      timing: timing.confirmMunicipalityData,
      completion: { by: 'link', requiresLogin: true },
      context: { organizationName: municipality.name, municipalityData: current() },
      details: municipalityDataLines(current()),
      validate: (body) => {
        const parsed = municipalityDataSchema.safeParse(body);
        if (!parsed.success)
          throw refuseStep(
            parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
            'invalid',
            { rule: 'municipality-data-valid' },
          );
      },
    });
    if (confirmed.kind !== 'completed') return confirmed;
    const data = municipalityDataSchema.parse(confirmed.input);
    const corrected = correctedFields(current(), data);
    municipality = { ...municipality, name: data.name, federalState: data.federalState, support: data.support };
    portalLoginUrl = data.portalLoginUrl;
    application = applicationFor({ municipality, responsible, portalLoginUrl }, vendor);
    labelled = labelApplication(application);
    plan = planServiceProvider(municipality, portalLoginUrl, application, vendor);
    if (corrected.includes('name')) {
      audience.organizationName = data.name;
      upsertSearchAttributes([{ key: searchAttributes.organizationName, value: data.name }]);
    }
    const outcome = corrected.length ? 'corrected' : 'confirmed';
    tracker.record({
      type: `municipality-data-${outcome}`,
      actor: actorLabel(confirmed.actor),
      ...(corrected.length ? { detail: corrected.join(', ') } : {}),
    });
    await audit('municipality-data-confirmed', actorLabel(confirmed.actor), outcome, { corrected });
    return { ...confirmed, input: data };
  }

  async function end(stage: 'expired' | 'cancelled', reason: string): Promise<MukConnectionResult> {
    tracker.setStage(stage);
    await steps.followUp().sendEmail({
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
    return outcome.kind === 'expired'
      ? end('expired', 'A step was not completed in time')
      : end('cancelled', outcome.reason);
  }

  const by = (actor: Actor) => actorLabel(actor);
  await audit('started', 'system', 'started', { vendor: vendor.name, portalLoginUrl });

  // 0. The municipality's contact confirms or corrects the data the application is built from.
  if (confirmsData) {
    const confirmed = await confirmMunicipalityData(contact);
    if (confirmed.kind !== 'completed') return unfinished(confirmed);
    tracker.setStage('awaiting-vorhaben-submission');
  }

  // 1. The responsible employee files the Vorhaben in the service portal and reports its reference;
  // 2. the MUK operator confirms it, or sends it back to be corrected and submitted again.
  const vorhabenAnswers = portalMayRefuse
    ? (['vorhaben-confirmed', 'vorhaben-returned'] as const)
    : (['vorhaben-confirmed'] as const);
  for (let round = 1; ; round++) {
    tracker.setStage('awaiting-vorhaben-submission');
    // The first round keeps the key it had before rounds existed, so running processes stay as they were.
    const keyedRound = round > 1 ? round : undefined;
    const returned = vorhabenReturned
      ? [
          `Vom MUK-Serviceportal zurückgegeben: ${vorhabenReturned}`,
          'Bitte korrigieren Sie das Vorhaben und senden Sie es erneut ab.',
        ]
      : [];
    const submitted = await awaitEvent(['vorhaben-submitted'], timing.vorhabenSubmitted, keyedRound, [
      ...returned,
      ...applicationLines(labelled),
    ]);
    if (submitted.kind !== 'completed') return unfinished(submitted);
    vorhabenReference = submitted.input.reference;
    tracker.record({ type: 'vorhaben-submitted', actor: by(submitted.actor), detail: vorhabenReference });

    tracker.setStage('awaiting-vorhaben-confirmation');
    const answered = await awaitEvent(vorhabenAnswers, timing.vorhabenConfirmed, keyedRound, [
      `Vorhaben: ${vorhabenReference}`,
    ]);
    if (answered.kind !== 'completed') return unfinished(answered);
    if (answered.input.type === 'vorhaben-confirmed') break;
    vorhabenReturned = answered.input.reason;
    tracker.record({ type: 'vorhaben-returned', actor: by(answered.actor), detail: vorhabenReturned });
    await audit(`vorhaben-returned:${round}`, by(answered.actor), 'returned', { reason: vorhabenReturned });
  }
  vorhabenReturned = undefined;

  // 3. The Service Provider: keys and certificates once per municipality, metadata and form values.
  tracker.setStage('preparing-service-provider');
  const certificates = await activities.ensureMukServiceProviderKeys({
    municipalityKey,
    subject: { commonName: new URL(plan.entityId).hostname, organisation: municipality.name },
  });
  const sp: MukServiceProviderView = {
    plan,
    certificates,
    form: serviceProviderFormValues(plan, certificates),
    approved: false,
  };
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

  // 4. Created and approved in the portal, then tested; a rejection or a failed test sends it back with the reason.
  const approvalAnswers = portalMayRefuse
    ? (['service-provider-approved', 'service-provider-rejected'] as const)
    : (['service-provider-approved'] as const);
  for (let round = 1; ; round++) {
    tracker.setStage('awaiting-service-provider-creation');
    const rejection = sp.lastRejection ? [`Vom MUK-Serviceportal abgelehnt: ${sp.lastRejection}`] : [];
    const failure = sp.lastFailure ? [`Integrationstest fehlgeschlagen: ${sp.lastFailure}`] : [];
    const created = await awaitEvent(['service-provider-created'], timing.serviceProviderCreated, round, [
      ...rejection,
      ...failure,
      ...formLines,
    ]);
    if (created.kind !== 'completed') return unfinished(created);
    sp.portalServiceProviderId = created.input.serviceProviderId ?? sp.portalServiceProviderId;

    tracker.setStage('awaiting-service-provider-approval');
    const approved = await awaitEvent(approvalAnswers, timing.serviceProviderApproved, round, [
      `Entity-ID: ${plan.entityId}`,
    ]);
    if (approved.kind !== 'completed') return unfinished(approved);
    if (approved.input.type === 'service-provider-rejected') {
      sp.lastRejection = approved.input.reason;
      tracker.record({ type: 'service-provider-rejected', actor: by(approved.actor), detail: sp.lastRejection });
      await audit(`service-provider-rejected:${round}`, by(approved.actor), 'rejected', { reason: sp.lastRejection });
      continue;
    }
    delete sp.lastRejection;
    sp.approved = true;

    tracker.setStage('checking-integration');
    const check = await activities.checkMukIntegration({
      connectionId: municipalityKey,
      portalLoginUrl,
      plan,
      certificates,
    });
    sp.automatedCheck = check;
    tracker.record({ type: 'integration-checked', detail: check.passed ? 'passed' : 'failed' });
    await audit(`integration-checked:${round}`, 'system', check.passed ? 'passed' : 'failed', { checks: check.checks });

    tracker.setStage('awaiting-integration-test');
    const checkLines = check.checks.map((c) => `${c.ok ? 'OK' : 'FEHLER'} ${c.name}: ${c.detail}`);
    const tested = await awaitEvent(['integration-tested'], timing.integrationTested, round, checkLines);
    if (tested.kind !== 'completed') return unfinished(tested);
    if (tested.input.result === 'passed') {
      delete sp.lastFailure;
      break;
    }
    sp.approved = false;
    sp.lastFailure = tested.input.reason;
    tracker.record({ type: 'integration-test-failed', actor: by(tested.actor), detail: tested.input.reason });
  }

  // 5. Done: the municipality's support contact (and the contact who confirmed its data) learn what was
  // connected, that companies can log in, and what follows.
  tracker.setStage('done');
  const told = [{ name: municipality.support.name, email: municipality.support.email }];
  if (confirmsData && contact.email !== municipality.support.email) told.push(contact);
  for (const to of told) {
    await steps.followUp().sendEmail({
      idempotencyKey: `${runKey}|done|${to.email}`,
      workflowId: workflowInfo().workflowId,
      step: 'muk-connection-done',
      to,
      language: 'de',
      template: 'muk-connection-done',
      vars: {
        recipientName: to.name,
        municipalityName: municipality.name,
        vendorName: vendor.name,
        portalLoginUrl,
        entityId: plan.entityId,
        mailboxLater: vendor.nezoLoginAndPostfach === 'Nur NEZO-Login',
      },
    });
  }
  await audit('ended', 'system', 'done');
  await steps.finish();
  return { stage: 'done' };
}
