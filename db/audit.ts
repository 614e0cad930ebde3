// The audit trail: rows are appended, and read by organisation; none is ever changed.
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from './open';
import { placeholders, preparedFor } from './prepared';
import { tables } from './tables';

export interface AuditEvent {
  /** Unique per fact, so a retried activity records it once. */
  eventKey: string;
  at: string;
  /** A pseudonymous subject label, an operator key id, or 'system'. */
  actor: string;
  orgId?: string;
  workflowId?: string;
  action: string;
  outcome: string;
  details?: Record<string, unknown>;
}

// Every step a person completes writes one (and every operator call, login and refusal).
const statements = preparedFor('audit', (db) => {
  const { auditEvents } = tables(db);
  return {
    append: db
      .insert(auditEvents)
      .values(placeholders('eventKey', 'at', 'actor', 'orgId', 'workflowId', 'action', 'outcome', 'details'))
      .onConflictDoNothing({ target: auditEvents.eventKey }),
  };
});

/** Appends to the audit trail; there is deliberately no way to change or remove a row. */
export async function appendAudit(db: Db, event: AuditEvent): Promise<void> {
  await statements(db).append.execute({
    ...event,
    orgId: event.orgId ?? null,
    workflowId: event.workflowId ?? null,
    details: event.details ?? null,
  });
}

/** Appends each of `events` (rows a workflow hands to the activity that writes them along with its own work). */
export async function appendAuditEvents(db: Db, events: AuditEvent[] | undefined): Promise<void> {
  for (const event of events ?? []) await appendAudit(db, event);
}

/** Up to `limit` of the organisation's rows after the row `afterId`, oldest first. */
export async function auditEventsAfter(db: Db, orgId: string, afterId: number, limit: number) {
  const { auditEvents } = tables(db);
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, orgId), gt(auditEvents.id, afterId)))
    .orderBy(asc(auditEvents.id))
    .limit(limit);
}
