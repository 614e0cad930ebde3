// Reading terms versions: the current one is the newest that has taken effect.
import { and, asc, desc, eq, gt, isNotNull, isNull, lte, or } from 'drizzle-orm';
import type { Db } from './open';
import { termsVersions } from './schema';

export type TermsVersion = typeof termsVersions.$inferSelect;

export function currentTerms(db: Db, at: Date = new Date()): TermsVersion {
  const row = db
    .select()
    .from(termsVersions)
    .where(and(isNotNull(termsVersions.effectiveAt), lte(termsVersions.effectiveAt, at.toISOString())))
    // Two versions taking effect at the same moment: the later published one wins.
    .orderBy(desc(termsVersions.effectiveAt), desc(termsVersions.publishedAt))
    .get();
  if (!row) throw new Error('No terms version is in effect: the initial version is seeded when the database is opened');
  return row;
}

export function findTermsVersion(db: Db, version: string): TermsVersion | undefined {
  return db.select().from(termsVersions).where(eq(termsVersions.version, version)).get();
}

/** Idempotent: the API and the terms-update workflow both write the same row; the first one wins. */
export function saveTermsVersion(db: Db, row: Omit<TermsVersion, 'notifiedAllAt' | 'effectiveAt'> & { effectiveAt: string | null }): void {
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
