// A DATA_DIR as an earlier version of the app left it: for tests of what a migration or the start does to
// the rows and files it finds.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { documentFolder } from '../../db/documents';
import { databaseFile } from '../../db/open';

/** The SQLite file `file`, migrated up to the migration whose name ends with `tagSuffix`, without it; open. */
export function databaseBefore(file: string, tagSuffix: string): Database.Database {
  const folder = mkdtempSync(join(tmpdir(), 'migrations-'));
  cpSync(join(__dirname, '..', '..', 'db', 'migrations'), folder, { recursive: true });
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ tag: string }>;
  };
  const until = journal.entries.findIndex((entry) => entry.tag.endsWith(tagSuffix));
  if (until < 0) throw new Error(`no migration named *${tagSuffix}`);
  journal.entries = journal.entries.slice(0, until);
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(journal));
  const sqlite = new Database(file);
  migrate(drizzle(sqlite), { migrationsFolder: folder });
  return sqlite;
}

export interface FormerDocument {
  documentId: string;
  workflowId: string;
  bytes: Buffer;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * A DATA_DIR as the version before `document_contents` left it: a `documents` row per document, attached,
 * its bytes in DATA_DIR/documents/<sha256>, and files of `orphans` that no row refers to.
 */
export function formerDocumentDataDir(documents: FormerDocument[], orphans: Buffer[] = []): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'former-'));
  mkdirSync(documentFolder(dataDir));
  const sqlite = databaseBefore(databaseFile(dataDir), '_document_contents');
  const insert = sqlite.prepare(
    "INSERT INTO documents (document_id, workflow_id, step, document_type, sha256, size_bytes, media_type, original_name, attached_at) VALUES (?, ?, 'prepare-connection', 'payslip', ?, ?, 'application/pdf', 'lønseddel.pdf', strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
  );
  for (const { documentId, workflowId, bytes } of documents)
    insert.run(documentId, workflowId, sha256(bytes), bytes.length);
  sqlite.close();
  for (const bytes of [...documents.map((document) => document.bytes), ...orphans])
    writeFileSync(join(documentFolder(dataDir), sha256(bytes)), bytes);
  return dataDir;
}
