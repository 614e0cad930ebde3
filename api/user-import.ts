// Imports a NemID employee-signature export as it streams in: rows are checked one by one and staged 500
// at a time (`user_import_rows`), then moved into `users` in one transaction once the whole file has
// been read. Memory stays bounded whatever the file (the body, each record and each field have limits),
// and an import that stops half-way (broken file, limit, client gone) leaves nothing behind. A row the
// rules refuse, or a duplicate (the organisation already has that nemidUserId, from this file or
// before), is listed with its line.
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import type { Db } from '../db/open';
import {
  closeImport,
  moveStagedIntoUsers,
  openImport,
  stageImportRows,
  type StagedImportRow,
} from '../db/user-imports';
import { CsvError, CsvReader, type CsvRecord } from '../domain/csv';
import { checkImportRow, readHeader, type ImportingOrganization } from '../domain/users';
import { HttpError } from './errors';

/** Refused rows listed in the answer; beyond these only their number is given. */
export const rejectedListLimit = 1000;
/** The largest export accepted: 100,000 rows of a NemID export take about 12 MiB. */
export const maxImportBytes = 32 * 1024 * 1024;
/** Rows per import: twice the largest organisation's export; bounds the work one request can cause. */
export const maxImportRows = 200_000;
/** A staged import older than this was cut off by a crash: the next import sweeps it. */
const abandonedAfterMs = 24 * 60 * 60 * 1000;
const stageBatch = 500;
const newline = 0x0a;

export interface ImportResult {
  imported: number;
  rejected: Array<{ row: number; error: string }>;
  rejectedCount: number;
  /** Refused rows not listed in `rejected`. */
  rejectedNotListed: number;
}

export interface ImportBody {
  stream: Readable;
  /** The Content-Type header: its `charset` says how the bytes are decoded (UTF-8 when absent). */
  contentType: string | undefined;
  contentLength: number | undefined;
}

/** UTF-8 (strict: a malformed byte is refused, never replaced), or windows-1252 for its labels (ISO-8859-1, Latin-1). */
export function decoderFor(contentType: string | undefined): TextDecoder {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  const label = match ? (match[1] ?? match[2] ?? '') : 'utf-8';
  let decoder: TextDecoder | undefined;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    decoder = undefined;
  }
  if (!decoder || !['utf-8', 'windows-1252'].includes(decoder.encoding)) {
    throw new HttpError(
      415,
      'unsupported_charset',
      `The charset "${label}" is not supported: send the export as UTF-8, windows-1252 or ISO-8859-1`,
    );
  }
  return decoder;
}

/** Where the bytes stop being whole UTF-8 sequences: a sequence cut at the end waits for the next chunk. */
function completeUpTo(bytes: Buffer): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 3); i--) {
    const byte = bytes[i]!;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return i + length > bytes.length ? i : bytes.length;
  }
  return bytes.length;
}

/**
 * Decodes a byte stream into text chunk by chunk. UTF-8 is decoded strictly, and a malformed byte is
 * reported with its line: a newline byte never occurs inside a UTF-8 sequence, so decoding the failed
 * chunk line by line finds it.
 */
class LineCountingDecoder {
  private carry = Buffer.alloc(0);

  /** `currentLine`: the line the text decoded so far ends on. */
  constructor(
    private readonly decoder: TextDecoder,
    private readonly currentLine: () => number,
  ) {}

  decode(chunk?: Buffer): string {
    if (this.decoder.encoding !== 'utf-8') return this.decoder.decode(chunk, { stream: chunk !== undefined });
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk ?? Buffer.alloc(0)]) : (chunk ?? this.carry);
    const end = chunk === undefined ? bytes.length : completeUpTo(bytes);
    const whole = bytes.subarray(0, end);
    this.carry = Buffer.from(bytes.subarray(end));
    try {
      return this.decoder.decode(whole);
    } catch {
      const line = this.currentLine() + this.failingLine(whole) - 1;
      throw new HttpError(
        422,
        'invalid_encoding',
        `Line ${line} is not valid UTF-8: save the export as UTF-8, or name its charset (e.g. text/csv; charset=windows-1252)`,
        { line },
      );
    }
  }

  /** The line (1 for the first of `bytes`) that does not decode; the last when only the end is cut. */
  private failingLine(bytes: Buffer): number {
    let line = 1;
    for (let start = 0; start < bytes.length; line += 1) {
      const at = bytes.indexOf(newline, start);
      const end = at === -1 ? bytes.length : at + 1;
      try {
        this.decoder.decode(bytes.subarray(start, end));
      } catch {
        return line;
      }
      start = end;
    }
    return line - 1;
  }
}

export async function importUsersCsv(
  db: Db,
  body: ImportBody,
  organization: ImportingOrganization,
  newId: () => string,
): Promise<ImportResult> {
  const tooLarge = `The export is larger than ${maxImportBytes / (1024 * 1024)} MiB: split it into several files`;
  if (body.contentLength !== undefined && body.contentLength > maxImportBytes)
    throw new HttpError(413, 'too_large', tooLarge);
  const reader = new CsvReader();
  const decoder = new LineCountingDecoder(decoderFor(body.contentType), () => reader.currentLine);
  const importId = newId();
  const rejected: ImportResult['rejected'] = [];
  let rejectedCount = 0;
  let rows = 0;
  let staged = 0;
  let columns: Record<string, number> | undefined;
  let pending: StagedImportRow[] = [];

  const stage = async () => {
    await stageImportRows(db, pending);
    staged += pending.length;
    pending = [];
  };

  const take = async (records: CsvRecord[]) => {
    for (const record of records) {
      if (!columns) {
        const header = readHeader(
          record.fields.map((field, index) => (index === 0 ? field.replace(/^\uFEFF/, '') : field)),
        );
        if ('missing' in header)
          throw new HttpError(422, 'invalid_csv', `The header row lacks ${header.missing.join(', ')}`, {
            expected: 'name,email,nemidUserId,importedAt[,orgId]',
          });
        columns = header.columns;
        continue;
      }
      rows += 1;
      if (rows > maxImportRows)
        throw new HttpError(
          413,
          'too_large',
          `The export has more than ${maxImportRows} rows: split it into several files`,
          { line: record.line },
        );
      const verdict = checkImportRow(record.fields, columns, organization);
      if (verdict.ok) pending.push({ importId, line: record.line, userId: newId(), ...verdict.row });
      else {
        rejectedCount += 1;
        if (rejected.length < rejectedListLimit) rejected.push({ row: record.line, error: verdict.error });
      }
      if (pending.length >= stageBatch) await stage();
    }
  };

  const sweptBefore = new Date(Date.now() - abandonedAfterMs).toISOString();
  await openImport(db, importId, organization.orgId, sweptBefore);
  try {
    // Not destroyed when a limit stops the reading: the answer (413, 422) must still reach the client.
    let bytes = 0;
    for await (const chunk of body.stream.iterator({ destroyOnReturn: false })) {
      bytes += (chunk as Buffer).length;
      if (bytes > maxImportBytes) throw new HttpError(413, 'too_large', tooLarge);
      await take(reader.push(decoder.decode(chunk as Buffer)));
    }
    await take(reader.push(decoder.decode()));
    await take(reader.end());
    if (!columns)
      throw new HttpError(
        422,
        'invalid_csv',
        'The file is empty: expected a header row name,email,nemidUserId,importedAt',
      );
    await stage();
    return await moveIntoUsers(db, importId, organization.orgId, staged, { rejected, rejectedCount });
  } catch (error) {
    if (error instanceof CsvError) {
      throw error.kind === 'too_large'
        ? new HttpError(413, 'too_large', error.message, { line: error.line })
        : new HttpError(422, 'invalid_csv', error.message, { line: error.line });
    }
    if (body.stream.readableAborted && !(error instanceof HttpError))
      throw new HttpError(400, 'client_aborted', 'The upload was cut off before its end: nothing was imported');
    throw error;
  } finally {
    await closeImport(db, importId);
  }
}

/** The staged rows into `users`, and the answer: how many were imported, the refused and duplicate rows by line. */
async function moveIntoUsers(
  db: Db,
  importId: string,
  orgId: string,
  staged: number,
  refused: Pick<ImportResult, 'rejected' | 'rejectedCount'>,
): Promise<ImportResult> {
  const { imported, duplicateLines } = await moveStagedIntoUsers(db, importId, orgId, rejectedListLimit);
  const duplicates = duplicateLines.map((row) => ({
    row,
    error: 'duplicate: the organisation already has a user with this nemidUserId',
  }));
  const rejectedCount = refused.rejectedCount + (staged - imported);
  const rejected = [...refused.rejected, ...duplicates].sort((a, b) => a.row - b.row).slice(0, rejectedListLimit);
  return { imported, rejected, rejectedCount, rejectedNotListed: rejectedCount - rejected.length };
}
