// What the dev SMTP server does with an accepted message: keep it once per recipient and Message-ID, as a
// real mail store does, so a message handed to SMTP twice (a retry after a lost reply) shows up once.
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mailFile, mailIndexFile, readMailIndex, type MailIndexEntry, type StoredMail } from './mail-store';

export interface IncomingMail {
  raw: Buffer;
  recipients: string[];
  messageId?: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailbox {
  /** Resolves the stored record, or undefined when every recipient already holds this Message-ID. */
  deliver(mail: IncomingMail): Promise<StoredMail | undefined>;
}

const urlPattern = /https?:\/\/[^\s<>"'()[\]]+/g;
const hrefPattern = /href\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;

function decodeAttribute(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Every http(s) address in the text part and in the HTML's links, each once, in order of appearance. */
export function extractLinks(text: string, html: string | undefined): string[] {
  const found = [...text.matchAll(urlPattern)].map((match) => match[0].replace(/[.,;:!?]+$/, ''));
  for (const match of html?.matchAll(hrefPattern) ?? []) {
    const url = decodeAttribute(match[1] ?? match[2] ?? '');
    if (/^https?:\/\//i.test(url)) found.push(url);
  }
  return [...new Set(found)];
}

function deliveryKey(recipient: string, messageId: string): string {
  return `${recipient}\n${messageId}`;
}

export async function openMailbox(dir: string): Promise<Mailbox> {
  await mkdir(dir, { recursive: true });
  const delivered = new Set<string>();
  for (const entry of await readMailIndex(dir))
    for (const recipient of entry.to) delivered.add(deliveryKey(recipient, entry.messageId));
  // One append at a time keeps every index line whole.
  let indexWrites: Promise<void> = Promise.resolve();

  function appendToIndex(entry: MailIndexEntry): Promise<void> {
    const write = indexWrites.then(() => appendFile(join(dir, mailIndexFile), `${JSON.stringify(entry)}\n`));
    indexWrites = write.catch(() => undefined);
    return write;
  }

  return {
    async deliver(mail) {
      const messageId = mail.messageId ?? `<${randomUUID()}@dev-smtp.localhost>`;
      const recipients = [...new Set(mail.recipients.map((address) => address.toLowerCase()))];
      const fresh = recipients.filter((recipient) => !delivered.has(deliveryKey(recipient, messageId)));
      if (fresh.length === 0) return undefined;
      // Claimed before the first await, so two connections delivering the same message at once store it once.
      for (const recipient of fresh) delivered.add(deliveryKey(recipient, messageId));
      const record: StoredMail = {
        id: randomUUID(),
        messageId,
        to: fresh,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        links: extractLinks(mail.text, mail.html),
        receivedAt: new Date().toISOString(),
      };
      try {
        await Promise.all([
          writeFile(mailFile(dir, record.id, 'eml'), mail.raw),
          writeFile(mailFile(dir, record.id, 'json'), JSON.stringify(record)),
        ]);
        // The index line is the commit: without it the files are ignored and the sender is told to retry.
        await appendToIndex({ id: record.id, messageId, to: record.to, receivedAt: record.receivedAt });
      } catch (error) {
        for (const recipient of fresh) delivered.delete(deliveryKey(recipient, messageId));
        throw error;
      }
      return record;
    },
  };
}
