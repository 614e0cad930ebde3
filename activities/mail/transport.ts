// The SMTP connection pool every send goes through, and how its errors are told apart.
import nodemailer, { type NodemailerError, type SendMailOptions } from 'nodemailer';
import type { AppConfig } from '../../config/env';

/** The part of a nodemailer transporter the mailer uses; tests wrap it to simulate failures. */
export interface MailTransport {
  sendMail(message: SendMailOptions): Promise<unknown>;
  close(): void;
}

export function createMailTransport(config: AppConfig): MailTransport {
  return nodemailer.createTransport({
    url: config.smtpUrl,
    // Bulk sends (tens of thousands of activations) reuse a few long-lived connections instead of one per mail.
    pool: true,
    maxConnections: config.env.SMTP_MAX_CONNECTIONS,
    maxMessages: 1000,
    // Short enough that a hung relay fails the attempt well within the activity's timeout, so it is retried.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    tls: { rejectUnauthorized: config.env.SMTP_TLS_REJECT_UNAUTHORIZED === 'true' },
  });
}

function isPermanentReply(error: NodemailerError): boolean {
  if (error.permanent !== undefined) return error.permanent;
  const code = error.responseCode ?? 0;
  return code >= 500 && code < 600 && code !== 503;
}

/**
 * The server's reply when it refused this recipient or this message for good (5xx to RCPT TO or DATA);
 * undefined for anything a later attempt may get through: connection failures, 4xx, a refused sender or
 * login (configuration, not the recipient).
 */
export function permanentRejection(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const smtpError = error as NodemailerError;
  const aboutRecipient = smtpError.code === 'EENVELOPE' && smtpError.command === 'RCPT TO';
  if ((aboutRecipient || smtpError.code === 'EMESSAGE') && isPermanentReply(smtpError))
    return redactAddresses(smtpError.response ?? smtpError.message);
  return undefined;
}

/** What went wrong, for logs, the outbox and the activity's failure: without any e-mail address in it. */
export function describeSmtpError(error: unknown): string {
  if (!(error instanceof Error)) return redactAddresses(String(error));
  const smtpError = error as NodemailerError;
  return redactAddresses(smtpError.response ?? [smtpError.code, smtpError.message].filter(Boolean).join(': '));
}

/** SMTP servers quote the address in their replies ("550 5.1.1 <a@b.dk>: unknown user"); logs must not. */
export function redactAddresses(text: string): string {
  return text.replace(/[^\s<>()[\]\\,;:"'@]+@[^\s<>()[\]\\,;:"'@]+/g, '[address]');
}
