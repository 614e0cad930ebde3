// The outbox table: each message is written, rendered and with its Message-ID, before it is handed to SMTP,
// so every retry sends exactly the same message and a mailbox can recognise it as one.
import { createHash, createHmac } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from './open';
import { placeholders, preparedFor } from './prepared';
import type { outbox } from './schema';
import { tables } from './tables';
import type { RenderedEmail } from '../activities/mail/render';

export type OutboxRow = typeof outbox.$inferSelect;

export interface NewOutboxMessage {
  idempotencyKey: string;
  workflowId: string;
  step: string;
  recipient: string;
  messageIdDomain: string;
}

/** The same key always yields the same Message-ID, whichever worker renders it. */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex')}@${domain}>`;
}

/**
 * The key of a message whose recipient was erased (a deleted user): a keyed hash of the key it was sent
 * under (which names the address), keeping its `|<attempt>|<sequence>` ending, by which a batch's first
 * invitations are counted. A retried send of that message finds it under this key and sends nothing.
 */
export function erasedOutboxKey(idempotencyKey: string, secret: string): string {
  const ending = idempotencyKey.split('|').slice(-2).join('|');
  return `erased:${createHmac('sha256', secret).update(`outbox|${idempotencyKey}`).digest('hex')}|${ending}`;
}

const key = sql.placeholder('key');

// Every e-mail runs these.
const statements = preparedFor('outbox', (db) => {
  const { outbox } = tables(db);
  return {
    find: db.select().from(outbox).where(eq(outbox.idempotencyKey, key)),
    save: db
      .insert(outbox)
      .values(
        placeholders(
          'idempotencyKey',
          'workflowId',
          'step',
          'recipient',
          'messageId',
          'subject',
          'textBody',
          'htmlBody',
        ),
      )
      .onConflictDoNothing()
      .returning(),
    countAttempt: db
      .update(outbox)
      .set({ attempts: sql`${outbox.attempts} + 1` })
      .where(eq(outbox.idempotencyKey, key)),
    markSent: db
      .update(outbox)
      .set({ status: 'sent', sentAt: sql`${sql.placeholder('at')}`, lastError: null })
      .where(eq(outbox.idempotencyKey, key))
      .returning({ idempotencyKey: outbox.idempotencyKey }),
  };
});

export async function findOutboxRow(db: Db, idempotencyKey: string): Promise<OutboxRow | undefined> {
  return (await statements(db).find.execute({ key: idempotencyKey }))[0];
}

/** Writes the row unless one exists; either way returns the stored row, which wins over a fresh render. */
export async function saveOutboxRow(db: Db, message: NewOutboxMessage, rendered: RenderedEmail): Promise<OutboxRow> {
  const [inserted] = await statements(db).save.execute({
    idempotencyKey: message.idempotencyKey,
    workflowId: message.workflowId,
    step: message.step,
    recipient: message.recipient,
    messageId: messageIdFor(message.idempotencyKey, message.messageIdDomain),
    subject: rendered.subject,
    textBody: rendered.text,
    htmlBody: rendered.html,
  });
  const row = inserted ?? (await findOutboxRow(db, message.idempotencyKey));
  if (!row) throw new Error(`The outbox row ${message.idempotencyKey} vanished right after it was written`);
  return row;
}

export async function countAttempt(db: Db, idempotencyKey: string): Promise<void> {
  await statements(db).countAttempt.execute({ key: idempotencyKey });
}

/** False when no row has the key (its recipient was erased while it was being sent). */
export async function markSent(db: Db, idempotencyKey: string): Promise<boolean> {
  const marked = await statements(db).markSent.execute({ key: idempotencyKey, at: new Date().toISOString() });
  return marked.length > 0;
}

/** False when no row has the key, as markSent. */
export async function markFailed(db: Db, idempotencyKey: string, error: string): Promise<boolean> {
  const { outbox } = tables(db);
  const marked = await db
    .update(outbox)
    .set({ status: 'failed', lastError: error })
    .where(eq(outbox.idempotencyKey, idempotencyKey))
    .returning({ idempotencyKey: outbox.idempotencyKey });
  return marked.length > 0;
}

/** A transient failure: the row stays pending, keeping the reason for whoever looks at a stuck send. */
export async function recordTransientError(db: Db, idempotencyKey: string, error: string): Promise<void> {
  const { outbox } = tables(db);
  await db.update(outbox).set({ lastError: error }).where(eq(outbox.idempotencyKey, idempotencyKey));
}
