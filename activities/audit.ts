import type { Db } from '../db/open';
import { placeholders, preparedFor } from '../db/prepared';
import { auditEvents } from '../db/schema';

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
const statements = preparedFor((db) => ({
  append: db
    .insert(auditEvents)
    .values(placeholders('eventKey', 'at', 'actor', 'orgId', 'workflowId', 'action', 'outcome', 'details'))
    .onConflictDoNothing({ target: auditEvents.eventKey })
    .prepare(),
}));

/**
 * Appends to the audit trail; there is deliberately no way to change or remove a row. Inside a transaction
 * of `db`, pass `db` itself: its one connection writes the row in that transaction, kept or undone with it.
 */
export function appendAudit(db: Db, event: AuditEvent): void {
  statements(db).append.run({
    ...event,
    orgId: event.orgId ?? null,
    workflowId: event.workflowId ?? null,
    details: event.details ?? null,
  });
}
