// Deleting a user who is not activated (an imported user is kept until they are activated or deleted):
// the row stays as a tombstone with the id, the status and the activation dates the audit trail refers
// to; the person's name, e-mail and NemID id go, and so do the links and the mail of their activations
// (the mail's record is kept under a keyed hash, so a retried send still recognises it as sent).
import { and, eq, gte, inArray, like, lt, ne, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { erasedOutboxKey } from './outbox';
import type { Db } from './open';
import { actionLinks, activationBatchUsers, users, outbox } from './schema';
import { activatableStatuses } from '../domain/users';
import { activationGroupPrefix, reactivationId } from '../workflows/user-activation.messages';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The id prefixes of every workflow that ever held the user's activation: their batches' groups and their re-sent activations. */
function activationWorkflowPrefixes(tx: Tx, orgId: string, userId: string): string[] {
  const batches = tx
    .select({ batchId: activationBatchUsers.batchId })
    .from(activationBatchUsers)
    .where(eq(activationBatchUsers.userId, userId))
    .all();
  return [reactivationId(orgId, userId, ''), ...batches.map(({ batchId }) => activationGroupPrefix(orgId, batchId))];
}

function underAny(column: SQLiteColumn, prefixes: string[]): SQL {
  return or(...prefixes.map((prefix) => and(gte(column, prefix), lt(column, `${prefix}\uffff`))))!;
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
  return db.transaction(
    (tx) => {
      const { orgId, userId } = user;
      const deleted = tx
        .update(users)
        // The NemID id is unique per organisation: a placeholder of the user's own keeps the index, and lets the person be imported again.
        .set({ status: 'deleted', name: '', email: '', nemidUserId: `deleted:${userId}`, updatedAt: at })
        .where(and(eq(users.userId, userId), inArray(users.status, activatableStatuses)))
        .run();
      if (deleted.changes === 0) return false;
      const prefixes = activationWorkflowPrefixes(tx, orgId, userId);
      tx.delete(actionLinks)
        .where(and(underAny(actionLinks.workflowId, prefixes), eq(actionLinks.stepKey, userId)))
        .run();
      // Messages still being sent (pending) are left to their send; a user whose activation ended has none in practice.
      const messages = tx
        .select({ idempotencyKey: outbox.idempotencyKey })
        .from(outbox)
        .where(
          and(
            underAny(outbox.workflowId, prefixes),
            like(outbox.idempotencyKey, `%|${userId}|%`),
            ne(outbox.status, 'pending'),
          ),
        )
        .all();
      for (const { idempotencyKey } of messages) {
        tx.update(outbox)
          .set({
            idempotencyKey: erasedOutboxKey(idempotencyKey, erasureSecret),
            recipient: '',
            subject: '',
            textBody: '',
            htmlBody: '',
            lastError: null,
          })
          .where(eq(outbox.idempotencyKey, idempotencyKey))
          .run();
      }
      return true;
    },
    { behavior: 'immediate' },
  );
}
