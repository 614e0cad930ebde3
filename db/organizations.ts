// Organisations and their administrators: the rows the connection writes once an organisation is connected,
// read by the organisation's calls, its console case and the administrators' access check.
import { and, asc, count, eq, inArray, ne, sql } from 'drizzle-orm';
import { appendAudit, type AuditEvent } from './audit';
import type { Db } from './open';
import { preparedFor } from './prepared';
import { transaction } from './transaction';
import type { administrators, organizations } from './schema';
import { tables } from './tables';
import type { CompletedAdministratorSetup, OrganizationLoginPolicy } from '../domain/setup';
import type { SeparateMeans } from '../domain/step-inputs';

export type Organization = typeof organizations.$inferSelect;
export type Administrator = typeof administrators.$inferSelect;

const statements = preparedFor('organizations', (db) => {
  const { organizations } = tables(db);
  return {
    loginPolicy: db
      .select({ allowPrivateMitId: organizations.allowPrivateMitId, separateMeans: organizations.separateMeans })
      .from(organizations)
      .where(eq(organizations.orgId, sql.placeholder('orgId'))),
  };
});

/** The organisation's login policy, undefined until an administrator's setup chose it (a setup click reads it). */
export async function loginPolicyOf(db: Db, orgId: string): Promise<OrganizationLoginPolicy | undefined> {
  const row = (await statements(db).loginPolicy.execute({ orgId }))[0];
  if (!row || row.allowPrivateMitId === null) return undefined;
  return { allowPrivateMitId: row.allowPrivateMitId, separateMeans: (row.separateMeans ?? []) as SeparateMeans[] };
}

export async function findOrganizationRow(db: Db, orgId: string): Promise<Organization | undefined> {
  const { organizations } = tables(db);
  return (await db.select().from(organizations).where(eq(organizations.orgId, orgId)).limit(1))[0];
}

/** The administrators who have not set up yet, in the order they were appointed. */
export async function administratorsNotSetUp(db: Db, orgId: string): Promise<Array<{ name: string; email: string }>> {
  const { administrators } = tables(db);
  return db
    .select({ name: administrators.name, email: administrators.email })
    .from(administrators)
    .where(and(eq(administrators.orgId, orgId), ne(administrators.status, 'active')))
    .orderBy(asc(administrators.createdAt));
}

/** The organisations the person with this login subject actively administers, by name. */
export async function organizationsAdministeredBy(db: Db, subject: string): Promise<Organization[]> {
  const { administrators, organizations } = tables(db);
  const orgIds = (
    await db
      .select({ orgId: administrators.orgId })
      .from(administrators)
      .where(and(eq(administrators.subject, subject), eq(administrators.status, 'active')))
  ).map((row) => row.orgId);
  return orgIds.length === 0
    ? []
    : db.select().from(organizations).where(inArray(organizations.orgId, orgIds)).orderBy(asc(organizations.name));
}

/** Whether the person with this login subject is an active administrator of the organisation. */
export async function isActiveAdministrator(db: Db, orgId: string, subject: string): Promise<boolean> {
  const { administrators } = tables(db);
  const rows = await db
    .select({ orgId: administrators.orgId })
    .from(administrators)
    .where(
      and(eq(administrators.orgId, orgId), eq(administrators.subject, subject), eq(administrators.status, 'active')),
    )
    .limit(1);
  return rows.length > 0;
}

/**
 * A lapsed setup started again: the organisation is connected, not expired, and the administrators it
 * goes to (by address) whose links lapsed are appointed again.
 */
export async function reopenExpiredSetup(db: Db, orgId: string, emails: string[]): Promise<void> {
  const { administrators, organizations } = tables(db);
  await transaction(db, async (tx) => {
    await tx
      .update(organizations)
      .set({ status: 'connected' })
      .where(and(eq(organizations.orgId, orgId), eq(organizations.status, 'setup_expired')));
    await tx
      .update(administrators)
      .set({ status: 'appointed' })
      .where(
        and(
          eq(administrators.orgId, orgId),
          inArray(administrators.email, emails),
          eq(administrators.status, 'expired'),
        ),
      );
  });
}

/** The organisation's administrators, in the order they were appointed. */
export async function administratorsOf(db: Db, orgId: string): Promise<Administrator[]> {
  const { administrators } = tables(db);
  return db.select().from(administrators).where(eq(administrators.orgId, orgId)).orderBy(asc(administrators.createdAt));
}

/** The terms versions the organisation accepted, oldest first. */
export async function termsAcceptedBy(db: Db, orgId: string): Promise<Array<typeof termsAcceptances.$inferSelect>> {
  const { termsAcceptances } = tables(db);
  return db
    .select()
    .from(termsAcceptances)
    .where(eq(termsAcceptances.orgId, orgId))
    .orderBy(asc(termsAcceptances.acceptedAt));
}

/** Who logs in with which methods: each answers how many use each of the methods asked about (only the methods some do). */
export interface LoginMethodUse {
  /** Pending and active users. */
  users: (methods: string[]) => Promise<Array<{ method: string | null; n: number }>>;
  /** Active administrators. */
  administrators: (
    methods: Array<NonNullable<Administrator['loginMethod']>>,
  ) => Promise<Array<{ method: Administrator['loginMethod']; n: number }>>;
}

export interface LoginPolicyPlan {
  policy: { allowPrivateMitId: boolean; separateMeans: string[] };
  /** Where the pending and active users of each withdrawn method go. */
  moves: Record<string, string>;
}

/**
 * The organisation's new login policy as `plan` makes it of the organisation's row and of who logs in with
 * what (it throws to refuse), and its pending and active users moved from each withdrawn method to the one
 * the plan names, in one transaction: a concurrent change of the policy, or an activation with a
 * method being withdrawn, comes before or after it, never between its check and its write. Returns the row
 * as it was, the plan, and how many users each move took.
 */
export async function saveLoginPolicy<Plan extends LoginPolicyPlan>(
  db: Db,
  orgId: string,
  makePlan: (org: Organization, inUse: LoginMethodUse) => Promise<Plan>,
  at: string,
): Promise<{ before: Organization; plan: Plan; moved: Record<string, number> }> {
  const { administrators, users, organizations } = tables(db);
  return transaction(db, async (tx) => {
    const [before] = await tx.select().from(organizations).where(eq(organizations.orgId, orgId)).limit(1);
    const plan = await makePlan(before, {
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
          .groupBy(users.loginMethod),
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
          .groupBy(administrators.loginMethod),
    });
    const { policy, moves } = plan;
    await tx
      .update(organizations)
      .set({ allowPrivateMitId: policy.allowPrivateMitId, separateMeans: policy.separateMeans })
      .where(eq(organizations.orgId, orgId));
    const moved: Record<string, number> = {};
    for (const [method, to] of Object.entries(moves)) {
      const rows = await tx
        .update(users)
        .set({ loginMethod: to, updatedAt: at })
        .where(
          and(
            eq(users.orgId, orgId),
            eq(users.loginMethod, method),
            inArray(users.status, ['activation_pending', 'active']),
          ),
        )
        .returning({ userId: users.userId });
      moved[method] = rows.length;
    }
    return { before, plan, moved };
  });
}

async function activateAdministratorRow(tx: Db, orgId: string, admin: CompletedAdministratorSetup): Promise<void> {
  const { administrators } = tables(tx);
  const person = admin.correctedTo;
  const rowOf = (email: string) => and(eq(administrators.orgId, orgId), eq(administrators.email, email));
  if (person && person.email !== admin.email) {
    // The corrected person may already be an administrator themselves: the wrong person's row then goes.
    // A retry finds the row under the corrected e-mail already, and the original one gone.
    const taken = await tx
      .select({ email: administrators.email })
      .from(administrators)
      .where(rowOf(person.email))
      .limit(1);
    if (taken.length > 0) await tx.delete(administrators).where(rowOf(admin.email));
    else await tx.update(administrators).set({ email: person.email }).where(rowOf(admin.email));
  }
  await tx
    .update(administrators)
    .set({
      status: 'active',
      subject: admin.subject ?? null,
      loginMethod: admin.loginMethod,
      ...(person ? { name: person.name } : {}),
    })
    .where(rowOf(person?.email ?? admin.email));
}

/** The organisation active under its login policy and its first administrator active, in one transaction with `audit`'s row. */
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
  const { organizations } = tables(db);
  await transaction(db, async (tx) => {
    await tx
      .update(organizations)
      .set({
        status: 'active',
        allowPrivateMitId: activation.loginPolicy.allowPrivateMitId,
        separateMeans: activation.loginPolicy.separateMeans,
        activatedAt: activation.at,
      })
      .where(eq(organizations.orgId, activation.orgId));
    await activateAdministratorRow(tx, activation.orgId, activation.administrator);
    await appendAudit(tx, audit);
  });
}

/** One more administrator active, in one transaction with `audit`'s row. */
export async function activateAdministrator(
  db: Db,
  orgId: string,
  administrator: CompletedAdministratorSetup,
  audit: AuditEvent,
): Promise<void> {
  await transaction(db, async (tx) => {
    await activateAdministratorRow(tx, orgId, administrator);
    await appendAudit(tx, audit);
  });
}

/**
 * Administrators whose setup link lapsed are `expired`, and an organisation nobody has set up is
 * `setup_expired`, in one transaction with `audit`'s row.
 */
export async function expireSetup(db: Db, orgId: string, emails: string[], audit: AuditEvent): Promise<void> {
  const { administrators, organizations } = tables(db);
  await transaction(db, async (tx) => {
    await tx
      .update(administrators)
      .set({ status: 'expired' })
      .where(
        and(
          eq(administrators.orgId, orgId),
          inArray(administrators.email, emails),
          eq(administrators.status, 'appointed'),
        ),
      );
    await tx
      .update(organizations)
      .set({ status: 'setup_expired' })
      .where(and(eq(organizations.orgId, orgId), eq(organizations.status, 'connected')));
    await appendAudit(tx, audit);
  });
}

/**
 * The connected organisation, its administrators as appointed and its acceptance of the terms, in one
 * transaction with the audit row `audit` makes of the moment it was connected, once: returns
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
  const { administrators, organizations, termsAcceptances } = tables(db);
  return transaction(db, async (tx) => {
    const [existing] = await tx
      .select()
      .from(organizations)
      .where(eq(organizations.orgId, connection.organization.orgId))
      .limit(1);
    if (existing) return existing.connectedAt;
    const connectedAt = new Date().toISOString();
    const { orgId, name, kind, country, cvr, language } = connection.organization;
    await tx
      .insert(organizations)
      .values({ orgId, name, kind, country, cvr: cvr ?? null, language, status: 'connected', connectedAt });
    for (const admin of connection.administrators) {
      await tx.insert(administrators).values({ orgId, email: admin.email, name: admin.name }).onConflictDoNothing();
    }
    await tx
      .insert(termsAcceptances)
      .values({ orgId, version: connection.termsVersion, acceptedAt: connectedAt, acceptedBy: connection.acceptedBy })
      .onConflictDoNothing();
    await appendAudit(tx, audit(connectedAt));
    return connectedAt;
  });
}
