// Claims of links that decide (domain/link-acceptance.ts): the API claims a link with a conditional write
// and keeps what it told the process and the person (`step_claims`); the process closes a link before it
// ends the step any other way, and takes the claims it finds. One transaction each, so a link is either
// claimed or closed, never both.
import { and, eq, gt, inArray, isNotNull, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import { placeholders, preparedFor } from '../db/prepared';
import type { stepClaims } from '../db/schema';
import { tables } from '../db/tables';
import { transaction } from '../db/transaction';
import { saveLink, type ActionLink } from './store';

export type StepClaimRow = typeof stepClaims.$inferSelect;

export type ClaimOutcome =
  /** `othersOpen`: whether another link of the process still waits. */
  { status: 'claimed'; othersOpen: boolean } | { status: 'used' | 'closed' | 'expired' | 'unknown' };

const statements = preparedFor('claims', (db) => {
  const { actionLinks, stepClaims } = tables(db);
  const linkId = sql.placeholder('linkId');
  const at = sql.placeholder('at');
  return {
    link: db.select().from(actionLinks).where(eq(actionLinks.linkId, linkId)),
    use: db
      .update(actionLinks)
      .set({ usedAt: sql`${at}` })
      .where(and(eq(actionLinks.linkId, linkId), isNull(actionLinks.usedAt), isNull(actionLinks.closedAt)))
      .returning({ linkId: actionLinks.linkId }),
    othersOpen: db
      .select({ linkId: actionLinks.linkId })
      .from(actionLinks)
      .where(
        and(
          eq(actionLinks.workflowId, sql.placeholder('workflowId')),
          ne(actionLinks.linkId, linkId),
          isNull(actionLinks.usedAt),
          isNull(actionLinks.closedAt),
          gt(actionLinks.expiresAt, at),
        ),
      )
      .limit(1),
    insert: db.insert(stepClaims).values(placeholders('linkId', 'workflowId', 'request', 'claimedAt')),
    delivered: db
      .update(stepClaims)
      .set({ deliveredAt: sql`${at}` })
      .where(and(eq(stepClaims.linkId, linkId), isNull(stepClaims.deliveredAt))),
  };
});

/**
 * Claims the link for `claim` if it is still open (not used, closed or past its expiry at `at`), keeping its
 * `request` for the process; with it, the person's next link (`next`), which the process takes up when it mails
 * that step. A second claim of the link, even the same person's, finds it used.
 */
export async function claimLink(
  db: Db,
  claim: { linkId: string; at: Date; request: unknown },
  next?: Parameters<typeof saveLink>[1],
): Promise<ClaimOutcome> {
  const at = claim.at.toISOString();
  return transaction(db, async (tx) => {
    const prepared = statements(tx);
    const link: ActionLink | undefined = (await prepared.link.execute({ linkId: claim.linkId }))[0];
    if (!link) return { status: 'unknown' };
    if (link.usedAt) return { status: 'used' };
    if (link.closedAt) return { status: 'closed' };
    if (link.expiresAt <= at) return { status: 'expired' };
    await prepared.use.execute({ linkId: claim.linkId, at });
    const othersOpen = await prepared.othersOpen.execute({ workflowId: link.workflowId, linkId: claim.linkId, at });
    await prepared.insert.execute({
      linkId: claim.linkId,
      workflowId: link.workflowId,
      request: JSON.stringify(claim.request),
      claimedAt: at,
    });
    if (next) await saveLink(tx, next);
    return { status: 'claimed', othersOpen: othersOpen.length > 0 };
  });
}

/** The process has the claim (its signal was accepted). */
export async function markClaimDelivered(db: Db, linkId: string, at: Date): Promise<void> {
  await statements(db).delivered.execute({ linkId, at: at.toISOString() });
}

/** A claim whose process no longer runs: the link closes with it, unclaimed, so nobody is told it was taken. */
export async function dropClaim(db: Db, linkId: string, at: Date): Promise<void> {
  await transaction(db, async (tx) => {
    const { actionLinks, stepClaims } = tables(tx);
    await tx.delete(stepClaims).where(eq(stepClaims.linkId, linkId));
    await tx
      .update(actionLinks)
      .set({ usedAt: null, closedAt: at.toISOString() })
      .where(eq(actionLinks.linkId, linkId));
  });
}

/** Claims not yet delivered that were made before `claimedBefore`, oldest first. */
export async function undeliveredClaims(db: Db, claimedBefore: Date, limit: number): Promise<StepClaimRow[]> {
  const { stepClaims } = tables(db);
  return db
    .select()
    .from(stepClaims)
    .where(and(isNull(stepClaims.deliveredAt), lt(stepClaims.claimedAt, claimedBefore.toISOString())))
    .orderBy(stepClaims.claimedAt)
    .limit(limit);
}

/**
 * Forgets claims delivered before `deliveredBefore`: their requests carry the person's input and, for an
 * approval, the keyed hash of their CPR number, which the process has long had by then.
 */
export async function forgetDeliveredClaims(db: Db, deliveredBefore: Date): Promise<number> {
  const { stepClaims } = tables(db);
  const forgotten = await db
    .delete(stepClaims)
    .where(and(isNotNull(stepClaims.deliveredAt), lt(stepClaims.deliveredAt, deliveredBefore.toISOString())))
    .returning({ linkId: stepClaims.linkId });
  return forgotten.length;
}

/**
 * Closes the links still open among `linkIds`; returns the requests of those already claimed, for the process to
 * take as the steps' outcomes instead of ending them.
 */
export async function closeLinks(db: Db, linkIds: string[], at: Date): Promise<unknown[]> {
  if (linkIds.length === 0) return [];
  return transaction(db, async (tx) => {
    const { actionLinks, stepClaims } = tables(tx);
    await tx
      .update(actionLinks)
      .set({ closedAt: at.toISOString() })
      .where(and(inArray(actionLinks.linkId, linkIds), isNull(actionLinks.usedAt), isNull(actionLinks.closedAt)));
    const claimed = await tx
      .select({ request: stepClaims.request })
      .from(stepClaims)
      .innerJoin(actionLinks, eq(actionLinks.linkId, stepClaims.linkId))
      .where(and(inArray(stepClaims.linkId, linkIds), isNotNull(actionLinks.usedAt)));
    return claimed.map((row) => JSON.parse(row.request) as unknown);
  });
}
