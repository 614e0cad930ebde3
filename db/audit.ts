// Reading the audit trail (rows are appended by appendAudit, activities/audit.ts; none is ever changed).
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from './open';
import { auditEvents } from './schema';

/** Up to `limit` of the organisation's rows after the row `afterId`, oldest first. */
export function auditEventsAfter(db: Db, orgId: string, afterId: number, limit: number) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, orgId), gt(auditEvents.id, afterId)))
    .orderBy(asc(auditEvents.id))
    .limit(limit)
    .all();
}
