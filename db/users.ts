// An organisation's imported users and their activation batches: the rows the organisation's calls and
// the activation processes keep (who waits for what, under which batch and process).
import { and, asc, count, eq, gt, inArray, isNull, like, ne, or, sql, type SQL } from 'drizzle-orm';
import { appendAudit, type AuditEvent } from './audit';
import { containsText, runStatement, startsWith } from './dialect';
import type { Db } from './open';
import { preparedFor } from './prepared';
import { transaction } from './transaction';
import type { ActivationProgress } from '../workflows/bulk-activation.messages';
import { activationGroupPrefix, type ActivationOutcome } from '../workflows/user-activation.messages';
import type { Organization } from './organizations';
import type { users } from './schema';
import { tables } from './tables';

export type User = typeof users.$inferSelect;

// A batch's group page runs the first; every user's answer to their activation runs the other two.
const statements = preparedFor('users', (db) => {
  const { activationBatchUsers, users } = tables(db);
  const userId = sql.placeholder('userId');
  const status = sql.placeholder('status');
  const at = sql`${sql.placeholder('at')}`;
  return {
    membersAfter: db
      .select({ userId: users.userId, name: users.name, email: users.email })
      .from(activationBatchUsers)
      .innerJoin(users, eq(users.userId, activationBatchUsers.userId))
      .where(
        and(
          eq(activationBatchUsers.batchId, sql.placeholder('batchId')),
          gt(activationBatchUsers.userId, sql.placeholder('after')),
        ),
      )
      .orderBy(asc(activationBatchUsers.userId))
      .limit(sql.placeholder('limit')),
    // The name and address stay unless the person who answered was another (`correctedTo`).
    recordOutcome: db
      .update(users)
      .set({
        status: sql`${status}`,
        name: sql`coalesce(${sql.placeholder('name')}, ${users.name})`,
        email: sql`coalesce(${sql.placeholder('email')}, ${users.email})`,
        activationEndedAt: at,
        updatedAt: at,
      })
      .where(
        and(
          eq(users.userId, userId),
          eq(users.orgId, sql.placeholder('orgId')),
          eq(users.status, 'activation_pending'),
          eq(users.activationWorkflowId, sql.placeholder('workflowId')),
        ),
      )
      .returning({ batchId: users.batchId }),
    recordMemberOutcome: db
      .update(activationBatchUsers)
      .set({ status: sql`${status}` })
      .where(
        and(eq(activationBatchUsers.batchId, sql.placeholder('batchId')), eq(activationBatchUsers.userId, userId)),
      ),
  };
});

/** The user while this process's activation of them is pending: their organisation and chosen login method. */
export async function userAwaitingActivation(
  db: Db,
  userId: string,
  workflowId: string,
): Promise<{ orgId: string; loginMethod: string | null } | undefined> {
  const { users } = tables(db);
  const [row] = await db
    .select({ orgId: users.orgId, loginMethod: users.loginMethod })
    .from(users)
    .where(
      and(eq(users.userId, userId), eq(users.activationWorkflowId, workflowId), eq(users.status, 'activation_pending')),
    )
    .limit(1);
  return row;
}

export async function findUser(db: Db, userId: string): Promise<User | undefined> {
  const { users } = tables(db);
  return (await db.select().from(users).where(eq(users.userId, userId)).limit(1))[0];
}

/** The organisation an activation batch belongs to, if there is such a batch. */
export async function batchOrganization(db: Db, batchId: string): Promise<string | undefined> {
  const { activationBatches } = tables(db);
  const [row] = await db
    .select({ orgId: activationBatches.orgId })
    .from(activationBatches)
    .where(eq(activationBatches.batchId, batchId))
    .limit(1);
  return row?.orgId;
}

/** How many of the organisation's users have each status (only the statuses some have). */
export async function userCountsByStatus(db: Db, orgId: string): Promise<Array<{ status: User['status']; n: number }>> {
  const { users } = tables(db);
  return db
    .select({ status: users.status, n: count() })
    .from(users)
    .where(eq(users.orgId, orgId))
    .groupBy(users.status);
}

/**
 * Up to `limit` of the organisation's users after the user id `after`, in id order: those with `status`,
 * or all but the deleted; with `q`, those whose name or address holds it (case-insensitive).
 */
export async function usersAfter(
  db: Db,
  orgId: string,
  page: { after: string; status?: User['status']; q?: string; limit: number },
): Promise<User[]> {
  const { users } = tables(db);
  const conditions: SQL[] = [eq(users.orgId, orgId), gt(users.userId, page.after)];
  conditions.push(page.status ? eq(users.status, page.status) : ne(users.status, 'deleted'));
  if (page.q) conditions.push(or(containsText(db, users.name, page.q), containsText(db, users.email, page.q))!);
  return db
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.userId))
    .limit(page.limit);
}

/** A user's activation as it was before a batch claimed them, to put back if the batch cannot start. */
export type EarlierActivation = Pick<
  User,
  | 'userId'
  | 'status'
  | 'batchId'
  | 'loginMethod'
  | 'activationWorkflowId'
  | 'activationRequestedAt'
  | 'activationEndedAt'
>;

export type BatchClaim =
  | { claimed: number; earlier: EarlierActivation[] }
  | { refused: 'other-organization' }
  | { refused: 'unknown-users'; userIds: string[] }
  | { refused: 'not-activatable'; users: Array<{ userId: string; status: User['status'] }> }
  | { refused: 'nothing-to-activate' };

/**
 * Claims the organisation's activatable users (`userIds`, or all of them) for the new batch, in one
 * transaction: the users pending under it, the batch's row and its members. `admit` sees the
 * organisation's row in that transaction first (its login policy offers the method): it throws to refuse,
 * so a policy changed concurrently is either seen or changed after the claim. A refusal writes nothing.
 */
export async function claimUsersForBatch(
  db: Db,
  batch: {
    batchId: string;
    orgId: string;
    userIds?: string[];
    loginMethod: string;
    requestedBy: string;
    at: string;
    activatable: readonly User['status'][];
    admit: (org: Organization) => void;
  },
): Promise<BatchClaim> {
  const { activationBatches, activationBatchUsers, organizations, users } = tables(db);
  const { batchId, orgId, userIds: ids, at } = batch;
  return transaction(db, async (tx): Promise<BatchClaim> => {
    batch.admit((await tx.select().from(organizations).where(eq(organizations.orgId, orgId)).limit(1))[0]);
    if (ids) {
      const rows = await tx
        .select({ userId: users.userId, orgId: users.orgId, status: users.status })
        .from(users)
        .where(inArray(users.userId, ids));
      if (rows.some((row) => row.orgId !== orgId)) return { refused: 'other-organization' };
      const missing = ids.filter((id) => !rows.some((row) => row.userId === id));
      if (missing.length > 0) return { refused: 'unknown-users', userIds: missing };
      const refused = rows
        .filter((row) => !batch.activatable.includes(row.status))
        .map(({ userId, status }) => ({ userId, status }));
      if (refused.length > 0) return { refused: 'not-activatable', users: refused };
    }
    const chosen = and(
      ids ? inArray(users.userId, ids) : eq(users.orgId, orgId),
      inArray(users.status, [...batch.activatable]),
    );
    const earlier = await tx
      .select({
        userId: users.userId,
        status: users.status,
        batchId: users.batchId,
        loginMethod: users.loginMethod,
        activationWorkflowId: users.activationWorkflowId,
        activationRequestedAt: users.activationRequestedAt,
        activationEndedAt: users.activationEndedAt,
      })
      .from(users)
      .where(and(chosen, ne(users.status, 'imported')));
    const claim = {
      status: 'activation_pending' as const,
      batchId,
      loginMethod: batch.loginMethod,
      activationWorkflowId: null,
      activationRequestedAt: at,
      activationEndedAt: null,
      updatedAt: at,
    };
    const claimed = (await tx.update(users).set(claim).where(chosen).returning({ userId: users.userId })).length;
    if (claimed === 0) return { refused: 'nothing-to-activate' };
    await tx
      .insert(activationBatches)
      .values({ batchId, orgId, loginMethod: batch.loginMethod, total: claimed, requestedBy: batch.requestedBy });
    const members = and(
      ids ? inArray(users.userId, ids) : eq(users.orgId, orgId),
      eq(users.status, 'activation_pending'),
      eq(users.batchId, batchId),
    );
    await runStatement(
      tx,
      sql`insert into ${activationBatchUsers} (batch_id, user_id) select ${batchId}, ${users.userId} from ${users} where ${members}`,
    );
    return { claimed, earlier };
  });
}

/** Undoes a claimed batch that could not start: its users as they were (imported, or as `earlier` says), the batch gone. */
export async function releaseBatch(db: Db, batchId: string, earlier: EarlierActivation[]): Promise<void> {
  const { activationBatches, activationBatchUsers, users } = tables(db);
  await transaction(db, async (tx) => {
    const members = tx
      .select({ userId: activationBatchUsers.userId })
      .from(activationBatchUsers)
      .where(eq(activationBatchUsers.batchId, batchId));
    await tx
      .update(users)
      .set({ status: 'imported', batchId: null, loginMethod: null, activationRequestedAt: null })
      .where(and(inArray(users.userId, members), eq(users.batchId, batchId)));
    for (const { userId, ...row } of earlier) await tx.update(users).set(row).where(eq(users.userId, userId));
    await tx.delete(activationBatchUsers).where(eq(activationBatchUsers.batchId, batchId));
    await tx.delete(activationBatches).where(eq(activationBatches.batchId, batchId));
  });
}

/** The user's membership of their batch: re-sending a lapsed activation keeps it the same batch's. */
function inBatch(db: Db, user: Pick<User, 'userId' | 'batchId'>) {
  const { activationBatchUsers } = tables(db);
  return and(eq(activationBatchUsers.batchId, user.batchId ?? ''), eq(activationBatchUsers.userId, user.userId));
}

/**
 * Claims an expired user for the restarted activation `workflowId` (to the corrected `recipient` where
 * given), pending again in their batch, in one transaction; false if they are no longer expired.
 */
export async function reclaimExpiredUser(
  db: Db,
  user: Pick<User, 'userId' | 'batchId'>,
  claim: { workflowId: string; recipient?: { name: string; email: string }; at: string },
): Promise<boolean> {
  const { activationBatchUsers, users } = tables(db);
  return transaction(db, async (tx) => {
    const reclaimed = await tx
      .update(users)
      .set({
        status: 'activation_pending',
        activationWorkflowId: claim.workflowId,
        ...claim.recipient,
        activationRequestedAt: claim.at,
        activationEndedAt: null,
        updatedAt: claim.at,
      })
      .where(and(eq(users.userId, user.userId), eq(users.status, 'expired')))
      .returning({ userId: users.userId });
    if (reclaimed.length === 0) return false;
    await tx.update(activationBatchUsers).set({ status: 'activation_pending' }).where(inBatch(tx, user));
    return true;
  });
}

/** Undoes `reclaimExpiredUser` when the activation could not start: the user expired again, as `before` was. */
export async function restoreExpiredUser(db: Db, before: User): Promise<void> {
  const { activationBatchUsers, users } = tables(db);
  const { activationWorkflowId, name, email, activationRequestedAt, activationEndedAt } = before;
  await transaction(db, async (tx) => {
    await tx
      .update(users)
      .set({ status: 'expired', activationWorkflowId, name, email, activationRequestedAt, activationEndedAt })
      .where(eq(users.userId, before.userId));
    await tx.update(activationBatchUsers).set({ status: 'expired' }).where(inBatch(tx, before));
  });
}

/** Up to `limit` of the batch's users after the user id `after`, in id order: the next group to activate. */
export async function batchMembersAfter(db: Db, batchId: string, after: string, limit: number) {
  return statements(db).membersAfter.execute({ batchId, after, limit });
}

/**
 * Hands the users to their group's activation process: only those this batch still holds and no process
 * does yet, so a retried page does not take back a user whose activation was re-sent, or who has been
 * activated again in a later batch.
 */
export async function assignActivationGroup(
  db: Db,
  batchId: string,
  userIds: string[],
  workflowId: string,
): Promise<void> {
  const { users } = tables(db);
  await db
    .update(users)
    .set({ activationWorkflowId: workflowId })
    .where(and(inArray(users.userId, userIds), eq(users.batchId, batchId), isNull(users.activationWorkflowId)));
}

/**
 * Counts a batch's first invitations by their outbox rows: the group processes' ids share a prefix, and
 * the step core's idempotency key ends in `|<attempt>|invitation` (attempt 0 is the first, once per user).
 */
async function invitationCount(db: Db, orgId: string, batchId: string, status: 'sent' | 'failed'): Promise<number> {
  const { outbox } = tables(db);
  const prefix = activationGroupPrefix(orgId, batchId);
  const [row] = await db
    .select({ n: count() })
    .from(outbox)
    .where(
      and(
        startsWith(db, outbox.workflowId, prefix),
        eq(outbox.step, 'activate-user'),
        eq(outbox.status, status),
        like(outbox.idempotencyKey, '%|0|invitation'),
      ),
    );
  return row.n;
}

export async function batchProgress(db: Db, orgId: string, batchId: string): Promise<ActivationProgress | undefined> {
  const { activationBatches, activationBatchUsers } = tables(db);
  const [batch] = await db
    .select()
    .from(activationBatches)
    .where(and(eq(activationBatches.batchId, batchId), eq(activationBatches.orgId, orgId)))
    .limit(1);
  if (!batch) return undefined;
  const byStatus = await db
    .select({ status: activationBatchUsers.status, n: count() })
    .from(activationBatchUsers)
    .where(eq(activationBatchUsers.batchId, batchId))
    .groupBy(activationBatchUsers.status);
  const of = (status: string) => byStatus.find((row) => row.status === status)?.n ?? 0;
  const emailed = await invitationCount(db, orgId, batchId, 'sent');
  const failed = await invitationCount(db, orgId, batchId, 'failed');
  return {
    total: batch.total,
    emailed,
    active: of('active'),
    rejected: of('rejected'),
    expired: of('expired'),
    failed,
    done: emailed + failed >= batch.total,
  };
}

/**
 * The user's activation outcome on their row and in their batch, once and only while `workflowId` holds
 * their pending activation, in one transaction with `audit`'s row.
 */
export async function recordActivationOutcome(
  db: Db,
  outcome: {
    orgId: string;
    userId: string;
    workflowId: string;
    status: ActivationOutcome;
    correctedTo?: { name: string; email: string };
  },
  audit: AuditEvent,
): Promise<void> {
  const { orgId, userId, workflowId, status, correctedTo } = outcome;
  await transaction(db, async (tx) => {
    const at = new Date().toISOString();
    const [recorded] = await statements(tx).recordOutcome.execute({
      orgId,
      userId,
      workflowId,
      status,
      name: correctedTo?.name ?? null,
      email: correctedTo?.email ?? null,
      at,
    });
    if (recorded?.batchId)
      await statements(tx).recordMemberOutcome.execute({ batchId: recorded.batchId, userId, status });
    await appendAudit(tx, audit);
  });
}
