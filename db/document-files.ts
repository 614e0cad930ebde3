// Stored documents: the bytes content-addressed in DATA_DIR/documents/<sha256>, referred to by `documents`
// rows (two steps may hold the same bytes). A file is put in place or removed only inside a write
// transaction that also writes or checks those rows: the API keeping or discarding an upload and the
// worker's sweep, separate processes, are then serialised by SQLite's write lock, and none removes a file
// that a row is about to refer to.
import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, inArray, isNotNull, isNull, lt } from 'drizzle-orm';
import type { Db } from './open';
import { documents } from './schema';

export type DocumentRow = typeof documents.$inferInsert;
export type StoredDocument = typeof documents.$inferSelect;

/** Every row kept for the process's uploads, taken or not. */
export function documentsOf(db: Db, workflowId: string): StoredDocument[] {
  return db.select().from(documents).where(eq(documents.workflowId, workflowId)).all();
}

/** These documents of the process, as far as rows were kept for them. */
export function documentsByIds(db: Db, workflowId: string, documentIds: string[]): StoredDocument[] {
  return db
    .select()
    .from(documents)
    .where(and(eq(documents.workflowId, workflowId), inArray(documents.documentId, documentIds)))
    .all();
}

/** A document of the process that the process took: an upload it refused, or has not taken yet, is none. */
export function attachedDocument(db: Db, workflowId: string, documentId: string): StoredDocument | undefined {
  return db
    .select()
    .from(documents)
    .where(
      and(eq(documents.documentId, documentId), eq(documents.workflowId, workflowId), isNotNull(documents.attachedAt)),
    )
    .get();
}

/** Where an upload streams to before it is kept: never a content address, so never shared. */
export const uploadTempPrefix = '.upload-';
const contentAddress = /^[0-9a-f]{64}$/;

export function documentsDir(dataDir: string): string {
  return join(dataDir, 'documents');
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

function referenced(tx: Tx, sha256: string): boolean {
  return (
    tx
      .select({ documentId: documents.documentId })
      .from(documents)
      .where(eq(documents.sha256, sha256))
      .limit(1)
      .get() !== undefined
  );
}

/**
 * Records the document's row, not yet attached, and moves its uploaded temp file to its content address, as
 * one step. `markDocumentAttached` follows once the process took it; a crash in between leaves a row the
 * sweep settles (activities/documents.ts).
 */
export function keepDocument(db: Db, dir: string, tempPath: string, row: DocumentRow): void {
  db.transaction(
    (tx) => {
      tx.insert(documents).values(row).run();
      renameSync(tempPath, join(dir, row.sha256));
    },
    { behavior: 'immediate' },
  );
}

export function markDocumentAttached(db: Db, documentId: string): void {
  db.update(documents)
    .set({ attachedAt: new Date().toISOString() })
    .where(and(eq(documents.documentId, documentId), isNull(documents.attachedAt)))
    .run();
}

/** Rows kept before `olderThan` whose process was never seen to take them. */
export function unattachedDocuments(db: Db, olderThan: Date): Array<{ documentId: string; workflowId: string }> {
  return db
    .select({ documentId: documents.documentId, workflowId: documents.workflowId })
    .from(documents)
    .where(and(isNull(documents.attachedAt), lt(documents.createdAt, olderThan.toISOString())))
    .all();
}

/** Forgets a document no process took; its file goes too unless another row refers to the same bytes. */
export function discardDocument(db: Db, dir: string, documentId: string): void {
  db.transaction(
    (tx) => {
      const row = tx
        .select({ sha256: documents.sha256 })
        .from(documents)
        .where(eq(documents.documentId, documentId))
        .get();
      if (!row) return;
      tx.delete(documents).where(eq(documents.documentId, documentId)).run();
      if (!referenced(tx, row.sha256)) rmSync(join(dir, row.sha256), { force: true });
    },
    { behavior: 'immediate' },
  );
}

/**
 * Removes, among the files last changed before `olderThan`, those no row refers to and abandoned upload
 * temp files (a live upload writes at least every UPLOAD_IDLE_TIMEOUT, far less than the age asked for).
 * Returns the names removed.
 */
export function sweepDocumentFiles(db: Db, dir: string, olderThan: Date): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const removed: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const isTemp = name.startsWith(uploadTempPrefix);
    if (!isTemp && !contentAddress.test(name)) continue;
    const modified = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
    if (modified === undefined || modified >= olderThan.getTime()) continue;
    const gone = db.transaction(
      (tx) => {
        if (!isTemp && referenced(tx, name)) return false;
        rmSync(path, { force: true });
        return true;
      },
      { behavior: 'immediate' },
    );
    if (gone) removed.push(name);
  }
  return removed;
}

/** A reviewer's decision on the document, in one immediate transaction with `audit`'s row (written on `db` itself). */
export function recordDocumentReview(
  db: Db,
  review: { documentId: string; status: 'approved' | 'rejected'; reason?: string; at: string },
  audit: () => void,
): void {
  db.transaction(
    (tx) => {
      tx.update(documents)
        .set({ status: review.status, reviewReason: review.reason ?? null, reviewedAt: review.at })
        .where(eq(documents.documentId, review.documentId))
        .run();
      audit();
    },
    { behavior: 'immediate' },
  );
}

/** Documents still pending that the registrant took back in a revision. */
export function markDocumentsWithdrawn(db: Db, documentIds: string[]): void {
  db.update(documents)
    .set({ status: 'withdrawn' })
    .where(and(inArray(documents.documentId, documentIds), eq(documents.status, 'pending')))
    .run();
}
