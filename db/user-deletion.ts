// Deleting a user who is not activated (an imported user is kept until they are activated or deleted):
// the row stays as a tombstone with the id, the status and the activation dates the audit trail refers
// to; the person's name, e-mail and NemID id go, and so do the links and the mail of their activations
// (the mail's record is kept under a keyed hash, so a retried send still recognises it as sent).
import { and, eq, inArray, like, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { startsWith } from './dialect';
import { erasedOutboxKey } from './outbox';
import type { Db } from './open';
import { transaction } from './transaction';
import { tables } from './tables';
import { activatableStatuses } from '../domain/users';
import { activationGroupPrefix, reactivationId } from '../workflows/user-activation.messages';

/** The id prefixes of every workflow that ever held the user's activation: their batches' groups and their re-sent activations. */
async function activationWorkflowPrefixes(tx: Db, orgId: string, userId: string): Promise<string[]> {
  const { activationBatchUsers } = tables(tx);
  const batches = await tx
    .select({ batchId: activationBatchUsers.batchId })
    .from(activationBatchUsers)
    .where(eq(activationBatchUsers.userId, userId));
  return [reactivationId(orgId, userId, ''), ...batches.map(({ batchId }) => activationGroupPrefix(orgId, batchId))];
}

function underAny(db: Db, column: SQLiteColumn, prefixes: string[]): SQL {
  return or(...prefixes.map((prefix) => startsWith(db, column, prefix)))!;
}

/**
 * Deletes the user if they are imported, rejected or expired, in one transaction; false (nothing changed)
 * for any other status. `erasureSecret` keys the hash a sent message is kept under.
 */
export async function deleteUser(
  db: Db,
  user: { orgId: string; userId: string },
  erasureSecret: string,
  at: string,
): Promise<boolean> {
  const { actionLinks, users, outbox } = tables(db);
  return transaction(db, async (tx) => {
    const { orgId, userId } = user;
    const deleted = await tx
      .update(users)
      // The NemID id is unique per organisation: a placeholder of the user's own keeps the index, and lets the person be imported again.
      .set({ status: 'deleted', name: '', email: '', nemidUserId: `deleted:${userId}`, updatedAt: at })
      .where(and(eq(users.userId, userId), inArray(users.status, activatableStatuses)))
      .returning({ userId: users.userId });
    if (deleted.length === 0) return false;
    const prefixes = await activationWorkflowPrefixes(tx, orgId, userId);
    await tx
      .delete(actionLinks)
      .where(and(underAny(tx, actionLinks.workflowId, prefixes), eq(actionLinks.stepKey, userId)));
    // A message still being sent is erased too: its sender marks it sent (or failed) under the erased key.
    const messages = await tx
      .select({ idempotencyKey: outbox.idempotencyKey })
      .from(outbox)
      .where(and(underAny(tx, outbox.workflowId, prefixes), like(outbox.idempotencyKey, `%|${userId}|%`)));
    for (const { idempotencyKey } of messages) {
      await tx
        .update(outbox)
        .set({
          idempotencyKey: erasedOutboxKey(idempotencyKey, erasureSecret),
          recipient: '',
          subject: '',
          textBody: '',
          htmlBody: '',
          lastError: null,
        })
        .where(eq(outbox.idempotencyKey, idempotencyKey));
    }
    return true;
  });
}
