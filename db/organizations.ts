// Organisations and their administrators: the rows the connection writes once an organisation is connected,
// read by the organisation's calls, its console case and the administrators' access check.
import { and, asc, count, eq, inArray, ne } from 'drizzle-orm';
import { appendAuditInTransaction, type AuditEvent } from './audit';
import type { Db } from './open';
import { administrators, users, organizations, termsAcceptances } from './schema';
import type { CompletedAdministratorSetup } from '../domain/setup';

export type Organization = typeof organizations.$inferSelect;
export type Administrator = typeof administrators.$inferSelect;

export async function findOrganizationRow(db: Db, orgId: string): Promise<Organization | undefined> {
  return db.select().from(organizations).where(eq(organizations.orgId, orgId)).get();
}

/** The administrators who have not set up yet, in the order they were appointed. */
export async function administratorsNotSetUp(db: Db, orgId: string): Promise<Array<{ name: string; email: string }>> {
  return db
    .select({ name: administrators.name, email: administrators.email })
    .from(administrators)
    .where(and(eq(administrators.orgId, orgId), ne(administrators.status, 'active')))
    .orderBy(asc(administrators.createdAt))
    .all();
}

/** The organisations the person with this login subject actively administers, by name. */
export async function organizationsAdministeredBy(db: Db, subject: string): Promise<Organization[]> {
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
export async function isActiveAdministrator(db: Db, orgId: string, subject: string): Promise<boolean> {
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
export async function reopenExpiredSetup(db: Db, orgId: string, emails: string[]): Promise<void> {
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
export async function administratorsOf(db: Db, orgId: string): Promise<Administrator[]> {
  return db
    .select()
    .from(administrators)
    .where(eq(administrators.orgId, orgId))
    .orderBy(asc(administrators.createdAt))
    .all();
}

/** The terms versions the organisation accepted, oldest first. */
export async function termsAcceptedBy(db: Db, orgId: string): Promise<Array<typeof termsAcceptances.$inferSelect>> {
  return db
    .select()
    .from(termsAcceptances)
    .where(eq(termsAcceptances.orgId, orgId))
    .orderBy(asc(termsAcceptances.acceptedAt))
    .all();
}

/** Who logs in with which methods: each answers how many use each of the methods asked about (only the methods some do). */
export interface LoginMethodUse {
  /** Pending and active users. */
  users: (methods: string[]) => Array<{ method: string | null; n: number }>;
  /** Active administrators. */
  administrators: (
    methods: Array<NonNullable<Administrator['loginMethod']>>,
  ) => Array<{ method: Administrator['loginMethod']; n: number }>;
}

export interface LoginPolicyPlan {
  policy: { allowPrivateMitId: boolean; separateMeans: string[] };
  /** Where the pending and active users of each withdrawn method go. */
  moves: Record<string, string>;
}

/**
 * The organisation's new login policy as `plan` makes it of the organisation's row and of who logs in with
 * what (it throws to refuse), and its pending and active users moved from each withdrawn method to the one
 * the plan names, in one immediate transaction: a concurrent change of the policy, or an activation with a
 * method being withdrawn, comes before or after it, never between its check and its write. Returns the row
 * as it was, the plan, and how many users each move took.
 */
export async function saveLoginPolicy<Plan extends LoginPolicyPlan>(
  db: Db,
  orgId: string,
  makePlan: (org: Organization, inUse: LoginMethodUse) => Plan,
  at: string,
): Promise<{ before: Organization; plan: Plan; moved: Record<string, number> }> {
  return db.transaction(
    (tx) => {
      const before = tx.select().from(organizations).where(eq(organizations.orgId, orgId)).get()!;
      const plan = makePlan(before, {
        users: (methods) =>
          tx
            .select({ method: users.loginMethod, n: count() })
            .from(users)
            .where(
              and(
                eq(users.orgId, orgId),
                inArray(users.status, ['activation_pending', 'active']),
                inArray(users.loginMethod, methods),
              ),
            )
            .groupBy(users.loginMethod)
            .all(),
        administrators: (methods) =>
          tx
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
            .all(),
      });
      const { policy, moves } = plan;
      tx.update(organizations)
        .set({ allowPrivateMitId: policy.allowPrivateMitId, separateMeans: policy.separateMeans })
        .where(eq(organizations.orgId, orgId))
        .run();
      const moved: Record<string, number> = {};
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
      return { before, plan, moved };
    },
    { behavior: 'immediate' },
  );
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

function activateAdministratorRow(tx: Tx, orgId: string, admin: CompletedAdministratorSetup): void {
  const person = admin.correctedTo;
  const rowOf = (email: string) => and(eq(administrators.orgId, orgId), eq(administrators.email, email));
  if (person && person.email !== admin.email) {
    // The corrected person may already be an administrator themselves: the wrong person's row then goes.
    // A retry finds the row under the corrected e-mail already, and the original one gone.
    const taken = tx.select({ email: administrators.email }).from(administrators).where(rowOf(person.email)).get();
    if (taken) tx.delete(administrators).where(rowOf(admin.email)).run();
    else tx.update(administrators).set({ email: person.email }).where(rowOf(admin.email)).run();
  }
  tx.update(administrators)
    .set({
      status: 'active',
      subject: admin.subject ?? null,
      loginMethod: admin.loginMethod,
      ...(person ? { name: person.name } : {}),
    })
    .where(rowOf(person?.email ?? admin.email))
    .run();
}

/** The organisation active under its login policy and its first administrator active, in one immediate transaction with `audit`'s row. */
export async function activateOrganization(
  db: Db,
  activation: {
    orgId: string;
    loginPolicy: { allowPrivateMitId: boolean; separateMeans: string[] };
    administrator: CompletedAdministratorSetup;
    at: string;
  },
  audit: AuditEvent,
): Promise<void> {
  db.transaction(
    (tx) => {
      tx.update(organizations)
        .set({
          status: 'active',
          allowPrivateMitId: activation.loginPolicy.allowPrivateMitId,
          separateMeans: activation.loginPolicy.separateMeans,
          activatedAt: activation.at,
        })
        .where(eq(organizations.orgId, activation.orgId))
        .run();
      activateAdministratorRow(tx, activation.orgId, activation.administrator);
      appendAuditInTransaction(db, audit);
    },
    { behavior: 'immediate' },
  );
}

/** One more administrator active, in one immediate transaction with `audit`'s row. */
export async function activateAdministrator(
  db: Db,
  orgId: string,
  administrator: CompletedAdministratorSetup,
  audit: AuditEvent,
): Promise<void> {
  db.transaction(
    (tx) => {
      activateAdministratorRow(tx, orgId, administrator);
      appendAuditInTransaction(db, audit);
    },
    { behavior: 'immediate' },
  );
}

/**
 * Administrators whose setup link lapsed are `expired`, and an organisation nobody has set up is
 * `setup_expired`, in one immediate transaction with `audit`'s row.
 */
export async function expireSetup(db: Db, orgId: string, emails: string[], audit: AuditEvent): Promise<void> {
  db.transaction(
    (tx) => {
      tx.update(administrators)
        .set({ status: 'expired' })
        .where(
          and(
            eq(administrators.orgId, orgId),
            inArray(administrators.email, emails),
            eq(administrators.status, 'appointed'),
          ),
        )
        .run();
      tx.update(organizations)
        .set({ status: 'setup_expired' })
        .where(and(eq(organizations.orgId, orgId), eq(organizations.status, 'connected')))
        .run();
      appendAuditInTransaction(db, audit);
    },
    { behavior: 'immediate' },
  );
}

/**
 * The connected organisation, its administrators as appointed and its acceptance of the terms, in one
 * immediate transaction with the audit row `audit` makes of the moment it was connected, once: returns
 * when the organisation was connected, the first time.
 */
export async function recordConnectedOrganization(
  db: Db,
  connection: {
    organization: Pick<Organization, 'orgId' | 'name' | 'kind' | 'country' | 'language'> & { cvr?: string };
    administrators: Array<{ name: string; email: string }>;
    termsVersion: string;
    acceptedBy: string;
  },
  audit: (connectedAt: string) => AuditEvent,
): Promise<string> {
  return db.transaction(
    (tx) => {
      const existing = tx
        .select()
        .from(organizations)
        .where(eq(organizations.orgId, connection.organization.orgId))
        .get();
      if (existing) return existing.connectedAt;
      const connectedAt = new Date().toISOString();
      const { orgId, name, kind, country, cvr, language } = connection.organization;
      tx.insert(organizations)
        .values({ orgId, name, kind, country, cvr: cvr ?? null, language, status: 'connected', connectedAt })
        .run();
      for (const admin of connection.administrators) {
        tx.insert(administrators).values({ orgId, email: admin.email, name: admin.name }).onConflictDoNothing().run();
      }
      tx.insert(termsAcceptances)
        .values({ orgId, version: connection.termsVersion, acceptedAt: connectedAt, acceptedBy: connection.acceptedBy })
        .onConflictDoNothing()
        .run();
      appendAuditInTransaction(db, audit(connectedAt));
      return connectedAt;
    },
    { behavior: 'immediate' },
  );
}
