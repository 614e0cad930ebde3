// Reading terms versions: the current one is the newest that has taken effect.
import { and, asc, desc, eq, gt, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from './open';
import { preparedFor } from './prepared';
import { termsVersions } from './schema';

export type TermsVersion = typeof termsVersions.$inferSelect;

// A click that approves a connection checks the first; a page that shows terms reads the second.
const statements = preparedFor((db) => ({
  current: db
    .select()
    .from(termsVersions)
    .where(and(isNotNull(termsVersions.effectiveAt), lte(termsVersions.effectiveAt, sql.placeholder('at'))))
    // Two versions taking effect at the same moment: the later published one wins.
    .orderBy(desc(termsVersions.effectiveAt), desc(termsVersions.publishedAt))
    .limit(1)
    .prepare(),
  find: db
    .select()
    .from(termsVersions)
    .where(eq(termsVersions.version, sql.placeholder('version')))
    .prepare(),
}));

export function currentTerms(db: Db, at: Date = new Date()): TermsVersion {
  const row = statements(db).current.get({ at: at.toISOString() });
  if (!row) throw new Error('No terms version is in effect: the initial version is seeded when the database is opened');
  return row;
}

export function findTermsVersion(db: Db, version: string): TermsVersion | undefined {
  return statements(db).find.get({ version });
}

/** Idempotent: the API and the terms-update workflow both write the same row; the first one wins. */
export function saveTermsVersion(
  db: Db,
  row: Omit<TermsVersion, 'notifiedAllAt' | 'effectiveAt'> & { effectiveAt: string | null },
): void {
  db.insert(termsVersions).values(row).onConflictDoNothing().run();
}

/** Published versions not yet in effect (their date unknown while the notice goes out), oldest first. */
export function pendingTerms(db: Db, at: Date = new Date()): TermsVersion[] {
  return db
    .select()
    .from(termsVersions)
    .where(or(isNull(termsVersions.effectiveAt), gt(termsVersions.effectiveAt, at.toISOString())))
    .orderBy(asc(termsVersions.publishedAt), asc(termsVersions.version))
    .all();
}
