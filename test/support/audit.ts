// The audit trail as a test reads it: the rows of one organisation, process, action or outcome.
import { and, asc, eq, like } from 'drizzle-orm';
import type { Db } from '../../db/open';
import type { auditEvents } from '../../db/schema';
import { tables } from '../../db/tables';

export type AuditRow = typeof auditEvents.$inferSelect;

/** Each column named must match; `actionPrefix`: the action begins so (e.g. an operator call's method and path). */
export interface AuditFilter {
  orgId?: string;
  workflowId?: string;
  action?: string;
  actionPrefix?: string;
  outcome?: string;
}

/** The audit rows that match every column `where` names (every row when it names none), in the order written. */
export async function auditRows(stack: { db: Db }, where: AuditFilter = {}): Promise<AuditRow[]> {
  const { auditEvents } = tables(stack.db);
  return await stack.db
    .select()
    .from(auditEvents)
    .where(
      and(
        where.orgId === undefined ? undefined : eq(auditEvents.orgId, where.orgId),
        where.workflowId === undefined ? undefined : eq(auditEvents.workflowId, where.workflowId),
        where.action === undefined ? undefined : eq(auditEvents.action, where.action),
        where.actionPrefix === undefined ? undefined : like(auditEvents.action, `${where.actionPrefix}%`),
        where.outcome === undefined ? undefined : eq(auditEvents.outcome, where.outcome),
      ),
    )
    .orderBy(asc(auditEvents.id));
}
