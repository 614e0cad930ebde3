// Organisations and their administrators: the rows the connection writes once an organisation is connected,
// read by the organisation's calls, its console case and the administrators' access check.
import { and, asc, count, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from './open';
import { administrators, users, organizations, termsAcceptances } from './schema';

export type Organization = typeof organizations.$inferSelect;
export type Administrator = typeof administrators.$inferSelect;

export function findOrganizationRow(db: Db, orgId: string): Organization | undefined {
  return db.select().from(organizations).where(eq(organizations.orgId, orgId)).get();
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

/** The organisations the person with this login subject actively administers, by name. */
export function organizationsAdministeredBy(db: Db, subject: string): Organization[] {
  const orgIds = db
    .select({ orgId: administrators.orgId })
    .from(administrators)
    .where(and(eq(administrators.subject, subject), eq(administrators.status, 'active')))
    .all()
    .map((row) => row.orgId);
  return orgIds.length === 0
    ? []
    : db
        .select()
        .from(organizations)
        .where(inArray(organizations.orgId, orgIds))
        .orderBy(asc(organizations.name))
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

/** The organisation's administrators, in the order they were appointed. */
export function administratorsOf(db: Db, orgId: string): Administrator[] {
  return db
    .select()
    .from(administrators)
    .where(eq(administrators.orgId, orgId))
    .orderBy(asc(administrators.createdAt))
    .all();
}

/** The terms versions the organisation accepted, oldest first. */
export function termsAcceptedBy(db: Db, orgId: string): Array<typeof termsAcceptances.$inferSelect> {
  return db
    .select()
    .from(termsAcceptances)
    .where(eq(termsAcceptances.orgId, orgId))
    .orderBy(asc(termsAcceptances.acceptedAt))
    .all();
}

/** How many active administrators log in with each of these methods (only the methods some do). */
export function activeAdministratorsByLoginMethod(
  db: Db,
  orgId: string,
  methods: Array<NonNullable<Administrator['loginMethod']>>,
): Array<{ method: Administrator['loginMethod']; n: number }> {
  return db
    .select({ method: administrators.loginMethod, n: count() })
    .from(administrators)
    .where(
      and(
        eq(administrators.orgId, orgId),
        eq(administrators.status, 'active'),
        inArray(administrators.loginMethod, methods),
      ),
    )
    .groupBy(administrators.loginMethod)
    .all();
}

/**
 * The organisation's new login policy, and its pending and active users moved from each withdrawn method to
 * the one `moves` names, in one immediate transaction: how many users each move took.
 */
export function saveLoginPolicy(
  db: Db,
  orgId: string,
  policy: { allowPrivateMitId: boolean; separateMeans: string[] },
  moves: Record<string, string>,
  at: string,
): Record<string, number> {
  const moved: Record<string, number> = {};
  db.transaction(
    (tx) => {
      tx.update(organizations)
        .set({ allowPrivateMitId: policy.allowPrivateMitId, separateMeans: policy.separateMeans })
        .where(eq(organizations.orgId, orgId))
        .run();
      for (const [method, to] of Object.entries(moves)) {
        moved[method] = tx
          .update(users)
          .set({ loginMethod: to, updatedAt: at })
          .where(
            and(
              eq(users.orgId, orgId),
              eq(users.loginMethod, method),
              inArray(users.status, ['activation_pending', 'active']),
            ),
          )
          .run().changes;
      }
    },
    { behavior: 'immediate' },
  );
  return moved;
}
