// What a step accepts, and what a click on it is answered, as the process that mails the step writes it on
// the step's link (`action_links.acceptance`). The API then decides a click from the link's row alone: it
// claims the link in the database and tells the process by signal, and the person does not wait for the
// process to act. The process checks a claimed click by the same rules (workflows/human-step.ts), and ends
// a step any other way (expiry, re-send, cancellation) only by closing its link first, so a claim and an
// end of the step cannot both happen. Workflow code imports this file: plain data and pure functions only.
import { samePerson } from './person-name';
import { setupChoiceRefusal, type OrganizationLoginPolicy, type SetupChoice, type SetupChoiceRule } from './setup';
import type { StepName } from './steps';

/** A rule of the step beyond its input's schema, named with what it needs to know. */
export type AcceptanceRule =
  | { name: 'activation-decision'; separate: boolean }
  | { name: 'approval-decision'; registrantPath: boolean }
  /** `kept`: the earlier documents the proposal may withdraw; `needsDocuments`: one must remain. */
  | { name: 'preparation'; kept: string[]; needsDocuments: boolean }
  /** The only administrator's setup, which chooses the organisation's login policy (domain/setup.ts). */
  | { name: 'first-setup' }
  /**
   * An administrator's setup, judged under the login policy the organisation has when the link is claimed
   * (`SetupJudgement`): none yet, and this click chooses it, or one chosen by an earlier click of the same
   * process run (`run`) or an earlier setup.
   */
  | { name: 'setup'; organizationId: string; run: string };

/**
 * What a setup click is judged under, read in the transaction that claims its link: the organisation's login
 * policy (none: the click chooses it), and `after`, the link whose claim chose it where the process may not have
 * taken that claim yet (it takes that one first).
 */
export interface SetupJudgement {
  loginPolicy?: OrganizationLoginPolicy;
  after?: string;
}

/** A user chosen for a separate means activates it; one chosen for the private MitID approves or rejects it. */
export type ActivationDecisionRule = 'separate-means-is-activated' | 'private-mitid-is-approved-or-rejected';

/** Only a registrant's proposal goes back to be revised, and with what should change. */
export type ApprovalDecisionRule = 'send-back-registrant-proposal-only' | 'send-back-needs-reason';

/** A proposal withdraws only earlier documents, and keeps one where documentation is needed. */
export type PreparationRule = 'withdrawn-document-unknown' | 'last-document-kept';

/** The rule a refusal of this file names (a `StepRule` of workflows/process.messages.ts). */
export type AcceptanceRefusalRule =
  | 'started-by-another-person'
  | 'sent-to-another-person'
  | 'documents-required'
  | ActivationDecisionRule
  | ApprovalDecisionRule
  | PreparationRule
  | SetupChoiceRule;

export interface AcceptanceRefusal {
  rule: AcceptanceRefusalRule;
  message: string;
}

/** The key of `stageAfter` and `nextAfter` for an input without a decision. */
export const anyDecision = '*';

export interface LinkAcceptance {
  /** Only the person of this name may act (their verified name, domain/person-name.ts). */
  recipientName: string;
  /** And where an earlier step bound the step to a login, only that login. */
  expectedSubject?: string;
  rule?: AcceptanceRule;
  /** The process's stage once it has taken a click, by the input's decision (`anyDecision` for all). */
  stageAfter: Record<string, string>;
  /** The stage instead when no other link of the process is still open: the click was the last it waited for. */
  stageWhenLast?: string;
  /**
   * The same person's next step after a click, by decision, and how long its link lasts; with `acceptance`, its
   * link decides too, for the same person bound to the login that clicked (`nextAcceptance`).
   */
  nextAfter?: Record<string, NextStep>;
  /**
   * A step that takes documents: whether one must be uploaded to it first, and the process's documents from
   * before it (not this step's). The first person to upload one binds the step to their login.
   */
  documents?: { required: boolean; earlier: string[] };
}

export interface NextStep {
  step: StepName;
  expireAfterMs: number;
  acceptance?: Omit<LinkAcceptance, 'recipientName' | 'expectedSubject'>;
}

/** What the next step's link accepts, where `next` declares it: the person who clicked, by name and login. */
export function nextAcceptance(
  acceptance: LinkAcceptance,
  next: NextStep,
  actor: { subject: string },
): LinkAcceptance | undefined {
  return (
    next.acceptance && { recipientName: acceptance.recipientName, expectedSubject: actor.subject, ...next.acceptance }
  );
}

/** The documents uploaded to the step so far (the process took them), oldest first. */
export interface StepUploads {
  count: number;
  /** The login of whoever uploaded the first. */
  firstUploader?: string;
}

/** Who may act on a step with these uploads: its recipient, and the login the step or its first upload bound. */
export function uploaderBound(acceptance: LinkAcceptance, uploads: StepUploads): LinkAcceptance {
  return acceptance.expectedSubject || !uploads.firstUploader
    ? acceptance
    : { ...acceptance, expectedSubject: uploads.firstUploader };
}

/** Who may act: the step's recipient by name, and its bound login where it has one. */
export function personRefusal(
  expected: { recipientName: string; expectedSubject?: string },
  actor: { subject: string; name: string },
): AcceptanceRefusal | undefined {
  if (expected.expectedSubject && expected.expectedSubject !== actor.subject)
    return { rule: 'started-by-another-person', message: 'This step was started by another person' };
  if (!samePerson(actor.name, expected.recipientName))
    return { rule: 'sent-to-another-person', message: `This link was sent to ${expected.recipientName}` };
  return undefined;
}

export function activationDecisionRefusal(
  decision: string | undefined,
  separate: boolean,
): AcceptanceRefusal | undefined {
  if (separate && decision !== 'activate')
    return {
      rule: 'separate-means-is-activated',
      message: 'A separate MitID is activated, not approved or rejected: send { "decision": "activate" }',
    };
  if (!separate && decision === 'activate')
    return {
      rule: 'private-mitid-is-approved-or-rejected',
      message: 'The private MitID is approved or rejected: send { "decision": "approve" } or { "decision": "reject" }',
    };
  return undefined;
}

export function approvalDecisionRefusal(
  approval: { decision?: string; reason?: string },
  registrantPath: boolean,
): AcceptanceRefusal | undefined {
  if (approval.decision !== 'send-back') return undefined;
  if (!registrantPath)
    return {
      rule: 'send-back-registrant-proposal-only',
      message: 'Only a registrant’s proposal can be sent back; here the representative prepared it',
    };
  if (!approval.reason) return { rule: 'send-back-needs-reason', message: 'Say what the registrant should change' };
  return undefined;
}

/** `withdrawn`: the earlier documents a proposal takes back; `uploaded`: how many it added. */
export function preparationRefusal(
  withdrawn: readonly string[],
  rule: { kept: readonly string[]; needsDocuments: boolean },
  uploaded: number,
): AcceptanceRefusal | undefined {
  const unknown = withdrawn.filter((id) => !rule.kept.includes(id));
  if (unknown.length > 0)
    return { rule: 'withdrawn-document-unknown', message: `No earlier document ${unknown.join(', ')} to withdraw` };
  if (rule.needsDocuments && withdrawn.length > 0 && rule.kept.length - new Set(withdrawn).size + uploaded === 0)
    return { rule: 'last-document-kept', message: 'Upload the documentation before withdrawing the last document' };
  return undefined;
}

/** A step that needs a document before it is completed, and has none. */
export function documentsRefusal(required: boolean, uploaded: number): AcceptanceRefusal | undefined {
  return required && uploaded === 0
    ? { rule: 'documents-required', message: 'Upload the documentation before completing this step' }
    : undefined;
}

/**
 * The step's own rules on an input its schema accepted, with the documents uploaded to it; a `setup` rule only
 * with its `setup` judgement (without one it is left to the claim, which reads it).
 */
export function ruleRefusal(
  acceptance: Pick<LinkAcceptance, 'rule' | 'documents'>,
  input: unknown,
  uploads: StepUploads,
  setup?: SetupJudgement,
): AcceptanceRefusal | undefined {
  const { rule } = acceptance;
  const documents = acceptance.documents && documentsRefusal(acceptance.documents.required, uploads.count);
  if (documents) return documents;
  if (rule?.name === 'activation-decision')
    return activationDecisionRefusal((input as { decision?: string }).decision, rule.separate);
  if (rule?.name === 'approval-decision')
    return approvalDecisionRefusal(input as { decision?: string; reason?: string }, rule.registrantPath);
  if (rule?.name === 'first-setup') return setupChoiceRefusal(input as SetupChoice, undefined);
  if (rule?.name === 'setup') return setup && setupChoiceRefusal(input as SetupChoice, setup.loginPolicy);
  if (rule?.name === 'preparation')
    return preparationRefusal((input as { withdrawDocuments?: string[] }).withdrawDocuments ?? [], rule, uploads.count);
  return undefined;
}

function decisionOf(input: unknown): string | undefined {
  const decision = (input as { decision?: unknown } | undefined)?.decision;
  return typeof decision === 'string' ? decision : undefined;
}

/**
 * A click's answer: the stage the process moves to and the same person's next step, with `othersOpen` whether
 * another link of the process still waits. Undefined where the process declared no stage for this decision.
 */
export function answerOf(
  acceptance: LinkAcceptance,
  input: unknown,
  othersOpen: boolean,
): { stage: string; next?: NextStep } | undefined {
  const decision = decisionOf(input);
  const pick = <T>(table: Record<string, T> | undefined): T | undefined =>
    table && ((decision !== undefined ? table[decision] : undefined) ?? table[anyDecision]);
  const next = pick(acceptance.nextAfter);
  const stage =
    !othersOpen && !next && acceptance.stageWhenLast ? acceptance.stageWhenLast : pick(acceptance.stageAfter);
  return stage === undefined ? undefined : { stage, ...(next ? { next } : {}) };
}
