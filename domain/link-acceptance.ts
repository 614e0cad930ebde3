// What a step accepts, and what a click on it is answered, as the process that mails the step writes it on
// the step's link (`action_links.acceptance`). The API then decides a click from the link's row alone: it
// claims the link in the database and tells the process by signal, and the person does not wait for the
// process to act. The process checks a claimed click by the same rules (workflows/human-step.ts), and ends
// a step any other way (expiry, re-send, cancellation) only by closing its link first, so a claim and an
// end of the step cannot both happen. Workflow code imports this file: plain data and pure functions only.
import { samePerson } from './person-name';
import type { StepName } from './steps';

/** A rule of the step beyond its input's schema, named with what it needs to know. */
export type AcceptanceRule =
  { name: 'activation-decision'; separate: boolean } | { name: 'approval-decision'; registrantPath: boolean };

/** A user chosen for a separate means activates it; one chosen for the private MitID approves or rejects it. */
export type ActivationDecisionRule = 'separate-means-is-activated' | 'private-mitid-is-approved-or-rejected';

/** Only a registrant's proposal goes back to be revised, and with what should change. */
export type ApprovalDecisionRule = 'send-back-registrant-proposal-only' | 'send-back-needs-reason';

/** The rule a refusal of this file names (a `StepRule` of workflows/process.messages.ts). */
export type AcceptanceRefusalRule =
  'started-by-another-person' | 'sent-to-another-person' | ActivationDecisionRule | ApprovalDecisionRule;

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
  /** The same person's next step after a click, by decision, and how long its link lasts. */
  nextAfter?: Record<string, { step: StepName; expireAfterMs: number }>;
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

/** The step's own rule on an input its schema accepted. */
export function ruleRefusal(rule: AcceptanceRule | undefined, input: unknown): AcceptanceRefusal | undefined {
  if (rule?.name === 'activation-decision')
    return activationDecisionRefusal((input as { decision?: string }).decision, rule.separate);
  if (rule?.name === 'approval-decision')
    return approvalDecisionRefusal(input as { decision?: string; reason?: string }, rule.registrantPath);
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
): { stage: string; next?: { step: StepName; expireAfterMs: number } } | undefined {
  const decision = decisionOf(input);
  const pick = <T>(table: Record<string, T> | undefined): T | undefined =>
    table && ((decision !== undefined ? table[decision] : undefined) ?? table[anyDecision]);
  const next = pick(acceptance.nextAfter);
  const stage =
    !othersOpen && !next && acceptance.stageWhenLast ? acceptance.stageWhenLast : pick(acceptance.stageAfter);
  return stage === undefined ? undefined : { stage, ...(next ? { next } : {}) };
}
