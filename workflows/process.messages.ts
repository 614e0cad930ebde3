// The messages every process shares: a person (through an action link) or an operator completes a
// pending step, documents are attached to a step, a step's link is re-sent, the process is cancelled,
// and anyone may ask where the process stands. api/ calls these; workflows/human-step.ts handles them.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AcceptanceRefusalRule, LinkAcceptance, SetupJudgement } from '../domain/link-acceptance';
import type { ProcessType } from '../domain/process-types';
import type { StepName } from '../domain/steps';

export type Actor =
  /** `identityDigest`: the keyed hash of the person's CPR number, on the representative's approval only (config/identity-digest.ts). */
  | { kind: 'person'; subject: string; name: string; identityDigest?: string }
  | { kind: 'operator'; keyId: string }
  /** A system that reports what a person did elsewhere: the MitID broker confirming a means activation. */
  | { kind: 'broker'; broker: string };

export interface CompleteStepRequest {
  step: StepName;
  /** Tells apart parallel instances of one step (e.g. one setup step per administrator). */
  key?: string;
  /** The action link used; must be the step's newest link. Absent for operator-completed steps. */
  linkId?: string;
  actor: Actor;
  /** Already validated by the API against the step's schema. */
  input: unknown;
}

export interface CompleteStepResult {
  /** The process's stage once it has acted on the step. */
  stage: string;
  /** The same person's next step, if the process has one for them right away (its e-mail may still be on its way). */
  next?: {
    step: StepName;
    linkId: string;
    key?: string;
    expiresAt: string;
    recipientEmail: string;
    /** What its link accepts, where it decides (domain/link-acceptance.ts): the API saves the link with it. */
    acceptance?: LinkAcceptance;
  };
}

/**
 * A click the API accepted from its link's row and claimed there (domain/link-acceptance.ts): the process takes
 * it as it would a `completeStep` by that link. `next`: the link the API answered with for the same person's
 * next step; the process mails that step under it.
 */
export interface ClaimedStep extends CompleteStepRequest {
  linkId: string;
  actor: Actor & { kind: 'person' };
  next?: { linkId: string; expiresAt: string };
  /** A setup click: the policy it was judged under, and the claim the process takes before it (`after`). */
  judged?: SetupJudgement;
}

export interface AttachDocumentRequest {
  step: StepName;
  key?: string;
  linkId: string;
  actor: Actor & { kind: 'person' };
  document: { documentId: string; sha256: string; documentType: string; mediaType: string; sizeBytes: number };
}

/** Asked before an upload is stored: would `attachDocument` with this link and person be accepted now? */
export type AttachDocumentCheck = Omit<AttachDocumentRequest, 'document'>;

/** Asked before acting for a person outside the process (e.g. handing out an activation code): is this their pending step and link? */
export type StepActorCheck = AttachDocumentCheck;

/** `allowed`, or the refusal `attachDocument` would answer (a `stepFailureTypes` value, why, and its details). */
export type AttachDocumentVerdict =
  { allowed: true } | { allowed: false; type: string; message: string; details?: unknown };

/** More documents than this on one step are refused: an upload link cannot fill the disk. */
export const maxDocumentsPerStep = 10;

export interface ResendStepRequest {
  step: StepName;
  key?: string;
  actor: Actor;
  /** A corrected recipient (the link went to the wrong person): the new link goes to them, and only they may act. */
  recipient?: { name: string; email: string };
}

export interface CancelProcessRequest {
  reason: string;
  actor: Actor;
}

export interface PendingStepView {
  step: StepName;
  key?: string;
  recipient: { name: string; email: string };
  since: string;
  expiresAt: string;
  remindersSent: number;
  linkId?: string;
  /** What the person is shown on the step's page (e.g. the registrant's choices). */
  context?: Record<string, unknown>;
  acceptsDocuments: boolean;
  requiresLogin: boolean;
}

export interface ProcessEvent {
  at: string;
  type: string;
  step?: StepName;
  actor?: string;
  detail?: string;
}

export interface ProcessStatus<Extra = Record<string, unknown>> {
  processType: ProcessType;
  stage: string;
  pendingSteps: PendingStepView[];
  events: ProcessEvent[];
  details: Extra;
}

/**
 * Every refusal a person or operator can get from a process, by its failure type (raised with `refuseStep`,
 * workflows/human-step.ts); api/process-calls.ts maps each to its HTTP status in one table.
 */
export const stepFailureTypes = {
  notPending: 'StepNotPending',
  superseded: 'LinkSuperseded',
  wrongPerson: 'WrongPerson',
  invalid: 'InvalidStepInput',
  conflict: 'StepConflict',
  tooManyDocuments: 'TooManyDocuments',
  /** A review of a document the case does not hold. */
  unknownDocument: 'UnknownDocument',
} as const;

export type StepFailureKind = keyof typeof stepFailureTypes;

/**
 * The process rule an `invalid` or `wrongPerson` refusal names in its details (`{ rule }`): a stable name, so a
 * caller tells two refusals of one kind apart without reading the message.
 */
export type StepRule =
  // Any step that takes documents (human-step.ts).
  | 'step-takes-no-documents'
  // Only the person the step is for, a step's documents, and the decisions of a user's activation, a
  // proposal, its approval and an organisation's setup (domain/link-acceptance.ts, domain/setup.ts).
  | AcceptanceRefusalRule
  // A connection (connection.ts).
  | 'rejection-needs-reason'
  // A user's activation (user-activation.ts).
  | 'means-confirmed-by-broker'
  // A MUK connection (muk-connection.ts).
  | 'muk-event-of-this-step'
  | 'municipality-data-valid';

/** What a refusal of these kinds carries in its details: the rule it names, and for the wrong person whom the step is for. */
export interface StepFailureDetails {
  invalid: { rule: StepRule };
  wrongPerson: { rule: StepRule; recipientName: string; organizationId: string };
}

export const completeStepUpdate = defineUpdate<CompleteStepResult, [CompleteStepRequest]>('completeStep');
export const stepClaimedSignal = defineSignal<[ClaimedStep]>('stepClaimed');
export const attachDocumentUpdate = defineUpdate<{ documents: number }, [AttachDocumentRequest]>('attachDocument');
export const resendStepUpdate = defineUpdate<{ linkId: string; expiresAt: string }, [ResendStepRequest]>('resendStep');
export const cancelProcessUpdate = defineUpdate<{ stage: string }, [CancelProcessRequest]>('cancelProcess');
export const processStatusQuery = defineQuery<ProcessStatus>('processStatus');
/** Whether the process took the document with this id (its attachDocument Update succeeded). */
export const holdsDocumentQuery = defineQuery<boolean, [string]>('holdsDocument');
export const canAttachDocumentQuery = defineQuery<AttachDocumentVerdict, [AttachDocumentCheck]>('canAttachDocument');
export const mayActQuery = defineQuery<AttachDocumentVerdict, [StepActorCheck]>('mayAct');

export function actorLabel(actor: Actor): string {
  if (actor.kind === 'person') return `person:${actor.subject.slice(0, 16)}`;
  return actor.kind === 'operator' ? actor.keyId : actor.broker;
}
