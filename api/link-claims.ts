// A click on a link that decides (domain/link-acceptance.ts): the person and the step's rule are checked
// against what the process wrote on the link, the link is claimed in the database, and the process is told by
// signal, which Temporal answers once it has recorded it; the person does not wait for the process to act.
// A claim the process was not told of (the API stopped, Temporal did not answer) is sent again by
// `deliverClaims`, which the API runs every few seconds; the process takes each claim once. Delivered claims
// are forgotten after a while: the process has them.
import { WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../config/logger';
import { documentsOf } from '../db/documents';
import type { Db } from '../db/open';
import { loginPolicyOf } from '../db/organizations';
import {
  answerOf,
  nextAcceptance,
  personRefusal,
  ruleRefusal,
  uploaderBound,
  type AcceptanceRefusal,
  type AcceptanceRule,
  type LinkAcceptance,
  type SetupJudgement,
  type StepUploads,
} from '../domain/link-acceptance';
import type { SetupChoice } from '../domain/setup';
import type { StepName } from '../domain/steps';
import {
  claimLink,
  dropClaim,
  forgetDeliveredClaims,
  markClaimDelivered,
  siblingClaims,
  undeliveredClaims,
} from '../links/claims';
import { openSuccessorOf, type ActionLink } from '../links/store';
import { stepClaimedSignal, type Actor, type ClaimedStep } from '../workflows/process.messages';
import type { ApiDeps } from './deps';
import { HttpError } from './errors';

/** What the person is answered: the stage the process moves to, and their next step's link where it is theirs. */
export interface ClaimAnswer {
  stage: string;
  next?: { step: StepName; linkId: string; expiresAt: string };
}

/** The documents the process took for the link's step, oldest first (none where the step takes none). */
async function uploadsOf(db: ApiDeps['db'], link: ActionLink, acceptance: LinkAcceptance): Promise<StepUploads> {
  if (!acceptance.documents) return { count: 0 };
  const earlier = new Set(acceptance.documents.earlier);
  const uploads = (await documentsOf(db, link.workflowId))
    .filter((document) => document.step === link.step && document.attachedAt && !earlier.has(document.documentId))
    .sort((a, b) => a.attachedAt!.localeCompare(b.attachedAt!));
  return { count: uploads.length, firstUploader: uploads[0]?.uploadedBy ?? undefined };
}

/**
 * Why the link refuses this person or input, with the documents uploaded to its step: the refusal, and whether
 * it is the person (403) or the input (422).
 */
export async function acceptanceRefusal(
  db: ApiDeps['db'],
  link: ActionLink,
  acceptance: LinkAcceptance,
  actor: Actor & { kind: 'person' },
  input: unknown,
): Promise<{ wrongPerson: boolean; refusal: AcceptanceRefusal } | undefined> {
  const uploads = await uploadsOf(db, link, acceptance);
  const person = personRefusal(uploaderBound(acceptance, uploads), actor);
  if (person) return { wrongPerson: true, refusal: person };
  const rule = ruleRefusal(acceptance, input, uploads);
  return rule && { wrongPerson: false, refusal: rule };
}

/** The steps whose clicks are judged by their sibling links' claims (`setupJudgement`): those claims are kept while they wait. */
const judgedBySiblings = ['setup-organization'];

/**
 * The login policy a setup click is judged under, read in its claim's transaction (or for its page): the
 * organisation's own (an earlier setup chose it), or the one an earlier click of the same process run chose,
 * which the process may not have recorded yet (then it takes that click first); none where this click is the first.
 */
export async function setupJudgement(
  tx: Db,
  link: ActionLink,
  rule: Extract<AcceptanceRule, { name: 'setup' }>,
): Promise<SetupJudgement> {
  const loginPolicy = await loginPolicyOf(tx, rule.organizationId);
  if (loginPolicy) return { loginPolicy };
  for (const sibling of await siblingClaims(tx, link.workflowId, link.step)) {
    const accepted = sibling.acceptance ? (JSON.parse(sibling.acceptance) as LinkAcceptance) : undefined;
    const claim = sibling.request as ClaimedStep;
    if (accepted?.rule?.name !== 'setup' || accepted.rule.run !== rule.run || claim.judged?.loginPolicy) continue;
    const choice = claim.input as SetupChoice;
    return {
      loginPolicy: { allowPrivateMitId: choice.allowPrivateMitId!, separateMeans: choice.separateMeans! },
      after: sibling.linkId,
    };
  }
  return {};
}

/**
 * Claims `link` for the person's click and tells its process; the answer, or the HTTP refusal of a link that is
 * no longer open or, for a setup, of a choice outside the policy the organisation has by then (the person and
 * every other rule are checked before, `acceptanceRefusal`).
 */
export async function claimClick(
  deps: Pick<ApiDeps, 'db' | 'temporal'> & Partial<Pick<ApiDeps, 'logger'>>,
  click: { link: ActionLink; acceptance: LinkAcceptance; actor: Actor & { kind: 'person' }; input: unknown },
): Promise<ClaimAnswer> {
  const { db } = deps;
  const { link, acceptance, actor, input } = click;
  const at = new Date();
  // Known before the claim, which cannot be undone: only whether the click was the last one waited for is not.
  const planned = answerOf(acceptance, input, true);
  if (!planned) throw new Error(`The link of ${link.step} declares no answer for this input`);
  const follows = planned.next;
  const followingAcceptance = follows && nextAcceptance(acceptance, follows, actor);
  const next = follows && {
    step: follows.step,
    linkId: randomUUID(),
    expiresAt: new Date(at.getTime() + follows.expireAfterMs).toISOString(),
  };
  const request: ClaimedStep = {
    step: link.step as StepName,
    ...(link.stepKey ? { key: link.stepKey } : {}),
    linkId: link.linkId,
    actor,
    input,
    ...(next ? { next: { linkId: next.linkId, expiresAt: next.expiresAt } } : {}),
  };
  const { rule } = acceptance;
  const judge =
    rule?.name === 'setup'
      ? async (tx: Db, claimed: ActionLink): Promise<Pick<ClaimedStep, 'judged'>> => {
          const judged = await setupJudgement(tx, claimed, rule);
          const refusal = ruleRefusal(acceptance, input, { count: 0 }, judged);
          if (refusal) throw new HttpError(422, 'invalid_step_input', refusal.message, { rule: refusal.rule });
          request.judged = judged;
          return { judged };
        }
      : undefined;
  const claimed = await claimLink(
    db,
    {
      linkId: link.linkId,
      at,
      request,
      ...(judge ? { judge } : {}),
    },
    next && {
      linkId: next.linkId,
      workflowId: link.workflowId,
      step: next.step,
      stepKey: link.stepKey,
      recipientEmail: link.recipientEmail,
      language: link.language,
      expiresAt: next.expiresAt,
      acceptance: followingAcceptance ? JSON.stringify(followingAcceptance) : null,
    },
  );
  switch (claimed.status) {
    case 'claimed': {
      const { marked } = await deliver(deps, link.linkId, link.workflowId, request);
      marked.catch((error: unknown) =>
        deps.logger?.warn({ err: error, workflowId: link.workflowId }, 'claim not marked delivered; sent again later'),
      );
      const { stage } = claimed.othersOpen ? planned : answerOf(acceptance, input, false)!;
      return { stage, ...(next ? { next } : {}) };
    }
    case 'used':
      throw new HttpError(409, 'step_not_pending', 'This step has already been completed');
    case 'closed':
      throw await closedLinkRefusal(db, link);
    case 'expired':
      throw new HttpError(410, 'link_expired', 'This link has expired');
    case 'unknown':
      throw new HttpError(404, 'unknown_link', 'This link is not valid');
  }
}

/** The answer to a link its process closed: re-sent under a newer link (410), or the step ended otherwise (409). */
export async function closedLinkRefusal(db: ApiDeps['db'], link: ActionLink): Promise<HttpError> {
  return (await openSuccessorOf(db, link))
    ? new HttpError(410, 'link_superseded', 'This link has been replaced by a newer one')
    : new HttpError(409, 'step_not_pending', 'This step is no longer pending');
}

/**
 * Tells the process of the claim; `marked` settles once the claim is marked delivered, which the person's
 * answer does not wait for (unmarked, it is only sent again, and the process takes it once). A process that no
 * longer runs cannot take it: the claim is dropped and the link closed, and the person answered that the step
 * is no longer pending. Any other failure leaves the claim for `deliverClaims`.
 */
async function deliver(
  deps: Pick<ApiDeps, 'db' | 'temporal'>,
  linkId: string,
  workflowId: string,
  request: ClaimedStep,
): Promise<{ marked: Promise<void> }> {
  try {
    await deps.temporal.workflow.getHandle(workflowId).signal(stepClaimedSignal, request);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    await dropClaim(deps.db, linkId, new Date());
    throw new HttpError(409, 'step_not_pending', 'The process has ended');
  }
  return { marked: markClaimDelivered(deps.db, linkId, new Date()) };
}

/**
 * Sends again the claims made more than `graceMs` ago that no process was told of, and forgets those delivered
 * more than `keepMs` ago; how many were delivered, dropped and forgotten. Several API nodes may run it at once:
 * a process takes each claim once.
 */
export async function deliverClaims(
  deps: Pick<ApiDeps, 'db' | 'temporal'>,
  { graceMs, keepMs }: { graceMs: number; keepMs: number },
  logger?: Logger,
): Promise<{ delivered: number; dropped: number; forgotten: number }> {
  const figures = { delivered: 0, dropped: 0, forgotten: 0 };
  figures.forgotten = await forgetDeliveredClaims(deps.db, new Date(Date.now() - keepMs), judgedBySiblings);
  for (const claim of await undeliveredClaims(deps.db, new Date(Date.now() - graceMs), 100)) {
    try {
      await (
        await deliver(deps, claim.linkId, claim.workflowId, JSON.parse(claim.request) as ClaimedStep)
      ).marked;
      figures.delivered += 1;
    } catch (error) {
      if (error instanceof HttpError) figures.dropped += 1;
      else logger?.warn({ err: error, workflowId: claim.workflowId }, 'claim not delivered; tried again later');
    }
  }
  return figures;
}

/** Runs `deliverClaims` every `everyMs` until the returned function is called. */
export function startClaimDelivery(
  deps: Pick<ApiDeps, 'db' | 'temporal' | 'logger'>,
  { everyMs, ...ages }: { everyMs: number; graceMs: number; keepMs: number },
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    deliverClaims(deps, ages, deps.logger)
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'claim delivery failed'))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
