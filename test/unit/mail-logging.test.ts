// SMTP servers name the recipient in their replies; none of that may reach a log line or a failure.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger as ActivityLogger } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createMailActivities } from '../../activities/mail/activities';
import { createMailer, type EmailResult } from '../../activities/mail/mailer';
import { createMailTransport, type MailTransport } from '../../activities/mail/transport';
import { loadConfig } from '../../config/env';
import { createLogger } from '../../config/logger';
import { openDatabase } from '../../db/open';
import { startDevSmtpServer, type DevSmtpServer } from '../../dev/smtp-server';
import { approvalInvitation } from '../support/invitation-request';
import { freePort } from '../support/ports';

describe('mail logs', () => {
  let smtp: DevSmtpServer;
  let dir: string;
  let port: number;
  const lines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
  const activityLogger: ActivityLogger = {
    log: (level, message, meta) => void lines.push(JSON.stringify({ level, message, meta })),
    trace: (message, meta) => activityLogger.log('TRACE', message, meta),
    debug: (message, meta) => activityLogger.log('DEBUG', message, meta),
    info: (message, meta) => activityLogger.log('INFO', message, meta),
    warn: (message, meta) => activityLogger.log('WARN', message, meta),
    error: (message, meta) => activityLogger.log('ERROR', message, meta),
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mail-logs-'));
    port = await freePort();
    smtp = await startDevSmtpServer({ port, dir, rejectRecipients: /@rejected\.example$/ });
  });
  after(async () => {
    await smtp.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => void lines.splice(0));

  async function sendEmail(email: string, transport?: MailTransport): Promise<EmailResult> {
    const config = loadConfig({ NODE_ENV: 'test', DEV_SMTP_PORT: String(port) });
    const mailer = createMailer({
      db: await openDatabase(':memory:'),
      config,
      logger,
      transport: transport ?? createMailTransport(config),
    });
    const request = approvalInvitation({ workflowId: 'mail-logs', email, actionUrl: 'http://127.0.0.1/l/x' });
    const activity = createMailActivities(mailer).sendEmail;
    return new MockActivityEnvironment({ attempt: 2 }, { logger: activityLogger })
      .run(activity, request)
      .finally(() => mailer.close()) as Promise<EmailResult>;
  }

  function assertNoAddress(local: string): void {
    assert.ok(lines.length > 0, 'something was logged');
    for (const line of lines) assert.ok(!line.includes(local), `a log line names the recipient: ${line}`);
  }

  it('logs a permanent rejection without the address the server quoted', async () => {
    const result = await sendEmail('mette.hansen@rejected.example');
    assert.equal(result.status, 'failed');
    assert.match(result.error ?? '', /^550 .*\[address\]/);
    assert.ok(!(result.error ?? '').includes('mette.hansen'));
    assert.ok(lines.some((line) => line.includes('rejected permanently')));
    assertNoAddress('mette.hansen');
  });

  it('logs and fails a transient refusal without the address', async () => {
    const greylisting: MailTransport = {
      async sendMail() {
        throw Object.assign(
          new Error(
            "Can't send mail - all recipients were rejected: 450 4.2.0 <jens.olsen@bageriet.dk>: Recipient address rejected: Greylisted",
          ),
          {
            code: 'EENVELOPE',
            command: 'RCPT TO',
            responseCode: 450,
            response: '450 4.2.0 <jens.olsen@bageriet.dk>: Recipient address rejected: Greylisted',
            rejected: ['jens.olsen@bageriet.dk'],
          },
        );
      },
      close: () => undefined,
    };
    await assert.rejects(sendEmail('jens.olsen@bageriet.dk', greylisting), (error: Error) => {
      assert.match(error.message, /not delivered, will be retried: 450 4\.2\.0 <\[address\]>/);
      assert.ok(!JSON.stringify({ message: error.message, cause: String(error.cause) }).includes('jens.olsen'));
      return true;
    });
    assert.ok(lines.some((line) => line.includes('will be retried')));
    assertNoAddress('jens.olsen');
  });
});
