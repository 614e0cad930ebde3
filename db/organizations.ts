// Organisations and their administrators: the rows the connection writes once an organisation is connected,
// read by the organisation's calls, its console case and the administrators' access check.
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from './open';
import { administrators, organizations } from './schema';

export type Organization = typeof organizations.$inferSelect;

export function findOrganizationRow(db: Db, orgId: string): Organization | undefined {
  return db.select().from(organizations).where(eq(organizations.orgId, orgId)).get();
}

/** Names and addresses of the organisation's administrators, in the order they were appointed. */
export function administratorsOf(db: Db, orgId: string): Array<{ name: string; email: string }> {
  return db
    .select({ name: administrators.name, email: administrators.email })
    .from(administrators)
    .where(eq(administrators.orgId, orgId))
    .orderBy(asc(administrators.createdAt))
    .all();
}

/** The administrators who have not set up yet, in the order they were appointed. */
export function administratorsNotSetUp(db: Db, orgId: string): Array<{ name: string; email: string }> {
  return db
    .select({ name: administrators.name, email: administrators.email })
    .from(administrators)
    .where(and(eq(administrators.orgId, orgId), ne(administrators.status, 'active')))
    .orderBy(asc(administrators.createdAt))
    .all();
}

/** Whether the person with this login subject is an active administrator of the organisation. */
export function isActiveAdministrator(db: Db, orgId: string, subject: string): boolean {
  return (
    db
      .select({ orgId: administrators.orgId })
      .from(administrators)
      .where(
        and(eq(administrators.orgId, orgId), eq(administrators.subject, subject), eq(administrators.status, 'active')),
      )
      .get() !== undefined
  );
}

/**
 * A lapsed setup started again: the organisation is connected, not expired, and the administrators it
 * goes to (by address) whose links lapsed are appointed again.
 */
export function reopenExpiredSetup(db: Db, orgId: string, emails: string[]): void {
  db.transaction(
    (tx) => {
      tx.update(organizations)
        .set({ status: 'connected' })
        .where(and(eq(organizations.orgId, orgId), eq(organizations.status, 'setup_expired')))
        .run();
      tx.update(administrators)
        .set({ status: 'appointed' })
        .where(
          and(
            eq(administrators.orgId, orgId),
            inArray(administrators.email, emails),
            eq(administrators.status, 'expired'),
          ),
        )
        .run();
    },
    { behavior: 'immediate' },
  );
}
