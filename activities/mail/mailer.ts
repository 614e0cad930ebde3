// Sends one e-mail exactly once as the recipient sees it: the outbox row is written before SMTP is asked,
// a sent row is never sent again, and a retry re-sends the identical message with the same Message-ID,
// which a mailbox keeps once.
import { ApplicationFailure } from '@temporalio/common';
import type { AppConfig } from '../../config/env';
import type { Logger } from '../../config/logger';
import { appMetrics } from '../../config/metrics';
import type { Db } from '../../db/open';
import type { Language } from '../../domain/language';
import {
  countAttempt,
  erasedOutboxKey,
  findOutboxRow,
  markFailed,
  markSent,
  recordTransientError,
  saveOutboxRow,
  type OutboxRow,
} from '../../db/outbox';
import { InvalidEmailRequestError, renderEmail, type RenderedEmail } from './render';
import { createMailTransport, describeSmtpError, permanentRejection, type MailTransport } from './transport';

export interface EmailRequest {
  /** Chosen by the caller: workflow id + step + recipient + attempt. One key, at most one message. */
  idempotencyKey: string;
  workflowId: string;
  step: string;
  to: { email: string; name?: string };
  language: Language;
  template: string;
  vars: Record<string, unknown>;
}

export interface EmailResult {
  status: 'sent' | 'failed';
  messageId: string;
  /** The server's reply when it refused the recipient for good. */
  error?: string;
}

export interface Mailer {
  /** Resolves `failed` on a permanent rejection; throws when a later attempt may succeed (SMTP down, 4xx). */
  send(request: EmailRequest): Promise<EmailResult>;
  close(): void;
}

export interface MailerDeps {
  db: Db;
  config: AppConfig;
  logger: Logger;
  transport?: MailTransport;
}

const fallbackMessageIdDomain = 'onboarding.localhost';

function senderDomain(from: string): string {
  return /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? fallbackMessageIdDomain;
}

function renderOrFail(request: EmailRequest): RenderedEmail {
  try {
    return renderEmail(request.template, request.language, request.vars);
  } catch (error) {
    // Retrying cannot fix a wrong template name or vars: fail the activity at once.
    if (error instanceof InvalidEmailRequestError)
      throw ApplicationFailure.create({ message: error.message, type: error.name, nonRetryable: true });
    throw error;
  }
}

export function createMailer({ db, config, logger, transport = createMailTransport(config) }: MailerDeps): Mailer {
  const from = config.env.MAIL_FROM;
  const messageIdDomain = senderDomain(from);
  const log = logger.child({ component: 'mailer' });

  const erased = (idempotencyKey: string) => erasedOutboxKey(idempotencyKey, config.env.PSEUDONYM_KEY);

  async function storedOrRendered(request: EmailRequest): Promise<OutboxRow> {
    return (
      (await findOutboxRow(db, request.idempotencyKey)) ??
      (await findOutboxRow(db, erased(request.idempotencyKey))) ??
      (await saveOutboxRow(
        db,
        {
          idempotencyKey: request.idempotencyKey,
          workflowId: request.workflowId,
          step: request.step,
          recipient: request.to.email,
          messageIdDomain,
        },
        renderOrFail(request),
      ))
    );
  }

  return {
    async send(request) {
      const row = await storedOrRendered(request);
      const context = { workflowId: row.workflowId, step: row.step, messageId: row.messageId };
      if (row.status === 'sent') return { status: 'sent', messageId: row.messageId };
      if (row.status === 'failed')
        return { status: 'failed', messageId: row.messageId, error: row.lastError ?? 'rejected' };
      // Its recipient was deleted before it went out: there is nobody to send it to.
      if (row.recipient === '') {
        const error = 'the recipient was deleted';
        await markFailed(db, row.idempotencyKey, error);
        return { status: 'failed', messageId: row.messageId, error };
      }

      await countAttempt(db, row.idempotencyKey);
      try {
        await transport.sendMail({
          from,
          to: { name: request.to.name ?? '', address: row.recipient },
          subject: row.subject,
          text: row.textBody,
          html: row.htmlBody,
          messageId: row.messageId,
          date: new Date(row.createdAt),
        });
      } catch (error) {
        const rejection = permanentRejection(error);
        if (rejection !== undefined) {
          if (!(await markFailed(db, row.idempotencyKey, rejection)))
            await markFailed(db, erased(row.idempotencyKey), rejection);
          appMetrics.emailsFailed.inc({ step: row.step, kind: 'rejected' });
          log.warn({ ...context, reply: rejection }, 'e-mail rejected permanently');
          return { status: 'failed', messageId: row.messageId, error: rejection };
        }
        const reason = describeSmtpError(error);
        await recordTransientError(db, row.idempotencyKey, reason);
        appMetrics.emailsFailed.inc({ step: row.step, kind: 'transient' });
        log.warn({ ...context, reason }, 'e-mail not delivered, will be retried');
        // Not the SMTP error as its cause: its message and envelope name the recipient, and the SDK logs causes.
        // eslint-disable-next-line preserve-caught-error -- the cause is left out on purpose, as said above
        throw new Error(`E-mail ${row.messageId} not delivered, will be retried: ${reason}`);
      }
      // The recipient may have been deleted meanwhile: the row is then kept under its erased key.
      if (!(await markSent(db, row.idempotencyKey))) await markSent(db, erased(row.idempotencyKey));
      appMetrics.emailsSent.inc({ step: row.step });
      log.debug(context, 'e-mail sent');
      return { status: 'sent', messageId: row.messageId };
    },
    close() {
      transport.close();
    },
  };
}
