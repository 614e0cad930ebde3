// The dev mailbox on disk (DATA_DIR/mail): `<id>.eml` and `<id>.json` per message, plus `index.jsonl`, one
// line per message in arrival order, so listing thousands of messages reads one file, not thousands.
import { readFile } from 'node:fs/promises';
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

/** Every indexed message, oldest first. A line cut short by a crash is skipped. */
export async function readMailIndex(dir: string): Promise<MailIndexEntry[]> {
  let content: string;
  try {
    content = await readFile(join(dir, mailIndexFile), 'utf8');
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  const entries: MailIndexEntry[] = [];
  for (const line of content.split('\n')) {
    if (!line) continue;
    try {
      entries.push(JSON.parse(line) as MailIndexEntry);
    } catch {
      continue;
    }
  }
  return entries;
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
    const records = await Promise.all(batch.map(async (entry) => JSON.parse(await readFile(mailFile(dir, entry.id, 'json'), 'utf8')) as StoredMail));
    mails.push(...records);
  }
  return mails;
}
