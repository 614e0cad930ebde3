// Imports a NemID employee-signature export as it streams in: rows are checked one by one and written
// 500 at a time, so a file of 100,000 rows never sits in memory. A row the rules refuse, or a duplicate
// (the organisation already has that nemidUserId, from this file or before), is listed with its line.
import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import { importedUsers } from '../db/schema';
import { CsvReader, type CsvRecord } from '../domain/csv';
import { checkImportRow, readHeader, type ImportingOrganization, type ImportRow } from '../domain/users';
import { HttpError } from './errors';

/** Refused rows listed in the answer; beyond these only their number is given. */
export const rejectedListLimit = 1000;
const writeBatch = 500;

export interface ImportResult {
  imported: number;
  rejected: Array<{ row: number; error: string }>;
  rejectedCount: number;
  /** Refused rows not listed in `rejected`. */
  rejectedNotListed: number;
}

export async function importUsersCsv(db: Db, body: Readable, organization: ImportingOrganization, newId: () => string): Promise<ImportResult> {
  const reader = new CsvReader();
  const decoder = new TextDecoder('utf-8');
  const result: ImportResult = { imported: 0, rejected: [], rejectedCount: 0, rejectedNotListed: 0 };
  let columns: Record<string, number> | undefined;
  let pending: Array<{ line: number; row: ImportRow }> = [];

  const reject = (row: number, error: string) => {
    result.rejectedCount += 1;
    if (result.rejected.length < rejectedListLimit) result.rejected.push({ row, error });
    else result.rejectedNotListed += 1;
  };

  // A deleted user imported again comes back as imported; any other existing nemidUserId is a duplicate.
  const write = () => {
    db.transaction((tx) => {
      for (const { line, row } of pending) {
        const stored = tx
          .insert(importedUsers)
          .values({ userId: newId(), orgId: organization.orgId, ...row, status: 'imported' })
          .onConflictDoUpdate({
            target: [importedUsers.orgId, importedUsers.nemidUserId],
            set: { name: row.name, email: row.email, importedAt: row.importedAt, status: 'imported', loginMethod: null, batchId: null, activationWorkflowId: null, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` },
            setWhere: sql`${importedUsers.status} = 'deleted'`,
          })
          .run();
        if (stored.changes === 0) reject(line, 'duplicate: the organisation already has a user with this nemidUserId');
        else result.imported += 1;
      }
    });
    pending = [];
  };

  const take = (records: CsvRecord[]) => {
    for (const record of records) {
      if (!columns) {
        const header = readHeader(record.fields.map((field, index) => (index === 0 ? field.replace(/^\uFEFF/, '') : field)));
        if ('missing' in header) throw new HttpError(422, 'invalid_csv', `The header row lacks ${header.missing.join(', ')}`, { expected: 'name,email,nemidUserId,importedAt[,orgId]' });
        columns = header.columns;
        continue;
      }
      const verdict = checkImportRow(record.fields, columns, organization);
      if (verdict.ok) pending.push({ line: record.line, row: verdict.row });
      else reject(record.line, verdict.error);
      if (pending.length >= writeBatch) write();
    }
  };

  try {
    for await (const chunk of body) take(reader.push(decoder.decode(chunk as Buffer, { stream: true })));
    take(reader.push(decoder.decode()));
    take(reader.end());
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if (error instanceof RangeError) throw new HttpError(422, 'invalid_csv', error.message);
    throw error;
  }
  if (!columns) throw new HttpError(422, 'invalid_csv', 'The file is empty: expected a header row name,email,nemidUserId,importedAt');
  write();
  // Duplicates are found when their batch is written, after later rows' other errors: back to file order.
  result.rejected.sort((a, b) => a.row - b.row);
  return result;
}
