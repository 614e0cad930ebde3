// Reading terms versions: the current one is the newest that has taken effect.
import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  max,
  ne,
  notExists,
  or,
  sql,
} from 'drizzle-orm';
import { appendAudit, type AuditEvent } from './audit';
import type { Db } from './open';
import { preparedFor } from './prepared';
import { transaction } from './transaction';
import type { termsNotifications, termsVersions } from './schema';
import { tables } from './tables';

export type TermsVersion = typeof termsVersions.$inferSelect;

// A click that approves a connection checks the first; a page that shows terms reads the second.
const statements = preparedFor('terms', (db) => {
  const { termsVersions } = tables(db);
  return {
    current: db
      .select()
      .from(termsVersions)
      .where(and(isNotNull(termsVersions.effectiveAt), lte(termsVersions.effectiveAt, sql.placeholder('at'))))
      // Two versions taking effect at the same moment: the later published one wins.
      .orderBy(desc(termsVersions.effectiveAt), desc(termsVersions.publishedAt))
      .limit(1),
    find: db
      .select()
      .from(termsVersions)
      .where(eq(termsVersions.version, sql.placeholder('version'))),
  };
});

export async function currentTerms(db: Db, at: Date = new Date()): Promise<TermsVersion> {
  const [row] = await statements(db).current.execute({ at: at.toISOString() });
  if (!row) throw new Error('No terms version is in effect: the initial version is seeded when the database is opened');
  return row;
}

export async function findTermsVersion(db: Db, version: string): Promise<TermsVersion | undefined> {
  return (await statements(db).find.execute({ version }))[0];
}

/** Idempotent: the API and the terms-update workflow both write the same row; the first one wins. */
export async function saveTermsVersion(
  db: Db,
  row: Omit<TermsVersion, 'notifiedAllAt' | 'effectiveAt'> & { effectiveAt: string | null },
): Promise<void> {
  const { termsVersions } = tables(db);
  await db.insert(termsVersions).values(row).onConflictDoNothing();
}

/** Published versions not yet in effect (their date unknown while the notice goes out), oldest first. */
export async function pendingTerms(db: Db, at: Date = new Date()): Promise<TermsVersion[]> {
  const { termsVersions } = tables(db);
  return db
    .select()
    .from(termsVersions)
    .where(or(isNull(termsVersions.effectiveAt), gt(termsVersions.effectiveAt, at.toISOString())))
    .orderBy(asc(termsVersions.publishedAt), asc(termsVersions.version));
}

/** The effective dates of the versions published before `publishedAt`: a new date keeps its distance from them. */
export async function earlierEffectiveDates(db: Db, publishedAt: string): Promise<string[]> {
  return effectiveDatesBefore(db, publishedAt);
}

async function effectiveDatesBefore(db: Db, publishedAt: string): Promise<string[]> {
  const { termsVersions } = tables(db);
  const versions = await db
    .select({ effectiveAt: termsVersions.effectiveAt })
    .from(termsVersions)
    .where(and(lt(termsVersions.publishedAt, publishedAt), isNotNull(termsVersions.effectiveAt)));
  return versions.map((version) => version.effectiveAt!);
}

/** Updates published before `publishedAt` (other than `version`) whose notice is still going out, oldest first. */
export async function earlierUpdatesNotifying(db: Db, version: string, publishedAt: string): Promise<string[]> {
  const { termsVersions } = tables(db);
  const rows = await db
    .select({ version: termsVersions.version })
    .from(termsVersions)
    .where(
      and(
        eq(termsVersions.kind, 'update'),
        isNull(termsVersions.notifiedAllAt),
        lt(termsVersions.publishedAt, publishedAt),
        ne(termsVersions.version, version),
      ),
    )
    .orderBy(asc(termsVersions.publishedAt));
  return rows.map((row) => row.version);
}

/**
 * What a notice tells: `update`, the notice itself (with the expected date, or the fixed one once known);
 * `date`, the fixed date to those told before it was fixed; `reminder`, the date shortly before it.
 * An organisation not yet told anything gets the notice itself, naming the fixed date, in every pass.
 */
export type TermsNotice = 'update' | 'date' | 'reminder';

/** The column of `db`'s a notice marks, unset for organisations still to be told. */
function toldColumn(db: Db, notice: TermsNotice) {
  const { termsNotifications } = tables(db);
  return {
    update: termsNotifications.notifiedAt,
    date: termsNotifications.dateNotifiedAt,
    reminder: termsNotifications.remindedAt,
  }[notice];
}

/** Connected organisations now, and how many of them have had `notice` about `version`. */
export async function termsNoticeProgress(db: Db, version: string, notice: TermsNotice): Promise<TermsNoticeProgress> {
  return noticeProgress(db, version, notice);
}

export interface TermsNoticeProgress {
  total: number;
  done: number;
}

async function noticeProgress(db: Db, version: string, notice: TermsNotice): Promise<TermsNoticeProgress> {
  const { organizations, termsNotifications } = tables(db);
  const [{ n: total }] = await db.select({ n: count() }).from(organizations);
  const [{ n: done }] = await db
    .select({ n: count() })
    .from(termsNotifications)
    .where(and(eq(termsNotifications.version, version), isNotNull(toldColumn(db, notice))));
  return { total, done };
}

/**
 * The next organisations in org id order after `after` that have not had `notice` about `version`, with
 * their administrators; `toldAt` is null for those not yet told anything about it.
 */
export async function organizationsToTell(
  db: Db,
  page: { version: string; notice: TermsNotice; after: string; limit: number },
) {
  const { administrators, organizations, termsNotifications } = tables(db);
  const { version } = page;
  const orgs = await db
    .select({
      orgId: organizations.orgId,
      name: organizations.name,
      language: organizations.language,
      country: organizations.country,
      toldAt: termsNotifications.notifiedAt,
    })
    .from(organizations)
    .leftJoin(
      termsNotifications,
      and(eq(termsNotifications.version, version), eq(termsNotifications.orgId, organizations.orgId)),
    )
    .where(and(gt(organizations.orgId, page.after), isNull(toldColumn(db, page.notice))))
    .orderBy(asc(organizations.orgId))
    .limit(page.limit);
  const admins =
    orgs.length === 0
      ? []
      : await db
          .select()
          .from(administrators)
          .where(
            inArray(
              administrators.orgId,
              orgs.map((org) => org.orgId),
            ),
          );
  return { orgs, admins };
}

/** Idempotent: records an organisation's first notice about a version once. */
export async function recordFirstTermsNotice(db: Db, row: typeof termsNotifications.$inferInsert): Promise<void> {
  const { termsNotifications } = tables(db);
  await db.insert(termsNotifications).values(row).onConflictDoNothing();
}

/** Records that an organisation told before has had the `date` notice, or else the `reminder`. */
export async function recordLaterTermsNotice(
  db: Db,
  told: { version: string; orgId: string; notice: TermsNotice; at: string },
): Promise<void> {
  const { termsNotifications } = tables(db);
  await db
    .update(termsNotifications)
    .set(told.notice === 'date' ? { dateNotifiedAt: told.at } : { remindedAt: told.at })
    .where(and(eq(termsNotifications.version, told.version), eq(termsNotifications.orgId, told.orgId)));
}

export type TermsNotificationOutcome =
  { complete: true; notifiedAllAt: string; effectiveAt: string } | { complete: false; remaining: number };

/**
 * Once no connected organisation is left untold (checked and written in one immediate transaction, so one
 * that connects meanwhile is either counted here or sought out later), records when the last notice went
 * out (`now()` if none had to) and the effective date `effectiveAtFor` names (given the effective dates of
 * the versions published before), with the audit row `completed` makes of them in the same transaction.
 */
export async function completeTermsNotice(
  db: Db,
  version: string,
  decide: {
    now: () => string;
    effectiveAtFor: (notifiedAllAt: string, earlierEffectiveDates: string[]) => string;
    completed: (notifiedAllAt: string, effectiveAt: string, progress: TermsNoticeProgress) => AuditEvent;
  },
): Promise<TermsNotificationOutcome> {
  const { organizations, termsNotifications, termsVersions } = tables(db);
  return transaction(db, async (tx): Promise<TermsNotificationOutcome> => {
    const [row] = await tx.select().from(termsVersions).where(eq(termsVersions.version, version)).limit(1);
    if (row.notifiedAllAt && row.effectiveAt)
      return { complete: true, notifiedAllAt: row.notifiedAllAt, effectiveAt: row.effectiveAt };
    const notYetTold = notExists(
      tx
        .select({ one: sql`1` })
        .from(termsNotifications)
        .where(and(eq(termsNotifications.version, version), eq(termsNotifications.orgId, organizations.orgId))),
    );
    const [{ n: remaining }] = await tx.select({ n: count() }).from(organizations).where(notYetTold);
    if (remaining > 0) return { complete: false, remaining };
    const [last] = await tx
      .select({ at: max(termsNotifications.notifiedAt) })
      .from(termsNotifications)
      .where(eq(termsNotifications.version, version));
    const notifiedAllAt = last?.at ?? decide.now();
    const effectiveAt = decide.effectiveAtFor(notifiedAllAt, await effectiveDatesBefore(tx, row.publishedAt));
    await tx.update(termsVersions).set({ notifiedAllAt, effectiveAt }).where(eq(termsVersions.version, version));
    await appendAudit(tx, decide.completed(notifiedAllAt, effectiveAt, await noticeProgress(tx, version, 'update')));
    return { complete: true, notifiedAllAt, effectiveAt };
  });
}
