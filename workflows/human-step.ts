// The one helper every process uses to wait for a person: it mails the step's link, reminds, expires,
// and accepts the `completeStep` Update, whose validator knows what is pending and who may act.
//
//   const steps = new HumanSteps(tracker, { organizationName, language });
//   answerProcessMessages(tracker, steps);   // completeStep, attachDocument, resendStep, cancelProcess, queries
//   const outcome = await steps.wait<ApproveInput>({ step: 'approve-connection', recipient, timing, completion: { by: 'link', requiresLogin: true } });
//   if (outcome.kind === 'completed') ...   // 'expired' | 'cancelled' otherwise
//   await steps.waitForEach(requests, async (request, outcome) => ...);   // hundreds of people at once
//
// An update handler returns once the process has acted on the step (it waits again, through HumanSteps, or
// has finished), so the person sees the real outcome and, where the next step is theirs, its link. A process
// that lets its links decide (`decideByLinks`) writes on each link what the step accepts and what a click is
// answered (domain/link-acceptance.ts): the API then claims the link and answers at once, and the process
// takes the click from the `stepClaimed` signal, or from the link itself when it closes it to end the step.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { AuditEvent } from '../db/audit';
import { documentsRefusal, personRefusal, type LinkAcceptance, type SetupJudgement } from '../domain/link-acceptance';
import type { StepActivities, StepMessageRequest, StepMessageResult } from '../activities/steps';
import { durationMs } from '../domain/duration';
import { runKeyOf } from '../domain/run-key';
import type { Language } from '../domain/language';
import type { StepName } from '../domain/steps';
import { batchActivity, localQuickActivity, type StepTiming } from '../temporal.config';
import {
  actorLabel,
  attachDocumentUpdate,
  canAttachDocumentQuery,
  cancelProcessUpdate,
  holdsDocumentQuery,
  maxDocumentsPerStep,
  mayActQuery,
  completeStepUpdate,
  processStatusQuery,
  resendStepUpdate,
  stepClaimedSignal,
  stepFailureTypes,
  type Actor,
  type AttachDocumentCheck,
  type AttachDocumentRequest,
  type AttachDocumentVerdict,
  type CancelProcessRequest,
  type ClaimedStep,
  type CompleteStepRequest,
  type CompleteStepResult,
  type PendingStepView,
  type ResendStepRequest,
  type StepActorCheck,
  type StepFailureDetails,
  type StepFailureKind,
} from './process.messages';
import type { ProcessTracker } from './process-tracker';
import { followUp, followUpOnItsOwnQueue, type FollowUp } from './follow-up';

// A group's messages, mailed by one activity a few at a time.
const { sendStepMessages } = proxyActivities<StepActivities>(batchActivity);
// A lapsed step's audit row (and, without the follow-up queue, a completed one's), and a step's link closed
// before the step ends: local activities.
const { recordAudit, closeStepLinks } = proxyLocalActivities<StepActivities>(localQuickActivity);

/** The reply's status code (e.g. 550), or "rejected" when the server gave none. */
function smtpCode(reply: string | undefined): string {
  return /\b[45]\d\d\b/.exec(reply ?? '')?.[0] ?? 'rejected';
}

export type StepCompletion =
  /** `documentsRequired: false`: documents may be added, but earlier ones (e.g. a revised proposal's) suffice. */
  | { by: 'link'; requiresLogin: boolean; acceptsDocuments?: boolean; documentsRequired?: boolean }
  /** An operator's call completes the step; the e-mail points at `pagePath` (under the public base URL). */
  | { by: 'operator'; pagePath?: string };

export interface StepRequest {
  step: StepName;
  key?: string;
  recipient: { name: string; email: string };
  timing: StepTiming;
  completion: StepCompletion;
  /** Shown on the step's page (GET of the link) and in the status query; a function when it changes while waiting. */
  context?: Record<string, unknown> | (() => Record<string, unknown>);
  /** Extra lines in the invitation e-mail. */
  details?: string[];
  /** Only this pseudonymous subject may complete the step (e.g. the person who started it). */
  expectedSubject?: string;
  /** Process rules beyond the input's schema; throw `refuseStep(...)` to answer the person with why not. */
  /** `documents`: those attached to this step so far; `judged`: what a claimed setup click was judged under. */
  validate?: (input: unknown, actor: Actor, documents: readonly AttachedDocument[], judged?: SetupJudgement) => void;
  /**
   * Called as the step takes a completion, in the order the process takes them (claims in the order their links
   * decided them), before the waiting coroutine resumes: for what the process decides by that order.
   */
  onTaken?: (input: unknown) => void;
  /**
   * What the step's link accepts and a click on it is answered, in a process that lets its links decide
   * (`decideByLinks`); HumanSteps adds who may act. `rule` must refuse what `validate` refuses.
   */
  acceptance?: Omit<LinkAcceptance, 'recipientName' | 'expectedSubject'>;
}

export interface AttachedDocument {
  documentId: string;
  sha256: string;
  documentType: string;
  mediaType: string;
  sizeBytes: number;
  uploadedBy: string;
}

export type StepOutcome<Input> =
  /** `recipient`: whom the step was last sent to (an operator may have corrected it). */
  | {
      kind: 'completed';
      input: Input;
      actor: Actor;
      at: string;
      documents: AttachedDocument[];
      recipient: { name: string; email: string };
    }
  | { kind: 'expired'; at: string }
  | { kind: 'cancelled'; reason: string; actor: Actor };

interface PendingStep {
  request: StepRequest;
  attempt: number;
  linkId?: string;
  since: number;
  expiresAt: number;
  lastNotifiedAt: number;
  remindersSent: number;
  documents: AttachedDocument[];
  expectedSubject?: string;
  rotated: boolean;
  /** The step's link decides a click (it was written with its acceptance) and is not closed yet. */
  linkDecides?: boolean;
  /** What the link was written with, where it decides. */
  acceptance?: LinkAcceptance;
  /** The epoch at which the process took the outcome and moved on. */
  consumedAt?: number;
  outcome?: StepOutcome<unknown>;
}

/** A refusal of the `stepFailureTypes` table, with the reason; an invalid input and the wrong person name the rule. */
export function refuseStep(
  message: string,
  kind: Exclude<StepFailureKind, keyof StepFailureDetails>,
): ApplicationFailure;
export function refuseStep<Kind extends keyof StepFailureDetails>(
  message: string,
  kind: Kind,
  details: StepFailureDetails[Kind],
): ApplicationFailure;
export function refuseStep(message: string, kind: StepFailureKind, details?: object): ApplicationFailure {
  return ApplicationFailure.create({
    type: stepFailureTypes[kind],
    message,
    nonRetryable: true,
    details: details === undefined ? [] : [details],
  });
}

/**
 * Only the person the step was sent to may act on it: the name their login verified must be the
 * recipient's (domain/person-name.ts), and where an earlier step bound their login, the same login.
 * A validator writes no history, so running processes get this check without a patch.
 */
function checkPerson(entry: PendingStep, actor: Actor & { kind: 'person' }, organizationId: string): void {
  const { recipient } = entry.request;
  const refusal = personRefusal({ recipientName: recipient.name, expectedSubject: entry.expectedSubject }, actor);
  // An operator's step names whom it is for, but anyone of the operator's choosing may be sent its page.
  if (!refusal || (refusal.rule === 'sent-to-another-person' && entry.request.completion.by !== 'link')) return;
  // The API shows the recipient's name to the logged-in person and audits the refusal under the organisation.
  throw refuseStep(refusal.message, 'wrongPerson', {
    rule: refusal.rule,
    recipientName: recipient.name,
    organizationId,
  });
}

/** A check's refusal as a query's answer: what the Update would refuse, and why. */
function verdict(check: () => void): AttachDocumentVerdict {
  try {
    check();
    return { allowed: true };
  } catch (error) {
    if (error instanceof ApplicationFailure && error.type)
      return { allowed: false, type: error.type, message: error.message, details: error.details?.[0] };
    throw error;
  }
}

/** A click is answered once the next step's link is chosen; without it, once its invitation is sent. */
const answerBeforeInvitationSent = 'answer-before-invitation-sent';
/**
 * Mail goes out beside the wait, and the process ends only once it is out; without it, the process waits for
 * each mail where it is sent (a person who followed the `next` link at once waited for the e-mails).
 */
const mailBesideTheWait = 'mail-beside-the-wait';
/** A failed delivery is recorded as `delivery-failed` with the SMTP code; without it, as a sent step noting the error. */
const deliveryFailedEvent = 'delivery-failed-event';
/**
 * A completed step's audit row goes with the work the click leads to in its own task (the local activity that
 * records the outcome, or the next step's invitation: `takeAudits`), and only where there is none as a follow-up
 * activity of its own; without it, always as one of its own. A click then schedules one activity less, and its
 * process takes one workflow task less for the result. Asked as a process starts (or at its first click).
 */
export const auditWithTheClickWork = 'audit-with-the-click-work';
/** The process's links decide its clicks (`decideByLinks`); without it, every click is its `completeStep` Update. */
export const linksDecideTheClicks = 'links-decide-the-clicks';
/**
 * The patches HumanSteps asked on 2026-11-30, for a process's patch that stands for every one it then knew
 * (`patchedWith`). Fixed: a patch HumanSteps asks from a later day is asked on its own, not added here.
 */
export const humanStepPatchesOf20261130: readonly string[] = [
  answerBeforeInvitationSent,
  followUpOnItsOwnQueue,
  mailBesideTheWait,
  deliveryFailedEvent,
];

function stepId(step: StepName, key?: string): string {
  return key ? `${step}#${key}` : step;
}

/** The same person's next step is mailed under the link a claimed click was answered with: found by key and address. */
function promiseKey(request: StepRequest): string {
  return `${request.key ?? ''}|${request.recipient.email.toLowerCase()}`;
}

function now(): number {
  return Date.now();
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** When a waiting step next needs attention: its reminder, or its expiry if that comes first. */
function dueAt(entry: PendingStep): number {
  return Math.min(entry.lastNotifiedAt + durationMs(entry.request.timing.remindAfter), entry.expiresAt);
}

/** Due to expire now, nobody having answered it. */
function lapses(entry: PendingStep): boolean {
  return !entry.outcome && !entry.rotated && now() >= entry.expiresAt;
}

/** Answered, re-sent, or due for a reminder or expiry. */
function needsAttention(entry: PendingStep): boolean {
  return entry.outcome !== undefined || entry.rotated || now() >= dueAt(entry);
}

/**
 * The messages every process answers (process.messages.ts), wired to its steps and tracker: a person or
 * operator completes a step, attaches a document to it, has it re-sent, or cancels the process; the API asks
 * ahead whether an upload or an act would be accepted, or whether the process took a document; anyone asks
 * where the process stands.
 */
export function answerProcessMessages(tracker: ProcessTracker, steps: HumanSteps): void {
  setHandler(completeStepUpdate, (request) => steps.completeStep(request), {
    validator: (request) => steps.checkComplete(request),
  });
  setHandler(attachDocumentUpdate, (request) => steps.attachDocument(request), {
    validator: (request) => steps.checkAttach(request),
  });
  setHandler(resendStepUpdate, (request) => steps.resendStep(request), {
    validator: (request) => steps.checkResend(request),
  });
  setHandler(cancelProcessUpdate, (request) => steps.cancelProcess(request), {
    validator: (_request) => steps.checkCancel(),
  });
  setHandler(stepClaimedSignal, (claim) => steps.applyClaim(claim));
  setHandler(holdsDocumentQuery, (documentId) => steps.holds(documentId));
  // The API asks before it stores a byte; the Update's validator still decides, should things change meanwhile.
  setHandler(canAttachDocumentQuery, (request) => verdict(() => steps.checkAttach(request)));
  // The API asks before it acts for the person outside the process (an activation code for their means).
  setHandler(mayActQuery, (request) => verdict(() => steps.checkMayAct(request)));
  setHandler(processStatusQuery, () => tracker.status(steps.pendingSteps()));
}

export class HumanSteps {
  private readonly pending = new Map<string, PendingStep>();
  private epoch = 0;
  private finished = false;
  private cancelled?: { reason: string; actor: Actor };
  /** Every document this process took, whichever step: the document sweep asks about uploads it never saw confirmed. */
  private readonly attached = new Set<string>();
  /** Work beside the wait (mail on its way, audit rows); `finish()` waits for it. */
  private readonly background = new Set<Promise<void>>();
  /** Each patch's answer, from the first time the process asked it (see `patched`). */
  private readonly patches = new Map<string, boolean>();
  /** Completed steps' audit rows that no work of the click's task has taken yet (`auditWithTheClickWork`). */
  private readonly untakenAudits: AuditEvent[] = [];
  /** Whether the links of steps that declare an `acceptance` decide their clicks (`decideByLinks`). */
  private linksDecide = false;
  /** The links claimed clicks were answered with for the same person's next step, by `promiseKey`. */
  private readonly promisedLinks = new Map<string, { linkId: string; expiresAt: string }>();
  /** The links whose claims the process took; and claims judged after one it has not taken yet, held until it does. */
  private readonly takenClaims = new Set<string>();
  private readonly heldClaims: ClaimedStep[] = [];

  constructor(
    private readonly tracker: ProcessTracker,
    private readonly audience: { organizationName: string; language: Language },
  ) {}

  // The message handlers answerProcessMessages wires, each after its validator.

  /** Refuses a completion unless the step is pending, the link is its newest, and this person (or an operator) may act. */
  checkComplete(request: CompleteStepRequest & { judged?: SetupJudgement }): void {
    const entry = this.findForAction(request.step, request.key, request.linkId);
    if (request.actor.kind === 'person') checkPerson(entry, request.actor, this.tracker.identity.organizationId);
    const { completion } = entry.request;
    const documents = documentsRefusal(
      completion.by === 'link' && completion.acceptsDocuments === true && completion.documentsRequired !== false,
      entry.documents.length,
    );
    if (documents) throw refuseStep(documents.message, 'invalid', { rule: documents.rule });
    entry.request.validate?.(request.input, request.actor, entry.documents, request.judged);
  }

  /** Hands the outcome to the waiting process; answers once the process has acted on it (its next wait, or its end). */
  async completeStep(request: CompleteStepRequest): Promise<CompleteStepResult> {
    const entry = this.pending.get(stepId(request.step, request.key))!;
    const completed = this.takeCompletion(entry, request);
    // The audit row goes with the click's own work, else follows the answer (the process ends only once it is
    // written); without the patches, it precedes the answer.
    if (this.patched(auditWithTheClickWork)) this.untakenAudits.push(completed);
    else if (this.patched(followUpOnItsOwnQueue)) this.inBackground(this.followUp().recordAudit(completed));
    else await recordAudit(completed);
    await condition(() => this.finished || (entry.consumedAt !== undefined && this.epoch > entry.consumedAt));
    this.writeUntakenAudits();
    return this.result(entry.request.recipient.email, request.key);
  }

  /** The step's outcome from a completion; its audit row, for the caller to write. */
  private takeCompletion(entry: PendingStep, request: CompleteStepRequest): AuditEvent {
    entry.outcome = {
      kind: 'completed',
      input: request.input,
      actor: request.actor,
      at: iso(now()),
      documents: entry.documents,
      recipient: entry.request.recipient,
    };
    this.tracker.record({ type: 'step-completed', step: request.step, actor: actorLabel(request.actor) });
    entry.request.onTaken?.(request.input);
    return this.auditEvent(
      `step-completed:${stepId(request.step, request.key)}:${entry.attempt}`,
      request.actor,
      `step:${request.step}`,
      'completed',
    );
  }

  /**
   * A click its link accepted (the API claimed it): the step's outcome, and the link of the person's next step it
   * was answered with. Ignored where the step already took it (from closing the link, or a signal sent again).
   * The process would refuse it only if a step's `acceptance.rule` missed a refusal of its `validate`: a bug,
   * which fails the workflow task (retried, and shown in the Web UI) instead of the process. A claim judged after
   * another (`judged.after`) waits for that one, whichever signal came first.
   */
  applyClaim(claim: ClaimedStep): void {
    const after = claim.judged?.after;
    if (after && !this.takenClaims.has(after)) {
      if (!this.heldClaims.some((held) => held.linkId === claim.linkId)) this.heldClaims.push(claim);
      return;
    }
    this.takeClaim(claim);
    this.takenClaims.add(claim.linkId);
    const released = this.heldClaims.filter((held) => held.judged?.after === claim.linkId);
    for (const held of released) {
      this.heldClaims.splice(this.heldClaims.indexOf(held), 1);
      this.applyClaim(held);
    }
  }

  private takeClaim(claim: ClaimedStep): void {
    const entry = this.pending.get(stepId(claim.step, claim.key));
    if (!entry || entry.outcome || !entry.linkDecides || entry.linkId !== claim.linkId) return;
    try {
      this.checkComplete(claim);
    } catch (error) {
      throw new Error(`A click its link accepted is refused by the process: ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.untakenAudits.push(this.takeCompletion(entry, claim));
    if (claim.next) this.promisedLinks.set(promiseKey(entry.request), claim.next);
  }

  /**
   * Lets the links of steps that declare an `acceptance` decide their clicks (the patch `linksDecideTheClicks`),
   * whose yes stands for each of `implied` too (`patchedWith`: the process's patches it would ask anyway, so a
   * new process writes one marker). Ask it as the process starts, before any local activity and any of `implied`.
   */
  decideByLinks(implied: readonly string[]): void {
    this.linksDecide = this.patchedWith(linksDecideTheClicks, implied);
  }

  /**
   * Closes the deciding links of steps about to end otherwise (expired, re-sent, cancelled): a click claimed
   * on one before is the step's outcome instead, and none can be claimed after. Without any deciding link it
   * returns undefined, not a promise: a process whose links do not decide awaits nothing more than it did (an
   * await would move its commands among its other coroutines', and its history would no longer replay).
   */
  private closeLinksOf(entries: PendingStep[]): Promise<void> | undefined {
    const deciding = entries.filter((entry) => entry.linkDecides && entry.linkId && !entry.outcome);
    return deciding.length > 0 ? this.closeLinks(deciding) : undefined;
  }

  private async closeLinks(deciding: PendingStep[]): Promise<void> {
    const claims = await closeStepLinks(deciding.map((entry) => entry.linkId!));
    for (const claim of claims) this.applyClaim(claim);
    for (const entry of deciding) entry.linkDecides = false;
  }

  /** The process waits again: the clicks it took are answered, and in a process whose links decide, their audit rows no work took go out. */
  private waitingAgain(): void {
    this.epoch += 1;
    if (this.linksDecide) this.writeUntakenAudits();
  }

  /** Throws the refusal of a document for this step from this person. */
  checkAttach(request: AttachDocumentCheck): void {
    const entry = this.findForAction(request.step, request.key, request.linkId);
    if (entry.request.completion.by !== 'link' || !entry.request.completion.acceptsDocuments) {
      throw refuseStep('This step takes no documents', 'invalid', { rule: 'step-takes-no-documents' });
    }
    checkPerson(entry, request.actor, this.tracker.identity.organizationId);
    // Validators do not run on replay, so histories that hold more documents still replay.
    if (entry.documents.length >= maxDocumentsPerStep) {
      throw refuseStep(`A step takes at most ${maxDocumentsPerStep} documents`, 'tooManyDocuments');
    }
  }

  /** Takes a stored document into the step; the first uploader binds the step to their login. */
  attachDocument(request: AttachDocumentRequest): { documents: number } {
    const entry = this.pending.get(stepId(request.step, request.key))!;
    entry.expectedSubject ??= request.actor.subject;
    entry.documents.push({ ...request.document, uploadedBy: request.actor.subject });
    this.attached.add(request.document.documentId);
    this.tracker.record({
      type: 'document-uploaded',
      step: request.step,
      actor: actorLabel(request.actor),
      detail: request.document.documentType,
    });
    return { documents: entry.documents.length };
  }

  /** Throws unless this is the person's pending step and newest link (asked before acting for them outside the process). */
  checkMayAct(request: StepActorCheck): void {
    checkPerson(
      this.findForAction(request.step, request.key, request.linkId),
      request.actor,
      this.tracker.identity.organizationId,
    );
  }

  /** Whether the process took the document with this id. */
  holds(documentId: string): boolean {
    return this.attached.has(documentId);
  }

  checkResend(request: ResendStepRequest): void {
    if (!this.pending.has(stepId(request.step, request.key)))
      throw refuseStep(`Step ${request.step} is not pending`, 'notPending');
  }

  /** A new link for the step (the old one stops working), to a corrected recipient if the operator names one. */
  async resendStep(request: ResendStepRequest): Promise<{ linkId: string; expiresAt: string }> {
    const entry = this.pending.get(stepId(request.step, request.key))!;
    const closing = this.closeLinksOf([entry]);
    if (closing) await closing;
    if (entry.outcome) throw refuseStep(`Step ${request.step} was completed meanwhile`, 'notPending');
    entry.attempt += 1;
    entry.rotated = true;
    if (request.recipient) {
      // The operator names the right person: the step is theirs now, whoever an earlier step bound.
      entry.request = { ...entry.request, recipient: request.recipient };
      entry.expectedSubject = undefined;
    }
    await this.invite(entry, 'invitation');
    this.tracker.record({
      type: 'step-resent',
      step: request.step,
      actor: actorLabel(request.actor),
      detail: request.recipient ? 'to a corrected recipient' : undefined,
    });
    return { linkId: entry.linkId ?? '', expiresAt: iso(entry.expiresAt) };
  }

  checkCancel(): void {
    if (this.finished || this.cancelled) throw refuseStep('The process has already ended', 'notPending');
  }

  /** Every waiting step ends cancelled; answers once the process has acted on it. */
  async cancelProcess(request: CancelProcessRequest): Promise<{ stage: string }> {
    const before = this.epoch;
    // A click claimed before is taken first: the person was told it was.
    const closing = this.closeLinksOf([...this.pending.values()]);
    if (closing) await closing;
    this.cancelled = { reason: request.reason, actor: request.actor };
    for (const entry of this.pending.values())
      entry.outcome ??= { kind: 'cancelled', reason: request.reason, actor: request.actor };
    this.tracker.record({ type: 'cancelled', actor: actorLabel(request.actor), detail: request.reason });
    await condition(() => this.epoch !== before || this.finished);
    return { stage: this.tracker.stage };
  }

  /** Mails the step's link and waits until the person (or operator) completes it, it expires, or the process is cancelled. */
  async wait<Input>(request: StepRequest): Promise<StepOutcome<Input>> {
    const entry = this.enter(request);
    if (entry.outcome) return entry.outcome as StepOutcome<Input>;
    const id = stepId(request.step, request.key);
    try {
      if (this.patched(answerBeforeInvitationSent)) {
        const invitation = this.invite(entry, 'invitation');
        // The link is chosen synchronously in invite(): the process now waits here, so the click that
        // led here can be answered (with this link as `next`) while the e-mail is still being sent.
        this.waitingAgain();
        await this.mailed(invitation);
      } else {
        await this.invite(entry, 'invitation');
        this.waitingAgain();
      }
      for (;;) {
        await condition(() => entry.outcome !== undefined || entry.rotated, Math.max(1, dueAt(entry) - now()));
        const closing = lapses(entry) ? this.closeLinksOf([entry]) : undefined;
        if (closing) await closing;
        const next = await this.advance(entry);
        if (next === 'ended') break;
        if (next === 'remind') await this.mailed(this.invite(entry, 'reminder'));
      }
      // advance() has set it (the check above the try narrowed it away for the compiler).
      return (entry as PendingStep).outcome as StepOutcome<Input>;
    } finally {
      this.pending.delete(id);
      entry.consumedAt = this.epoch;
    }
  }

  /**
   * Waits for many steps at once (a group of users, each a keyed step) without a coroutine per step: the
   * invitations, and reminders falling due together, go out from one activity; one timer serves every
   * deadline; `onOutcome` runs for each step as it ends, and may answer with the same person's next step,
   * which joins the wait (invited at once, its click answered with it as `next`). A process waiting for
   * hundreds of people then costs the server one task and one timer, and the worker no tracked promises per person.
   * `askedBeforeOutcomes`: patches `onOutcome` asks about, asked before a step lapses (its audit row is a local
   * activity, and a patch first asked after one in the same task does not replay).
   */
  async waitForEach<Input>(
    requests: StepRequest[],
    onOutcome: (request: StepRequest, outcome: StepOutcome<Input>) => Promise<StepRequest | void>,
    { askedBeforeOutcomes = [] }: { askedBeforeOutcomes?: readonly string[] } = {},
  ): Promise<void> {
    const waiting = new Set<PendingStep>();
    const ended: PendingStep[] = [];
    const armed = new Set<number>();
    for (const request of requests) {
      const entry = this.enter(request);
      if (entry.outcome) ended.push(entry);
      else waiting.add(entry);
    }
    const invitations = this.inviteAll([...waiting], 'invitation');
    this.waitingAgain();
    await this.mailed(invitations);
    for (;;) {
      for (const entry of await this.finishAll(ended.splice(0), onOutcome)) {
        if (entry.outcome) ended.push(entry);
        else waiting.add(entry);
      }
      if (ended.length > 0) continue;
      if (waiting.size === 0) return;
      let earliest = Infinity;
      for (const entry of waiting) earliest = Math.min(earliest, dueAt(entry));
      // One timer per distinct earliest deadline: people invited together share it, and a click leaves it
      // running. A timer whose deadline is no longer the earliest only wakes this check once, harmlessly.
      if (!armed.has(earliest)) {
        armed.add(earliest);
        sleep(Math.max(1, earliest - now())).catch((error: unknown) => {
          if (!isCancellation(error)) throw error;
        });
      }
      await condition(() => [...waiting].some(needsAttention));
      const woken = [...waiting].filter(needsAttention);
      if (woken.some((entry) => entry.outcome || now() >= entry.expiresAt))
        for (const patchId of askedBeforeOutcomes) this.patched(patchId);
      const closing = this.closeLinksOf(woken.filter(lapses));
      if (closing) await closing;
      // Side by side: a group lapsing at once writes its audit rows together, not one after another.
      const next = await Promise.all(woken.map((entry) => this.advance(entry)));
      woken.forEach((entry, index) => {
        if (next[index] !== 'ended') return;
        waiting.delete(entry);
        ended.push(entry);
      });
      await this.mailed(
        this.inviteAll(
          woken.filter((_, index) => next[index] === 'remind'),
          'reminder',
        ),
      );
    }
  }

  /** A step's entry, pending from now on, or already cancelled if the process was. */
  private enter(request: StepRequest): PendingStep {
    const started = now();
    const entry: PendingStep = {
      request,
      attempt: 0,
      since: started,
      expiresAt: started + durationMs(request.timing.expireAfter),
      lastNotifiedAt: started,
      remindersSent: 0,
      documents: [],
      expectedSubject: request.expectedSubject,
      rotated: false,
      outcome: this.cancelled ? { kind: 'cancelled', ...this.cancelled } : undefined,
    };
    if (!entry.outcome) this.pending.set(stepId(request.step, request.key), entry);
    return entry;
  }

  /** What a woken step does next: it has ended (answered, cancelled, or now expired), needs a reminder, or waits on. */
  private async advance(entry: PendingStep): Promise<'ended' | 'remind' | 'wait'> {
    if (entry.outcome) return 'ended';
    if (entry.rotated) {
      entry.rotated = false;
      return 'wait';
    }
    const { request } = entry;
    if (now() >= entry.expiresAt) {
      entry.outcome = { kind: 'expired', at: iso(now()) };
      this.tracker.record({ type: 'step-expired', step: request.step });
      await recordAudit(
        this.auditEvent(
          `step-expired:${stepId(request.step, request.key)}:${entry.attempt}`,
          undefined,
          `step:${request.step}`,
          'expired',
        ),
      );
      return 'ended';
    }
    entry.remindersSent += 1;
    entry.lastNotifiedAt = now();
    return 'remind';
  }

  /**
   * Hands the ended steps to the process; their clicks are answered once it has acted on all of them, and
   * where it answered with a next step, once that step's link is chosen (its e-mail may still be on its way).
   * Returns the next steps, entered.
   */
  private async finishAll<Input>(
    entries: PendingStep[],
    onOutcome: (request: StepRequest, outcome: StepOutcome<Input>) => Promise<StepRequest | void>,
  ): Promise<PendingStep[]> {
    if (entries.length === 0) return [];
    for (const entry of entries) {
      this.pending.delete(stepId(entry.request.step, entry.request.key));
      entry.consumedAt = this.epoch;
    }
    const nextRequests = await Promise.all(
      entries.map((entry) => onOutcome(entry.request, entry.outcome as StepOutcome<Input>)),
    );
    const next = nextRequests
      .filter((request): request is StepRequest => request !== undefined)
      .map((request) => this.enter(request));
    const invitations = this.inviteAll(
      next.filter((entry) => !entry.outcome),
      'invitation',
    );
    this.waitingAgain();
    await this.mailed(invitations);
    return next;
  }

  /**
   * `wait`, then what the process does with the outcome, for processes that wait for several people side by
   * side (a coroutine each): a completion is answered once `handle` has returned.
   */
  async waitAndHandle<Input, Result>(
    request: StepRequest,
    handle: (outcome: StepOutcome<Input>) => Promise<Result>,
  ): Promise<Result> {
    const outcome = await this.wait<Input>(request);
    const result = await handle(outcome);
    if (outcome.kind === 'completed') this.settle();
    return result;
  }

  /**
   * `condition` for a wait of the process's own (not a step's, e.g. a case worker's review): if it has to wait,
   * the clicks it has acted on are answered first. A process that uses HumanSteps waits only through it.
   */
  async condition(until: () => boolean, timeout: Duration): Promise<boolean> {
    if (!until()) this.settle();
    return condition(until, timeout);
  }

  /**
   * Answers now the clicks the process has acted on, where it goes on working before it waits again (follow-up
   * mail, a child process to start). Without it they are answered at its next wait (`wait`, `waitForEach`,
   * `waitAndHandle`'s handler returning, `condition`) or its end.
   */
  settle(): void {
    this.waitingAgain();
  }

  /**
   * The completed steps' audit rows not yet written, for the local activity or mail of the click's task that
   * writes them first (`audit` of its input); undefined when there are none.
   */
  takeAudits(): AuditEvent[] | undefined {
    return this.untakenAudits.length > 0 ? this.untakenAudits.splice(0) : undefined;
  }

  /** The audit rows the click's task had no work to take along: a follow-up activity each. */
  private writeUntakenAudits(): void {
    for (const event of this.untakenAudits.splice(0)) this.inBackground(this.followUp().recordAudit(event));
  }

  /** The process is over: mail still on its way is sent, and pending update handlers answer with the final stage before it closes. */
  async finish(): Promise<void> {
    this.finished = true;
    this.writeUntakenAudits();
    await Promise.all(this.background);
    await condition(allHandlersFinished);
  }

  /** Mail that the wait goes on beside (a rejection surfaces in `finish()`); without `mailBesideTheWait`, waited for here. */
  private async mailed(sending: Promise<void>): Promise<void> {
    if (!this.patched(mailBesideTheWait)) return sending;
    this.inBackground(sending);
  }

  /** Work the process does not wait for here; a rejection surfaces in `finish()`. */
  private inBackground(work: Promise<void>): void {
    this.background.add(work);
    work.then(
      () => this.background.delete(work),
      () => undefined,
    );
  }

  /**
   * `patched(patchId)`, asked once and its answer kept for the rest of the run. The SDK's own answer may change
   * from no to yes once a replayed process runs on live, and a patch marker written after a local activity of the
   * same workflow task does not replay: kept, the answer is the one the process had at its first ask (at its first
   * mail or click, or where the process asks it first), and no later ask writes a marker.
   */
  patched(patchId: string): boolean {
    let answer = this.patches.get(patchId);
    if (answer === undefined) {
      answer = patched(patchId);
      this.patches.set(patchId, answer);
    }
    return answer;
  }

  /**
   * `patched(patchId)` for a patch whose yes stands for yes to each of `implied` as well, so those write no marker
   * of their own: each patch a process says yes to is a marker and a search-attribute upsert (a visibility write)
   * in its history. A no leaves them to be asked where they always were. Ask it where the first of `implied` was
   * asked, and never change its list once processes have run with it.
   */
  patchedWith(patchId: string, implied: readonly string[]): boolean {
    const answer = this.patched(patchId);
    if (answer) for (const id of implied) if (!this.patches.has(id)) this.patches.set(id, true);
    return answer;
  }

  /** The follow-up activities (workflows/follow-up.ts), on the queue this process's kept answer chose. */
  followUp(): FollowUp {
    return followUp(this.patched(followUpOnItsOwnQueue));
  }

  get cancellation(): { reason: string; actor: Actor } | undefined {
    return this.cancelled;
  }

  private findForAction(step: StepName, key: string | undefined, linkId: string | undefined): PendingStep {
    const entry = this.pending.get(stepId(step, key));
    if (!entry || entry.outcome) {
      throw refuseStep(`Step ${step} is not pending`, 'notPending');
    }
    if (entry.request.completion.by === 'link' && linkId !== entry.linkId) {
      throw refuseStep('This link has been replaced by a newer one', 'superseded');
    }
    return entry;
  }

  private async invite(entry: PendingStep, kind: 'invitation' | 'reminder'): Promise<void> {
    const message = { ...this.message(entry, kind), audit: this.takeAudits() };
    this.noteSent(entry, kind, await this.followUp().sendStepMessage(message));
  }

  /** The messages of many steps, from one activity; the links are chosen before it is scheduled. */
  private async inviteAll(entries: PendingStep[], kind: 'invitation' | 'reminder'): Promise<void> {
    if (entries.length === 0) return;
    const messages = entries.map((entry) => this.message(entry, kind));
    const results = await sendStepMessages(messages);
    entries.forEach((entry, index) => this.noteSent(entry, kind, results[index]!));
  }

  /** What to mail for the step; for an invitation this starts its period and chooses its link. */
  private message(entry: PendingStep, kind: 'invitation' | 'reminder'): StepMessageRequest {
    const { request } = entry;
    if (kind === 'invitation') {
      entry.since = now();
      entry.lastNotifiedAt = entry.since;
      entry.expiresAt = entry.since + durationMs(request.timing.expireAfter);
      // Chosen here (uuid4 is deterministic in workflows), so a click that arrives before the
      // activity has reported back already finds its link known; or the one a claimed click was answered with.
      const promised = entry.attempt === 0 ? this.promisedLinks.get(promiseKey(request)) : undefined;
      if (promised) {
        this.promisedLinks.delete(promiseKey(request));
        entry.expiresAt = Date.parse(promised.expiresAt);
      }
      entry.linkId = request.completion.by === 'link' ? (promised?.linkId ?? uuid4()) : undefined;
      entry.linkDecides = this.linksDecide && entry.linkId !== undefined && request.acceptance !== undefined;
      entry.acceptance =
        entry.linkDecides && request.acceptance
          ? {
              recipientName: request.recipient.name,
              ...(entry.expectedSubject ? { expectedSubject: entry.expectedSubject } : {}),
              ...request.acceptance,
            }
          : undefined;
    }
    return {
      workflowId: workflowInfo().workflowId,
      runKey: workflowInfo().firstExecutionRunId,
      organizationId: this.tracker.identity.organizationId,
      step: request.step,
      key: request.key,
      attempt: entry.attempt,
      kind,
      reminderNumber: entry.remindersSent,
      recipient: request.recipient,
      language: this.audience.language,
      organizationName: this.audience.organizationName,
      expiresAt: iso(entry.expiresAt),
      linkId: entry.linkId,
      pagePath: request.completion.by === 'operator' ? request.completion.pagePath : undefined,
      ...(entry.acceptance ? { acceptance: entry.acceptance } : {}),
      details: request.details,
    };
  }

  private noteSent(entry: PendingStep, kind: 'invitation' | 'reminder', sent: StepMessageResult): void {
    // A refused address is not retried: the step stays pending, and its event names the SMTP code (the
    // reply itself may quote the address) until an operator re-sends it.
    if (sent.status === 'failed' && this.patched(deliveryFailedEvent)) {
      this.tracker.record({
        type: 'delivery-failed',
        step: entry.request.step,
        detail: `${kind}: SMTP ${smtpCode(sent.error)}`,
      });
      return;
    }
    this.tracker.record({
      type: kind === 'invitation' ? 'step-invited' : 'step-reminded',
      step: entry.request.step,
      detail: sent.status === 'failed' ? `e-mail failed: ${sent.error ?? ''}` : undefined,
    });
  }

  private auditEvent(eventKey: string, actor: Actor | undefined, action: string, outcome: string): AuditEvent {
    return {
      eventKey: `${runKeyOf(workflowInfo())}:${eventKey}`,
      at: iso(now()),
      actor: actor ? actorLabel(actor) : 'system',
      orgId: this.tracker.identity.organizationId,
      workflowId: workflowInfo().workflowId,
      action,
      outcome,
    };
  }

  private result(email: string, key?: string): CompleteStepResult {
    const candidates = [...this.pending.values()].filter(
      (entry) => !entry.outcome && entry.linkId && entry.request.recipient.email === email,
    );
    // The step that follows the one answered (same key) before another of the person's steps.
    const next = candidates.find((entry) => key !== undefined && entry.request.key === key) ?? candidates[0];
    if (!next) return { stage: this.tracker.stage };
    return {
      stage: this.tracker.stage,
      next: {
        step: next.request.step,
        linkId: next.linkId!,
        ...(next.request.key ? { key: next.request.key } : {}),
        expiresAt: iso(next.expiresAt),
        recipientEmail: email,
        ...(next.acceptance ? { acceptance: next.acceptance } : {}),
      },
    };
  }

  /** The steps waiting for someone, as the status query shows them. */
  pendingSteps(): PendingStepView[] {
    return [...this.pending.values()]
      .filter((entry) => !entry.outcome)
      .map((entry) => ({
        step: entry.request.step,
        ...(entry.request.key ? { key: entry.request.key } : {}),
        recipient: entry.request.recipient,
        since: iso(entry.since),
        expiresAt: iso(entry.expiresAt),
        remindersSent: entry.remindersSent,
        ...(entry.linkId ? { linkId: entry.linkId } : {}),
        ...(entry.request.context
          ? { context: typeof entry.request.context === 'function' ? entry.request.context() : entry.request.context }
          : {}),
        acceptsDocuments: entry.request.completion.by === 'link' && entry.request.completion.acceptsDocuments === true,
        requiresLogin: entry.request.completion.by === 'link' && entry.request.completion.requiresLogin,
      }));
  }
}
