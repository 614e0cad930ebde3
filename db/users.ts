// An organisation's imported users and their activation batches: the rows the organisation's calls and
// the activation processes keep (who waits for what, under which batch and process).
import { and, eq } from 'drizzle-orm';
import type { Db } from './open';
import { importedUsers } from './schema';

export type User = typeof importedUsers.$inferSelect;

/** The user while this process's activation of them is pending: their organisation and chosen login method. */
export function userAwaitingActivation(
  db: Db,
  userId: string,
  workflowId: string,
): { orgId: string; loginMethod: string | null } | undefined {
  return db
    .select({ orgId: importedUsers.orgId, loginMethod: importedUsers.loginMethod })
    .from(importedUsers)
    .where(
      and(
        eq(importedUsers.userId, userId),
        eq(importedUsers.activationWorkflowId, workflowId),
        eq(importedUsers.status, 'activation_pending'),
      ),
    )
    .get();
}
