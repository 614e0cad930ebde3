import type { Db } from '../db/open';
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

/** The database or a transaction of it. */
export type DbWriter = Pick<Db, 'insert'> | Parameters<Parameters<Db['transaction']>[0]>[0];

/** Appends to the audit trail; there is deliberately no way to change or remove a row. */
export function appendAudit(db: DbWriter, event: AuditEvent): void {
  db.insert(auditEvents)
    .values({ ...event, orgId: event.orgId ?? null, workflowId: event.workflowId ?? null, details: event.details ?? null })
    .onConflictDoNothing({ target: auditEvents.eventKey })
    .run();
}
