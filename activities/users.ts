// The user-activation process's effect: a user's outcome on their row and in their batch, once, and only
// by the process that holds their activation (a re-sent activation moves the user to a new process).
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import { activationBatchUsers, users } from '../db/schema';
import type { ActivationOutcome } from '../workflows/user-activation.messages';
import { appendAudit } from './audit';

export interface ActivationOutcomeRecord {
  eventKey: string;
  orgId: string;
  userId: string;
  workflowId: string;
  status: ActivationOutcome;
  actor: string;
  /** The person an operator re-sent the activation to, who answered it: the user's row becomes theirs. */
  correctedTo?: { name: string; email: string };
}

export function createUserActivities(deps: { db: Db }) {
  const { db } = deps;
  return {
    async recordActivationOutcome(record: ActivationOutcomeRecord): Promise<void> {
      db.transaction(
        (tx) => {
          const at = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;
          const [recorded] = tx
            .update(users)
            .set({ status: record.status, ...record.correctedTo, activationEndedAt: at, updatedAt: at })
            .where(
              and(
                eq(users.userId, record.userId),
                eq(users.orgId, record.orgId),
                eq(users.status, 'activation_pending'),
                eq(users.activationWorkflowId, record.workflowId),
              ),
            )
            .returning({ batchId: users.batchId })
            .all();
          if (recorded?.batchId) {
            tx.update(activationBatchUsers)
              .set({ status: record.status })
              .where(
                and(eq(activationBatchUsers.batchId, recorded.batchId), eq(activationBatchUsers.userId, record.userId)),
              )
              .run();
          }
          appendAudit(db, {
            eventKey: record.eventKey,
            at: new Date().toISOString(),
            actor: record.actor,
            orgId: record.orgId,
            workflowId: record.workflowId,
            action: 'activate-user',
            outcome: record.status,
            details: { userId: record.userId },
          });
        },
        { behavior: 'immediate' },
      );
    },
  };
}

export type UserActivities = ReturnType<typeof createUserActivities>;
