// Stored documents: a `documents` row with the document's facts, and a `document_contents` row with its
// bytes, written in one transaction and removed together (the contents' foreign key cascades), so every
// node reads them from the database and no bytes outlive their row.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, inArray, isNotNull, isNull, lt } from 'drizzle-orm';
import { appendAudit, type AuditEvent } from './audit';
import type { Db } from './open';
import { transaction } from './transaction';
import type { documents } from './schema';
import { tables } from './tables';

export type DocumentRow = typeof documents.$inferInsert;
export type StoredDocument = typeof documents.$inferSelect;

/** Every row kept for the process's uploads, taken or not. */
export async function documentsOf(db: Db, workflowId: string): Promise<StoredDocument[]> {
  const { documents } = tables(db);
  return db.select().from(documents).where(eq(documents.workflowId, workflowId));
}

/** These documents of the process, as far as rows were kept for them. */
export async function documentsByIds(db: Db, workflowId: string, documentIds: string[]): Promise<StoredDocument[]> {
  const { documents } = tables(db);
  return db
    .select()
    .from(documents)
    .where(and(eq(documents.workflowId, workflowId), inArray(documents.documentId, documentIds)));
}

/** A document of the process that the process took: an upload it refused, or has not taken yet, is none. */
export async function attachedDocument(
  db: Db,
  workflowId: string,
  documentId: string,
): Promise<StoredDocument | undefined> {
  const { documents } = tables(db);
  const [row] = await db
    .select()
    .from(documents)
    .where(
      and(eq(documents.documentId, documentId), eq(documents.workflowId, workflowId), isNotNull(documents.attachedAt)),
    )
    .limit(1);
  return row;
}

/** The document's bytes; undefined for a row kept before the bytes moved into the database whose file was lost. */
export async function documentBytes(db: Db, documentId: string): Promise<Buffer | undefined> {
  const { documentContents } = tables(db);
  const [row] = await db
    .select({ bytes: documentContents.bytes })
    .from(documentContents)
    .where(eq(documentContents.documentId, documentId))
    .limit(1);
  return row?.bytes;
}

/**
 * Records the document, not yet attached, with its bytes, as one step. `markDocumentAttached` follows once
 * the process took it; a crash in between leaves a row the sweep settles (activities/documents.ts).
 */
export async function keepDocument(db: Db, row: DocumentRow, bytes: Buffer): Promise<void> {
  const { documentContents, documents } = tables(db);
  await transaction(db, async (tx) => {
    await tx.insert(documents).values(row);
    await tx.insert(documentContents).values({ documentId: row.documentId, bytes });
  });
}

export async function markDocumentAttached(db: Db, documentId: string): Promise<void> {
  const { documents } = tables(db);
  await db
    .update(documents)
    .set({ attachedAt: new Date().toISOString() })
    .where(and(eq(documents.documentId, documentId), isNull(documents.attachedAt)));
}

/** Rows kept before `olderThan` whose process was never seen to take them. */
export async function unattachedDocuments(
  db: Db,
  olderThan: Date,
): Promise<Array<{ documentId: string; workflowId: string }>> {
  const { documents } = tables(db);
  return db
    .select({ documentId: documents.documentId, workflowId: documents.workflowId })
    .from(documents)
    .where(and(isNull(documents.attachedAt), lt(documents.createdAt, olderThan.toISOString())));
}

/** Forgets a document no process took, its bytes with it. */
export async function discardDocument(db: Db, documentId: string): Promise<void> {
  const { documents } = tables(db);
  await db.delete(documents).where(eq(documents.documentId, documentId));
}

/** Where documents were kept before their bytes moved into the database: DATA_DIR/documents/<sha256>. */
export function documentFolder(dataDir: string): string {
  return join(dataDir, 'documents');
}

const contentAddress = /^[0-9a-f]{64}$/;

/** Copies the file's bytes to the rows referring to it that lack them; how many, or undefined when no row refers to it. */
async function copyDocumentFile(db: Db, path: string, sha256: string): Promise<number | undefined> {
  const { documentContents, documents } = tables(db);
  return transaction(db, async (tx) => {
    const referring = await tx
      .select({ documentId: documents.documentId, copied: documentContents.documentId })
      .from(documents)
      .leftJoin(documentContents, eq(documentContents.documentId, documents.documentId))
      .where(eq(documents.sha256, sha256));
    if (referring.length === 0) return undefined;
    const missing = referring.filter((row) => row.copied === null);
    if (missing.length === 0) return 0;
    const bytes = readFileSync(path);
    await tx
      .insert(documentContents)
      .values(missing.map(({ documentId }) => ({ documentId, bytes })))
      .onConflictDoNothing();
    return missing.length;
  });
}

/**
 * Copies the files of the former document folder into `document_contents`, for the rows that refer to
 * them, and then removes each file copied (a copy on disk would outlive the document's deletion); the
 * folder goes once empty. A file no row refers to stays where it is: its row may live in another database.
 * Idempotent, and two processes starting at once copy each file once: the check and the copy are one
 * write transaction, and a file is removed only after its copy committed. Returns what it copied and left.
 */
export async function importDocumentFolder(db: Db, dataDir: string): Promise<{ imported: number; left: number }> {
  const dir = documentFolder(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { imported: 0, left: 0 };
    throw error;
  }
  let imported = 0;
  let left = 0;
  for (const name of names) {
    const path = join(dir, name);
    const copied = contentAddress.test(name) ? await copyDocumentFile(db, path, name) : undefined;
    if (copied === undefined) {
      left++;
      continue;
    }
    imported += copied;
    rmSync(path, { force: true });
  }
  // A second process starting at once may have emptied and removed it first.
  if (left === 0) rmSync(dir, { recursive: true, force: true });
  return { imported, left };
}

/** A reviewer's decision on the document, in one transaction with `audit`'s row. */
export async function recordDocumentReview(
  db: Db,
  review: { documentId: string; status: 'approved' | 'rejected'; reason?: string; at: string },
  audit: AuditEvent,
): Promise<void> {
  const { documents } = tables(db);
  await transaction(db, async (tx) => {
    await tx
      .update(documents)
      .set({ status: review.status, reviewReason: review.reason ?? null, reviewedAt: review.at })
      .where(eq(documents.documentId, review.documentId));
    await appendAudit(tx, audit);
  });
}

/** Documents still pending that the registrant took back in a revision. */
export async function markDocumentsWithdrawn(db: Db, documentIds: string[]): Promise<void> {
  const { documents } = tables(db);
  await db
    .update(documents)
    .set({ status: 'withdrawn' })
    .where(and(inArray(documents.documentId, documentIds), eq(documents.status, 'pending')));
}
