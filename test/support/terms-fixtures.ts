// Connected organisations written straight into the DB, and a mailer that keeps what it would send,
// for the terms tests.
import type { SendMailOptions } from 'nodemailer';
import { createMailer, type Mailer } from '../../activities/mail/mailer';
import { loadConfig } from '../../config/env';
import { createLogger } from '../../config/logger';
import type { Db } from '../../db/open';
import { tables } from '../../db/tables';
import { transaction } from '../../db/transaction';

const languages = ['da', 'de', 'en'] as const;

export interface SeededAdmin {
  orgId: string;
  email: string;
  language: (typeof languages)[number];
}

/** `count` organisations (ids `org-00001`...) with `adminsEach` administrators, languages taking turns. */
export async function seedOrganizations(
  db: Db,
  count: number,
  options: { adminsEach?: number; from?: number; prefix?: string } = {},
): Promise<SeededAdmin[]> {
  const admins: SeededAdmin[] = [];
  const prefix = options.prefix ?? 'org';
  const { administrators, organizations } = tables(db);
  await transaction(db, async (tx) => {
    for (let i = options.from ?? 1; i < (options.from ?? 1) + count; i += 1) {
      const orgId = `${prefix}-${String(i).padStart(5, '0')}`;
      const language = languages[i % languages.length]!;
      await tx.insert(organizations).values({
        orgId,
        name: `Organisation ${i}`,
        kind: 'company',
        country: language === 'de' ? 'DE' : 'DK',
        language,
        status: 'connected',
        connectedAt: new Date().toISOString(),
      });
      for (let a = 1; a <= (options.adminsEach ?? 1); a += 1) {
        const email = `admin${a}@${orgId}.example`;
        await tx.insert(administrators).values({ orgId, email, name: `Admin ${a} of ${orgId}` });
        admins.push({ orgId, email, language });
      }
    }
  });
  return admins;
}

/** The real mailer (outbox, templates) over a transport that keeps each message instead of sending it. */
export function capturingMailer(db: Db): { mailer: Mailer; sent: SendMailOptions[] } {
  const sent: SendMailOptions[] = [];
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const mailer = createMailer({
    db,
    config,
    logger: createLogger('silent'),
    transport: {
      async sendMail(message) {
        sent.push(message);
      },
      close: () => undefined,
    },
  });
  return { mailer, sent };
}

export type NoticeKind = 'update' | 'date' | 'reminder';

/** Which of the three terms mails a subject belongs to, in any of the languages. */
export function noticeKind(subject: string): NoticeKind {
  if (/^(Påmindelse|Erinnerung|Reminder):/.test(subject)) return 'reminder';
  if (/\([Vv]ersion [^)]+\)$/.test(subject)) return 'update';
  return 'date';
}

/** The addresses mailed (sorted), only those of one kind when given. */
export function recipientsOf(sent: SendMailOptions[], kind?: NoticeKind): string[] {
  return sent
    .filter((message) => kind === undefined || noticeKind(String(message.subject)) === kind)
    .map((message) => (message.to as { address: string }).address)
    .sort();
}
