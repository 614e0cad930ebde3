// Connecting an organisation to MitID Erhverv: the initiator prepares (appoints
// administrators, uploads documentation where the kind requires it), the management representative
// approves and accepts the current terms (or, on the registrant path, sends the proposal back with a
// reason for the registrant to revise, as often as needed), a case worker reviews the documentation (the
// representative and registrant are told at once that it is under review), or the company register
// confirms a CVR company's representative, and the organisation is connected: receipt to the
// representative (and registrant), a setup link to every administrator.
import {
  ParentClosePolicy,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { ConnectionActivities, ConnectionRecord, RepresentativeCheck } from '../activities/connection';
import type { EmailRequest } from '../activities/mail/mailer';
import type { StepActivities } from '../activities/steps';
import { runKeyOf } from '../domain/run-key';
import { languageForCountry } from '../domain/language';
import { anyDecision, approvalDecisionRefusal, preparationRefusal } from '../domain/link-acceptance';
import { durationMs } from '../domain/duration';
import { addWorkingDays, documentReviewWorkingDays, requiresDocumentation } from '../domain/organization';
import type { ApproveConnectionInput, PrepareConnectionInput } from '../domain/step-inputs';
import { localQuickActivity, quickActivity } from '../temporal.config';
import {
  reviewDocumentUpdate,
  type ConnectionDocumentView,
  type ReviewDocumentRequest,
  type ConnectionInput,
  type ConnectionResult,
  type ConnectionStage,
  type Person,
} from './connection.messages';
import {
  answerProcessMessages,
  HumanSteps,
  auditWithTheClickWork,
  humanStepPatchesOf20261130,
  refuseStep,
  type AttachedDocument,
  type StepOutcome,
  type StepRequest,
} from './human-step';
import { organizationSetup } from './organization-setup';
import { bindToLogins, setupWorkflowId, type OrganizationSetupInput } from './organization-setup.messages';
import { actorLabel, type Actor } from './process.messages';
import { ProcessTracker } from './process-tracker';

const activities = proxyActivities<ConnectionActivities>(quickActivity);
// What a click waits for runs as local activities, inside the workflow task that took the click: no
// server round trip between the person's button and their answer.
const local = proxyLocalActivities<
  Pick<
    ConnectionActivities,
    'currentTerms' | 'checkCompanyRepresentative' | 'recordConnection' | 'connectIfRepresentative'
  > &
    Pick<StepActivities, 'recordAudit'>
>(localQuickActivity);

// Each patch says what its branch does, and what the process does without it (README, "Changing a process").
/** The register is asked by the representative's identity digest; without it, by their name. */
const representativeByIdentity = 'representative-by-identity';
/** Setup gets the administrators with the logins the case bound; without it, without them. */
const setupBoundToEarlierLogins = 'setup-bound-to-earlier-logins';
/** The representative may send the registrant's proposal back to be revised (a new prepare and approve round). */
const sendBack = 'connection-send-back';
/** When approval waits for the document review, the representative and registrant are told so at once. */
const underReviewNotice = 'connection-under-review-notice';
/** A document withdrawn in a revision is marked so in its `documents` row too; without it, the row stays `pending`. */
const withdrawnDocumentsRecorded = 'connection-withdrawn-documents-recorded';
/**
 * The API shows the current terms on the approval page, and the process reads the ones accepted after the
 * approval, beside the register check; without it, the process reads them into the approval step as it begins.
 */
const termsReadAfterApproval = 'connection-terms-read-after-approval';
/** The setup starts as soon as the organisation is connected; without it, once the receipts are out. */
const setupStartedBeforeReceipts = 'connection-setup-before-receipts';
/** The register check and the connection's record are local activities of the approval's task; without it, activities after it. */
const approvalAnsweredInOneTask = 'connection-approval-in-one-task';
/**
 * The approval's task asks this one patch instead of the four above it stands for (one marker and upsert, not
 * four), and the register check, begun and ended inside that task, is no stage of its own: the `OnboardingStage`
 * search attribute goes from `awaiting-approval` to the outcome in one upsert. Without it, each of the four is
 * asked where it was, and `checking-company-register` is set (and upserted) before the check.
 */
const approvalTaskLean = 'connection-approval-task-lean';
/**
 * A CVR company's approval runs one local activity (`connectIfRepresentative`: the register check, then the
 * record and the terms) instead of two rounds (the check beside the terms, then the record); it stands for
 * `approvalTaskLean` and the four that one stands for. Without it, the two rounds.
 */
const approvalInOneLocalActivity = 'connection-approval-one-local-activity';
/**
 * Asked first: a process that says yes takes every patch above and HumanSteps' of the same day as yes, without a
 * marker (and `TemporalChangeVersion` upsert) of its own; a connection asked up to nine, one in the preparation's
 * task and one in the approval's. Without it, each is asked where it always was.
 */
const everyPatchOf20261130 = 'connection-every-patch-of-2026-11-30';
/**
 * Asked first, standing for the patch above: the setup is started by follow-up work (`startOrganizationSetup`, on
 * the follow-up task queue, beside the receipts), not as a child in the task that connects, so a burst of
 * approvals is answered before the setups begin. Without it, a child started in that task, then the receipts.
 */
const setupStartedAsFollowUp = 'connection-setup-started-as-follow-up';
/**
 * Asked first, standing for the patch above and HumanSteps' `auditWithTheClickWork`: a completed step's audit row
 * goes with the click's own work (the approval's local activity, the next step's invitation), and the approval's
 * follow-up (the setup's start and the receipts) is one activity, `followUpConnection`, not one each. Without it,
 * each is asked where it was.
 */
const fewerActivitiesPerClick = 'connection-fewer-activities-per-click';

/** Round 0's steps are unkeyed (as before send-back existed, so those processes' links still work); each later round has its own links. */
function roundKey(round: number): string | undefined {
  return round === 0 ? undefined : `round-${round}`;
}

export async function connection(input: ConnectionInput): Promise<ConnectionResult> {
  const { organization, timing } = input;
  // An operator may re-send a step to a corrected person: from then on the process deals with them.
  let { initiator, representative } = input;
  const language = languageForCountry(organization.country);
  const tracker = new ProcessTracker(
    {
      processType: 'connection',
      organizationId: organization.orgId,
      organizationName: organization.name,
      country: organization.country,
    },
    'awaiting-preparation',
  );
  const steps = new HumanSteps(tracker, { organizationName: organization.name, language });
  // The representative's approval is decided by its link; a new process says yes to every earlier patch with it.
  steps.decideByLinks([fewerActivitiesPerClick]);
  const oneFollowUp = steps.patchedWith(fewerActivitiesPerClick, [setupStartedAsFollowUp, auditWithTheClickWork]);
  const setupAsFollowUp = steps.patchedWith(setupStartedAsFollowUp, [everyPatchOf20261130]);
  steps.patchedWith(everyPatchOf20261130, [
    ...humanStepPatchesOf20261130,
    representativeByIdentity,
    setupBoundToEarlierLogins,
    sendBack,
    underReviewNotice,
    withdrawnDocumentsRecorded,
    termsReadAfterApproval,
    setupStartedBeforeReceipts,
    approvalAnsweredInOneTask,
    approvalTaskLean,
    approvalInOneLocalActivity,
  ]);
  const runKey = runKeyOf(workflowInfo());
  const documents: Array<AttachedDocument & { status: ConnectionDocumentView['status']; reason?: string }> = [];
  const kept = () => documents.filter((d) => d.status !== 'withdrawn');
  let administrators: Person[] = [];
  let termsVersion: string | undefined;
  const needsDocuments = input.documentationRequired ?? requiresDocumentation(organization.kind);
  const registrantPath = initiator.role === 'registrant';

  tracker.describeWith(() => ({
    organization,
    initiator: { role: initiator.role, name: initiator.name },
    representative: { name: representative.name },
    administrators,
    termsVersion,
    documents: documents.map((d): ConnectionDocumentView => ({
      documentId: d.documentId,
      documentType: d.documentType,
      sha256: d.sha256,
      status: d.status,
      ...(d.reason ? { reason: d.reason } : {}),
    })),
  }));

  // The messages this process answers: every process's, and a case worker's review of a document.
  answerProcessMessages(tracker, steps);
  setHandler(reviewDocumentUpdate, reviewDocument, { validator: checkReview });

  const people = (): Person[] => {
    const all = [representative, ...(registrantPath ? [initiator] : [])];
    return all.filter((person, index) => all.findIndex((p) => p.email === person.email) === index);
  };

  async function end(stage: ConnectionStage, reason?: string, notify: Person[] = people()): Promise<ConnectionResult> {
    tracker.setStage(stage);
    for (const person of notify) {
      await steps
        .followUp()
        .sendEmail(mailTo(person, 'ended', 'connection-ended', 'process-ended', { outcome: stage, reason }));
    }
    await local.recordAudit({
      eventKey: `${runKey}:ended`,
      at: new Date().toISOString(),
      actor: 'system',
      orgId: organization.orgId,
      workflowId: workflowInfo().workflowId,
      action: 'connection',
      outcome: stage,
      details: reason ? { reason } : undefined,
    });
    await steps.finish();
    return { stage, ...(reason ? { reason } : {}) };
  }

  function unfinished(outcome: StepOutcome<unknown>): Promise<ConnectionResult> | undefined {
    if (outcome.kind === 'expired') return end('expired', 'A step was not completed in time');
    if (outcome.kind === 'cancelled') return end('cancelled', outcome.reason);
    return undefined;
  }

  // The answer to an approval says what the process does next: the company register is checked, or the case
  // worker reviews the documentation; a rejection ends it, and a proposal sent back waits for the registrant.
  const approvalAcceptance: NonNullable<StepRequest['acceptance']> = {
    rule: { name: 'approval-decision', registrantPath },
    stageAfter: {
      approve: needsDocuments ? 'awaiting-document-review' : 'checking-company-register',
      reject: 'rejected',
      'send-back': 'awaiting-revision',
    },
  };

  /** What a proposal may withdraw: the documents kept so far, one of which must remain where documentation is needed. */
  function preparationRule(): { kept: string[]; needsDocuments: boolean } {
    return { kept: kept().map((d) => d.documentId), needsDocuments };
  }

  /** The initiator's proposal; a revision shows the representative's reason and the earlier choices, to keep or change. */
  function prepare(round: number, sentBackReason?: string): Promise<StepOutcome<PrepareConnectionInput>> {
    const request: StepRequest = {
      step: 'prepare-connection',
      key: roundKey(round),
      recipient: initiator,
      timing: timing.prepare,
      // Documents of an earlier round stay with the case: a revision may add more, or take some back, as long as one remains.
      completion: {
        by: 'link',
        requiresLogin: true,
        acceptsDocuments: needsDocuments,
        documentsRequired: documents.length === 0,
      },
      context: { organizationName: organization.name, kind: organization.kind, role: initiator.role },
      validate: (value, _actor, uploaded) => {
        const withdrawn = (value as PrepareConnectionInput).withdrawDocuments ?? [];
        const refusal = preparationRefusal(withdrawn, preparationRule(), uploaded.length);
        if (refusal) throw refuseStep(refusal.message, 'invalid', { rule: refusal.rule });
      },
      // Answered as the link takes it: the proposal goes to the representative, who in the direct path is the
      // person preparing, and approves next.
      acceptance: {
        rule: { name: 'preparation', ...preparationRule() },
        // Where documentation is needed: the link counts the uploads (a company's proposal takes none, and its
        // click then reads no documents).
        ...(needsDocuments
          ? { documents: { required: documents.length === 0, earlier: documents.map((d) => d.documentId) } }
          : {}),
        stageAfter: { [anyDecision]: 'awaiting-approval' },
        ...(registrantPath
          ? {}
          : {
              nextAfter: {
                [anyDecision]: {
                  step: 'approve-connection',
                  expireAfterMs: durationMs(timing.approve.expireAfter),
                  acceptance: approvalAcceptance,
                },
              },
            }),
      },
    };
    if (round === 0) return steps.wait(request);
    const earlierDocuments = kept().map((d) => ({ documentId: d.documentId, documentType: d.documentType }));
    return steps.wait({
      ...request,
      expectedSubject: initiatorSubject,
      context: { ...request.context, round, sentBackReason, administrators, documents: earlierDocuments },
      details: [sentBackReason!],
    });
  }

  /** Takes the initiator's proposal; the ids of the documents it withdrew. */
  function takePreparation(outcome: StepOutcome<PrepareConnectionInput> & { kind: 'completed' }): string[] {
    initiator = { ...initiator, ...outcome.recipient };
    if (!registrantPath) representative = { name: outcome.recipient.name, email: outcome.recipient.email };
    administrators = outcome.input.administrators;
    const withdrawn: string[] = [];
    for (const document of documents) {
      if (!outcome.input.withdrawDocuments?.includes(document.documentId) || document.status === 'withdrawn') continue;
      document.status = 'withdrawn';
      withdrawn.push(document.documentId);
      tracker.record({
        type: 'document-withdrawn',
        step: 'prepare-connection',
        actor: actorLabel(outcome.actor),
        detail: document.documentType,
      });
    }
    documents.push(...outcome.documents.map((d) => ({ ...d, status: 'pending' as const })));
    return withdrawn;
  }

  // 1. Preparation: administrators appointed, documentation uploaded where required.
  let initiatorSubject: string | undefined;
  const prepared = await prepare(0);
  if (prepared.kind !== 'completed') return unfinished(prepared)!;
  takePreparation(prepared);
  initiatorSubject = prepared.actor.kind === 'person' ? prepared.actor.subject : undefined;
  // Who has logged in so far, by e-mail: an administrator among them sets up with that same login.
  const logins = new Map<string, string>();
  if (initiatorSubject) logins.set(initiator.email.toLowerCase(), initiatorSubject);

  // 2. The representative approves the choices and accepts the current terms, rejects them, or (registrant
  //    path) sends them back with a reason: the registrant revises, and the representative decides again.
  let round = 0;
  let sentBackReason: string | undefined;
  let terms: { version: string; title: string; url: string } | undefined;
  let approved: StepOutcome<ApproveConnectionInput> & { kind: 'completed' };
  for (;;) {
    tracker.setStage('awaiting-approval');
    if (!steps.patched(termsReadAfterApproval)) terms = await local.currentTerms();
    const decided = await steps.wait<ApproveConnectionInput>({
      step: 'approve-connection',
      key: roundKey(round),
      recipient: representative,
      timing: timing.approve,
      completion: { by: 'link', requiresLogin: true },
      // In the direct path the person who prepared must be the one who approves.
      expectedSubject: registrantPath ? undefined : initiatorSubject,
      context: {
        organizationName: organization.name,
        kind: organization.kind,
        preparedBy: registrantPath ? initiator.name : undefined,
        administrators,
        documents: kept().length,
        ...(terms ? { termsVersion: terms.version, termsTitle: terms.title, termsUrl: terms.url } : {}),
        ...(round > 0 ? { round, sentBackReason } : {}),
      },
      validate: (value) => {
        const refusal = approvalDecisionRefusal(value as ApproveConnectionInput, registrantPath);
        if (refusal) throw refuseStep(refusal.message, 'invalid', { rule: refusal.rule });
      },
      acceptance: approvalAcceptance,
    });
    if (decided.kind !== 'completed') return unfinished(decided)!;
    representative = decided.recipient;
    approved = decided;
    if (decided.input.decision !== 'send-back' || !steps.patched(sendBack)) break;
    round += 1;
    sentBackReason = decided.input.reason!;
    tracker.record({
      type: 'sent-back',
      step: 'approve-connection',
      actor: actorLabel(decided.actor),
      detail: sentBackReason,
    });
    tracker.setStage('awaiting-revision');
    const revised = await prepare(round, sentBackReason);
    if (revised.kind !== 'completed') return unfinished(revised)!;
    const withdrawn = takePreparation(revised);
    if (withdrawn.length > 0 && steps.patched(withdrawnDocumentsRecorded))
      await activities.recordDocumentsWithdrawn({ documentIds: withdrawn });
  }
  if (approved.input.decision !== 'approve') {
    return end(
      'rejected',
      approved.input.reason ?? 'Rejected by the management representative',
      registrantPath ? [initiator] : [],
    );
  }
  termsVersion = approved.input.termsVersion;
  // Every patch the rest of the process asks about is asked here, before any local activity of this task:
  // a patch marker after a local activity's in the same task does not replay.
  const inOneLocalActivity = steps.patchedWith(approvalInOneLocalActivity, [approvalTaskLean]);
  const lean = steps.patchedWith(approvalTaskLean, [
    approvalAnsweredInOneTask,
    setupStartedBeforeReceipts,
    setupBoundToEarlierLogins,
    representativeByIdentity,
  ]);
  const inOneTask = steps.patched(approvalAnsweredInOneTask);
  const setupFirst = steps.patched(setupStartedBeforeReceipts);
  if (setupFirst) steps.patched(setupBoundToEarlierLogins);
  // The terms the receipt names (the API let the approval accept only the current ones). Read beside the register
  // check, and awaited together with it: what follows must not depend on which of the two answers first, or a
  // replay could order its commands otherwise.
  const acceptedTerms = (): Promise<{ version: string; title: string; url: string }> =>
    terms ? Promise.resolve(terms) : local.currentTerms();
  const representativeActor: Actor = approved.actor;
  if (representativeActor.kind === 'person')
    logins.set(representative.email.toLowerCase(), representativeActor.subject);

  const connectionRecord = (): ConnectionRecord => ({
    eventKey: `${runKey}:connected`,
    organization: { ...organization, language },
    administrators,
    termsVersion: termsVersion!,
    acceptedBy: actorLabel(representativeActor),
  });

  // 3. The representative's authority: the company register for a CVR company, documentation otherwise.
  let connectedAt: string | undefined;
  if (!needsDocuments) {
    if (!lean) tracker.setStage('checking-company-register');
    // Authority by the person's verified identity (a keyed hash of the CPR number from the login), not
    // by a display name anyone's account may carry.
    const representativeCheck: RepresentativeCheck = steps.patched(representativeByIdentity)
      ? {
          cvr: organization.cvr ?? '',
          identityDigest: representativeActor.kind === 'person' ? (representativeActor.identityDigest ?? null) : null,
        }
      : {
          cvr: organization.cvr ?? '',
          name: representativeActor.kind === 'person' ? representativeActor.name : representative.name,
        };
    if (inOneLocalActivity) {
      const outcome = await local.connectIfRepresentative({
        representative: representativeCheck,
        connection: connectionRecord(),
        audit: steps.takeAudits(),
      });
      if (!outcome.authorized) return end('rejected', outcome.reason);
      terms ??= outcome.terms;
      connectedAt = outcome.connectedAt;
    } else {
      const [check, accepted] = await Promise.all([
        (inOneTask ? local : activities).checkCompanyRepresentative(representativeCheck),
        acceptedTerms(),
      ]);
      terms = accepted;
      if (!check.authorized) return end('rejected', check.reason);
    }
  } else {
    for (let reviews = 0; ; reviews++) {
      tracker.setStage('awaiting-document-review');
      steps.settle();
      if (reviews === 0 && steps.patched(underReviewNotice)) await tellUnderReview();
      const reviewed = await waitForReview();
      if (reviewed === 'cancelled') return end('cancelled', steps.cancellation?.reason);
      if (documents.some((d) => d.status === 'approved')) break;
      tracker.setStage('awaiting-resubmission');
      const reasons = documents.filter((d) => d.status === 'rejected' && d.reason).map((d) => d.reason!);
      const resubmitted = await steps.wait({
        step: 'resubmit-documents',
        key: String(documents.length),
        recipient: initiator,
        timing: timing.resubmitDocuments,
        completion: { by: 'link', requiresLogin: true, acceptsDocuments: true },
        expectedSubject: initiatorSubject,
        context: { organizationName: organization.name, rejectionReasons: reasons.join('; ') },
        details: reasons,
      });
      if (resubmitted.kind !== 'completed') return unfinished(resubmitted)!;
      initiator = { ...initiator, ...resubmitted.recipient };
      documents.push(...resubmitted.documents.map((d) => ({ ...d, status: 'pending' as const })));
    }
  }

  // 4. Connected: recorded, receipt to the representative (and registrant), setup links to the administrators.
  // After the review (a task of its own) on this path; with the register check (or after it) on the other.
  terms ??= await acceptedTerms();
  connectedAt ??= await (inOneTask ? local : activities).recordConnection(connectionRecord());
  tracker.setStage('connected');
  const receiptTerms = terms;
  const receiptFor = (person: Person): EmailRequest =>
    mailTo(person, 'receipt', 'connection-receipt', 'connection-receipt', {
      ...(organization.cvr ? { cvr: organization.cvr } : { organizationId: organization.orgId }),
      connectedAt,
      approvedBy: representative.name,
      approvedAt: approved.at,
      administrators,
      termsVersion: termsVersion!,
      // The title and link of the version accepted (the API accepts only the current one when clicked).
      ...(receiptTerms.version === termsVersion ? { termsTitle: receiptTerms.title, termsUrl: receiptTerms.url } : {}),
      documentation: needsDocuments ? 'approved-by-case-worker' : 'confirmed-by-company-register',
    });
  const sendReceipt = (person: Person) => steps.followUp().sendEmail(receiptFor(person));
  // The representative's click is answered now; receipts and setup links follow on their own.
  steps.settle();
  if (oneFollowUp) {
    await steps.followUp().followUpConnection({
      setup: { taskQueue: workflowInfo().taskQueue, input: setupInput() },
      receipts: people().map(receiptFor),
    });
  } else if (setupAsFollowUp) {
    await Promise.all([
      steps.followUp().startOrganizationSetup({ taskQueue: workflowInfo().taskQueue, input: setupInput() }),
      ...people().map(sendReceipt),
    ]);
  } else {
    if (setupFirst) await startSetup();
    for (const person of people()) await sendReceipt(person);
    if (!setupFirst) await startSetup();
  }
  await steps.finish();
  return { stage: 'connected' };

  /** Refuses a review of a document the case does not hold or that is not awaiting review, and a rejection without a reason. */
  function checkReview({ documentId, decision, reason }: ReviewDocumentRequest): void {
    const document = documents.find((d) => d.documentId === documentId);
    if (!document) throw refuseStep(`No document ${documentId} in this connection`, 'unknownDocument');
    if (tracker.stage !== 'awaiting-document-review' || document.status !== 'pending')
      throw refuseStep('This document is not awaiting review', 'notPending');
    if (decision === 'reject' && !reason)
      throw refuseStep('A rejection needs a reason', 'invalid', { rule: 'rejection-needs-reason' });
  }

  /** Records the case worker's decision; the review waits until no document is pending (waitForReview). */
  async function reviewDocument({
    documentId,
    decision,
    reason,
    actor,
  }: ReviewDocumentRequest): Promise<{ status: 'approved' | 'rejected' }> {
    const document = documents.find((d) => d.documentId === documentId)!;
    const status = decision === 'approve' ? 'approved' : 'rejected';
    document.status = status;
    document.reason = reason;
    tracker.record({ type: `document-${status}`, actor: actorLabel(actor), detail: reason });
    await activities.recordDocumentReview({
      documentId,
      status,
      reason,
      eventKey: `${runKey}:review:${documentId}`,
      orgId: organization.orgId,
      actor: actorLabel(actor),
    });
    return { status };
  }

  /** The administrators' setup, a process of its own that outlives this one. */
  function setupInput(): OrganizationSetupInput {
    return {
      organization: { orgId: organization.orgId, name: organization.name, country: organization.country },
      administrators: steps.patched(setupBoundToEarlierLogins) ? bindToLogins(administrators, logins) : administrators,
      timing: timing.setup,
    };
  }

  /** Starts the setup as a child (processes without `setupStartedAsFollowUp`). */
  async function startSetup(): Promise<void> {
    await startChild(organizationSetup, {
      workflowId: setupWorkflowId(organization.orgId),
      args: [setupInput()],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  }

  /**
   * A mail to a person of the case, addressed by name and naming the organisation; keyed by the run, what it is
   * about and the address, so a retry never sends it twice.
   */
  function mailTo(
    person: Person,
    about: string,
    step: string,
    template: string,
    vars: Record<string, unknown>,
  ): EmailRequest {
    return {
      idempotencyKey: `${runKey}|${about}|${person.email}`,
      workflowId: workflowInfo().workflowId,
      step,
      to: person,
      language,
      template,
      vars: { recipientName: person.name, organizationName: organization.name, ...vars },
    };
  }

  /** The approval is in, the documentation waits for a case worker: the representative and registrant hear so now, not only at the end. */
  async function tellUnderReview(): Promise<void> {
    for (const person of people()) {
      await steps.followUp().sendEmail(
        mailTo(person, 'under-review', 'connection-under-review', 'connection-under-review', {
          approvedBy: representative.name,
          approvedAt: approved.at,
          workingDays: documentReviewWorkingDays,
        }),
      );
    }
    tracker.record({ type: 'under-review-notified' });
  }

  /** Waits until no document is pending, reminding the case workers every N working days. */
  async function waitForReview(): Promise<'reviewed' | 'cancelled'> {
    let reminders = 0;
    for (;;) {
      const remindAt = addWorkingDays(new Date(), timing.documentReviewReminderWorkingDays).getTime();
      const done = await steps.condition(
        () => documents.every((d) => d.status !== 'pending') || steps.cancellation !== undefined,
        remindAt - Date.now(),
      );
      if (steps.cancellation) return 'cancelled';
      if (done) return 'reviewed';
      reminders += 1;
      await steps.followUp().sendEmail({
        idempotencyKey: `${runKey}|review-reminder|${documents.length}|${reminders}`,
        workflowId: workflowInfo().workflowId,
        step: 'review-documents',
        to: { email: input.caseWorkerEmail, name: 'Case workers' },
        language,
        template: 'document-review-reminder',
        vars: {
          organizationName: organization.name,
          connectionId: organization.orgId,
          pending: documents.filter((d) => d.status === 'pending').length,
          waitingWorkingDays: timing.documentReviewReminderWorkingDays * reminders,
        },
      });
      tracker.record({ type: 'review-reminded' });
    }
  }
}
