// Claims of links that decide (domain/link-acceptance.ts): the API claims a link with a conditional write
// and keeps what it told the process and the person (`step_claims`); the process closes a link before it
// ends the step any other way, and takes the claims it finds. One transaction each, so a link is either
// claimed or closed, never both; the claims and closings of one process's links run one after the other
// (`lockKey` on the process), those of different processes side by side.
import { and, eq, gt, inArray, isNotNull, isNull, lt, ne, not, sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import { placeholders, preparedFor } from '../db/prepared';
import type { stepClaims } from '../db/schema';
import { tables } from '../db/tables';
import { lockKey, transaction } from '../db/transaction';
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
    siblings: db
      .select({ linkId: stepClaims.linkId, request: stepClaims.request, acceptance: actionLinks.acceptance })
      .from(stepClaims)
      .innerJoin(actionLinks, eq(actionLinks.linkId, stepClaims.linkId))
      .where(
        and(eq(stepClaims.workflowId, sql.placeholder('workflowId')), eq(actionLinks.step, sql.placeholder('step'))),
      )
      .orderBy(stepClaims.claimedAt),
    delivered: db
      .update(stepClaims)
      .set({ deliveredAt: sql`${at}` })
      .where(and(eq(stepClaims.linkId, linkId), isNull(stepClaims.deliveredAt))),
  };
});

/**
 * Claims the link for `claim` if it is still open (not used, closed or past its expiry at `at`), keeping its
 * `request` for the process; with it, the person's next link (`next`), which the process takes up when it mails
 * that step. A second claim of the link, even the same person's, finds it used. `judge`, where the click's rule
 * reads what other claims or records may change, reads it in the same transaction and adds its verdict to the
 * request, or throws to refuse the click (and nothing is written).
 */
export async function claimLink(
  db: Db,
  claim: { linkId: string; at: Date; request: object; judge?: (tx: Db, link: ActionLink) => Promise<object> },
  next?: Parameters<typeof saveLink>[1],
): Promise<ClaimOutcome> {
  const at = claim.at.toISOString();
  const claimed = async (tx: Db): Promise<ClaimOutcome> => {
    const prepared = statements(tx);
    const found: ActionLink | undefined = (await prepared.link.execute({ linkId: claim.linkId }))[0];
    if (!found) return { status: 'unknown' };
    await lockKey(tx, processKey(found.workflowId));
    // Read again under the lock: what a claim or closing of the process committed meanwhile.
    const link = (await prepared.link.execute({ linkId: claim.linkId }))[0]!;
    if (link.usedAt) return { status: 'used' };
    if (link.closedAt) return { status: 'closed' };
    if (link.expiresAt <= at) return { status: 'expired' };
    const request = claim.judge ? { ...claim.request, ...(await claim.judge(tx, link)) } : claim.request;
    await prepared.use.execute({ linkId: claim.linkId, at });
    const othersOpen = await prepared.othersOpen.execute({ workflowId: link.workflowId, linkId: claim.linkId, at });
    await prepared.insert.execute({
      linkId: claim.linkId,
      workflowId: link.workflowId,
      request: JSON.stringify(request),
      claimedAt: at,
    });
    if (next) await saveLink(tx, next);
    return { status: 'claimed', othersOpen: othersOpen.length > 0 };
  };
  return transaction(db, claimed, { keyed: true });
}

/** The lock a process's claims and closings take (`lockKey`). */
function processKey(workflowId: string): string {
  return `process-links:${workflowId}`;
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
 * approval, the keyed hash of their CPR number, which the process has long had by then. A claim of a step in
 * `judgedBySiblings` is kept while another link of that step in its process is open: those clicks are judged
 * by it (`siblingClaims`).
 */
export async function forgetDeliveredClaims(
  db: Db,
  deliveredBefore: Date,
  judgedBySiblings: readonly string[] = [],
): Promise<number> {
  const { stepClaims } = tables(db);
  // A claimed link of such a step with an open link of the same step beside it, in the same process.
  const judgesSiblings = sql`exists (select 1 from action_links claimed join action_links sibling
    on sibling.workflow_id = claimed.workflow_id and sibling.step = claimed.step and sibling.link_id <> claimed.link_id
    where claimed.link_id = ${stepClaims.linkId} and ${inArray(sql`claimed.step`, [...judgedBySiblings])}
    and sibling.used_at is null and sibling.closed_at is null and sibling.expires_at > ${new Date().toISOString()})`;
  const forgotten = await db
    .delete(stepClaims)
    .where(
      and(
        isNotNull(stepClaims.deliveredAt),
        lt(stepClaims.deliveredAt, deliveredBefore.toISOString()),
        judgedBySiblings.length > 0 ? not(judgesSiblings) : undefined,
      ),
    )
    .returning({ linkId: stepClaims.linkId });
  return forgotten.length;
}

/** The claims of links of `step` in the process `workflowId`, oldest first, with what each link accepted. */
export async function siblingClaims(
  db: Db,
  workflowId: string,
  step: string,
): Promise<Array<{ linkId: string; request: unknown; acceptance: string | null }>> {
  const rows = await statements(db).siblings.execute({ workflowId, step });
  return rows.map((row) => ({ ...row, request: JSON.parse(row.request) as unknown }));
}

/**
 * Closes the links still open among `linkIds`; returns the requests of those already claimed, for the process to
 * take as the steps' outcomes instead of ending them, each after the claim it was judged after (`judged.after`)
 * where that one is still kept: the process may not have had its signal yet.
 */
export async function closeLinks(db: Db, linkIds: string[], at: Date): Promise<unknown[]> {
  if (linkIds.length === 0) return [];
  return transaction(
    db,
    async (tx) => {
      const { actionLinks, stepClaims } = tables(tx);
      const processes = await tx
        .selectDistinct({ workflowId: actionLinks.workflowId })
        .from(actionLinks)
        .where(inArray(actionLinks.linkId, linkIds));
      // In one order, so two closings of links of the same processes cannot wait for each other.
      for (const workflowId of processes.map((row) => row.workflowId).sort()) await lockKey(tx, processKey(workflowId));
      await tx
        .update(actionLinks)
        .set({ closedAt: at.toISOString() })
        .where(and(inArray(actionLinks.linkId, linkIds), isNull(actionLinks.usedAt), isNull(actionLinks.closedAt)));
      const claimed = await tx
        .select({ request: stepClaims.request })
        .from(stepClaims)
        .innerJoin(actionLinks, eq(actionLinks.linkId, stepClaims.linkId))
        .where(and(inArray(stepClaims.linkId, linkIds), isNotNull(actionLinks.usedAt)));
      const requests = claimed.map((row) => JSON.parse(row.request) as { linkId: string; judged?: { after?: string } });
      const after = [...new Set(requests.map((request) => request.judged?.after))].filter(
        (linkId): linkId is string => linkId !== undefined && !linkIds.includes(linkId),
      );
      const earlier =
        after.length > 0
          ? await tx.select({ request: stepClaims.request }).from(stepClaims).where(inArray(stepClaims.linkId, after))
          : [];
      return [...earlier.map((row) => JSON.parse(row.request) as unknown), ...requests];
    },
    { keyed: true },
  );
}
