// The dev mailbox on disk (DATA_DIR/mail): `<id>.eml` and `<id>.json` per message, plus `index.jsonl`, one
// line per message in arrival order, so listing thousands of messages reads one file, not thousands.
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface StoredMail {
  id: string;
  messageId: string;
  /** The envelope recipients this copy was delivered to, lower-cased. */
  to: string[];
  subject: string;
  text: string;
  html?: string;
  links: string[];
  receivedAt: string;
}

export type MailIndexEntry = Pick<StoredMail, 'id' | 'messageId' | 'to' | 'receivedAt'>;

export function mailDir(dataDir: string): string {
  return join(dataDir, 'mail');
}

export const mailIndexFile = 'index.jsonl';

export function mailFile(dir: string, id: string, extension: 'json' | 'eml'): string {
  return join(dir, `${id}.${extension}`);
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT';
}

interface IndexCache {
  /** Bytes of the index read so far; what follows was appended since. */
  offset: number;
  /** The bytes after the last complete line: a line still being written. */
  rest: Buffer;
  entries: MailIndexEntry[];
}

const indexCaches = new Map<string, IndexCache>();
const indexReads = new Map<string, Promise<unknown>>();

/** Parses the complete lines of `bytes` into `into` (a newline byte never splits a character); returns the bytes after the last one. */
function parseLines(bytes: Buffer, into: MailIndexEntry[]): Buffer {
  const end = bytes.lastIndexOf(0x0a) + 1;
  for (const line of bytes.subarray(0, end).toString('utf8').split('\n')) {
    if (!line) continue;
    try {
      into.push(JSON.parse(line) as MailIndexEntry);
    } catch {
      continue;
    }
  }
  return bytes.subarray(end);
}

/** Reads what was appended to the index since the last call (the file only grows; a smaller one was replaced). */
async function readAppended(dir: string): Promise<MailIndexEntry[]> {
  let file;
  try {
    file = await open(join(dir, mailIndexFile), 'r');
  } catch (error) {
    if (isMissing(error)) {
      indexCaches.delete(dir);
      return [];
    }
    throw error;
  }
  try {
    const { size } = await file.stat();
    let cache = indexCaches.get(dir);
    if (!cache || size < cache.offset) cache = { offset: 0, rest: Buffer.alloc(0), entries: [] };
    if (size > cache.offset) {
      const appended = Buffer.alloc(size - cache.offset);
      const { bytesRead } = await file.read(appended, 0, appended.length, cache.offset);
      cache.offset += bytesRead;
      cache.rest = parseLines(Buffer.concat([cache.rest, appended.subarray(0, bytesRead)]), cache.entries);
    }
    indexCaches.set(dir, cache);
    return cache.entries;
  } finally {
    await file.close();
  }
}

/**
 * Every indexed message, oldest first. A line cut short by a crash is skipped. Only the bytes appended
 * since the last call are read: a benchmark's people polling for their mail cost the API little.
 */
export async function readMailIndex(dir: string): Promise<MailIndexEntry[]> {
  // One read at a time per mailbox, so two never parse the same appended bytes.
  const read = (indexReads.get(dir) ?? Promise.resolve()).then(() => readAppended(dir));
  indexReads.set(
    dir,
    read.catch(() => undefined),
  );
  return [...(await read)];
}

/** Bounded so that listing a whole benchmark's mail does not open tens of thousands of files at once. */
const parallelReads = 64;

export async function listMail(dir: string, filter: { to?: string; limit?: number } = {}): Promise<StoredMail[]> {
  const recipient = filter.to?.trim().toLowerCase();
  const newestFirst = (await readMailIndex(dir)).reverse();
  const matching = recipient ? newestFirst.filter((entry) => entry.to.includes(recipient)) : newestFirst;
  const selected = filter.limit === undefined ? matching : matching.slice(0, filter.limit);
  const mails: StoredMail[] = [];
  for (let start = 0; start < selected.length; start += parallelReads) {
    const batch = selected.slice(start, start + parallelReads);
    const records = await Promise.all(
      batch.map(async (entry) => JSON.parse(await readFile(mailFile(dir, entry.id, 'json'), 'utf8')) as StoredMail),
    );
    mails.push(...records);
  }
  return mails;
}
