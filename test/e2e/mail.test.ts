import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { eq } from 'drizzle-orm';
import { createMailActivities } from '../../activities/mail/activities';
import { createStepActivities, type StepMessageRequest } from '../../activities/steps';
import { createMailer, type EmailRequest, type EmailResult, type Mailer } from '../../activities/mail/mailer';
import { createMailTransport, type MailTransport } from '../../activities/mail/transport';
import { tables } from '../../db/tables';
import { listMail, mailDir } from '../../dev/mail-store';
import { startDevSmtpServer, type DevSmtpServer } from '../../dev/smtp-server';
import { approvalInvitation } from '../support/invitation-request';
import { withStack } from '../support/stack';

describe('e-mail through the dev SMTP server', () => {
  const stack = withStack({ rejectRecipients: /@rejected\.example$/ });
  let mailer: Mailer | undefined;
  let restartedSmtp: DevSmtpServer | undefined;

  afterEach(() => {
    mailer?.close();
    mailer = undefined;
  });
  after(async () => {
    await restartedSmtp?.stop();
  });

  function newMailer(transport?: MailTransport): Mailer {
    mailer = createMailer({ db: stack.db, config: stack.config, logger: stack.logger, transport });
    return mailer;
  }

  function invitation(overrides: { email?: string; recipientName?: string } = {}): EmailRequest {
    const workflowId = `mail-test-${randomUUID()}`;
    const email = overrides.email ?? `person-${randomUUID().slice(0, 8)}@example.test`;
    return approvalInvitation({
      workflowId,
      email,
      actionUrl: `${stack.baseUrl}/l/token-${randomUUID()}?lang=da&from=mail`,
      recipientName: overrides.recipientName,
    });
  }

  async function outboxRow(request: EmailRequest) {
    const { outbox } = tables(stack.db);
    return (await stack.db.select().from(outbox).where(eq(outbox.idempotencyKey, request.idempotencyKey)))[0];
  }

  it('delivers a rendered message that /dev/mail.json lists with its links', async () => {
    const request = invitation();
    const sendEmail = createMailActivities(newMailer()).sendEmail;
    const result = await new MockActivityEnvironment().run<[EmailRequest], EmailResult, typeof sendEmail>(
      sendEmail,
      request,
    );
    assert.equal(result.status, 'sent');

    const mails = await stack.mail(request.to.email);
    assert.equal(mails.length, 1);
    const [mail] = mails;
    assert.equal(mail!.to, request.to.email);
    assert.equal(mail!.subject, 'Godkend tilslutningen til MitID Erhverv – Bageriet ApS');
    assert.match(mail!.text, /Kære Mette Hansen/);
    assert.deepEqual(mail!.links, [request.vars.actionUrl]);
    assert.ok(Date.parse(mail!.receivedAt) > Date.now() - 60_000);

    const row = await outboxRow(request);
    assert.equal(row?.status, 'sent');
    assert.equal(row?.attempts, 1);
    const [stored] = await listMail(mailDir(stack.config.dataDir), { to: request.to.email });
    assert.equal(stored?.messageId, result.messageId, 'the mailbox holds the Message-ID the outbox chose');
    assert.equal(row?.messageId, result.messageId);
  });

  it('sends one message for one idempotency key, however often it is asked', async () => {
    const request = invitation();
    const sender = newMailer();
    const first = await sender.send(request);
    const again = await sender.send(request);
    assert.deepEqual(again, first);
    assert.equal((await stack.mail(request.to.email)).length, 1);
    assert.equal((await outboxRow(request))?.attempts, 1, 'a sent row is not handed to SMTP again');
  });

  it('leaves one message when SMTP accepted it but the reply was lost, and the send is retried', async () => {
    const request = invitation();
    const smtp = createMailTransport(stack.config);
    let loseNextReply = true;
    const losingTransport: MailTransport = {
      async sendMail(message) {
        const info = await smtp.sendMail(message);
        if (loseNextReply) {
          loseNextReply = false;
          throw new Error('connection lost before the row was marked sent');
        }
        return info;
      },
      close: () => smtp.close(),
    };
    const sender = newMailer(losingTransport);

    await assert.rejects(sender.send(request), /will be retried/);
    assert.equal((await outboxRow(request))?.status, 'pending');
    assert.equal((await stack.mail(request.to.email)).length, 1, 'the server did accept it');

    const retried = await sender.send(request);
    assert.equal(retried.status, 'sent');
    assert.equal((await outboxRow(request))?.status, 'sent');
    assert.equal((await outboxRow(request))?.attempts, 2, 'SMTP was handed the message twice');
    assert.equal((await stack.mail(request.to.email)).length, 1, 'the mailbox kept it once');
  });

  it('sends a group of step messages from one activity; retried after a failure part-way, each person still gets one', async () => {
    const workflowId = `mail-batch-test-${randomUUID()}`;
    const messages: StepMessageRequest[] = Array.from({ length: 30 }, (_, i) => ({
      workflowId,
      runKey: 'run-1',
      organizationId: 'dk-cvr-batch',
      step: 'activate-user',
      key: `user-${i}`,
      attempt: 0,
      kind: 'invitation',
      reminderNumber: 0,
      recipient: { name: `Person ${i}`, email: `batch-${i}-${workflowId.slice(-8)}@example.test` },
      language: 'da',
      organizationName: 'Bageriet ApS',
      expiresAt: '2030-03-01T11:00:00.000Z',
      linkId: randomUUID(),
    }));
    const smtp = createMailTransport(stack.config);
    let sends = 0;
    const failingOnce: MailTransport = {
      async sendMail(message) {
        sends += 1;
        if (sends === 12) throw new Error('connection reset');
        return smtp.sendMail(message);
      },
      close: () => smtp.close(),
    };
    const { sendStepMessages } = createStepActivities({
      db: stack.db,
      config: stack.config,
      mailer: newMailer(failingOnce),
    });
    const activity = new MockActivityEnvironment();
    await assert.rejects(activity.run(sendStepMessages, messages), /will be retried/);
    const results = await new MockActivityEnvironment().run(sendStepMessages, messages);
    assert.deepEqual(
      results,
      messages.map(() => ({ status: 'sent' })),
    );
    for (const message of messages) {
      const received = await stack.mail(message.recipient.email);
      assert.equal(received.length, 1, `${message.recipient.email} got one message`);
    }
    const { actionLinks, outbox } = tables(stack.db);
    const rows = await stack.db.select().from(outbox).where(eq(outbox.workflowId, workflowId));
    assert.equal(rows.length, 30);
    assert.ok(rows.every((row) => row.status === 'sent'));
    assert.ok(sends < 30 + 12, 'the retry did not hand the sent ones to SMTP again');
    assert.equal((await stack.db.select().from(actionLinks).where(eq(actionLinks.workflowId, workflowId))).length, 30);
  });

  it('reports a permanent rejection as a failed send and a failed outbox row, without throwing', async () => {
    const request = invitation({ email: `nobody-${randomUUID().slice(0, 8)}@rejected.example` });
    const sender = newMailer();
    const result = await sender.send(request);
    assert.equal(result.status, 'failed');
    assert.match(result.error ?? '', /550/);
    const row = await outboxRow(request);
    assert.equal(row?.status, 'failed');
    assert.match(row?.lastError ?? '', /550/);
    assert.deepEqual(await sender.send(request), result, 'asking again changes nothing');
    assert.equal((await outboxRow(request))?.attempts, 1);
    assert.deepEqual(await stack.mail(request.to.email), []);
  });

  it('refuses a request no retry can fix as a non-retryable activity failure, writing nothing', async () => {
    const request = { ...invitation(), template: 'no-such-template' };
    await assert.rejects(newMailer().send(request), (error: unknown) => {
      assert.ok(error instanceof ApplicationFailure);
      assert.equal(error.nonRetryable, true);
      return true;
    });
    assert.equal(await outboxRow(request), undefined);
  });

  it('shows the mail as an escaped page without script', async () => {
    const request = invitation({ recipientName: '<script>alert(1)</script>' });
    await newMailer().send(request);
    const response = await fetch(`${stack.baseUrl}/dev/mail?to=${encodeURIComponent(request.to.email)}`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    const page = await response.text();
    assert.ok(!/<script/i.test(page), 'no script element reaches the page');
    assert.ok(page.includes('Kære &lt;script&gt;alert(1)&lt;/script&gt;'));
    const link = String(request.vars.actionUrl).replace(/&/g, '&amp;');
    assert.ok(page.includes(`<a href="${link}">${link}</a>`), 'the link is clickable');
  });

  it('throws while SMTP is down, then delivers the same request once when it is back', async () => {
    const request = invitation();
    const sentBefore = invitation();
    const sender = newMailer();
    await sender.send(sentBefore);
    await stack.smtp.stop();

    await assert.rejects(sender.send(request), /will be retried/);
    const pending = await outboxRow(request);
    assert.equal(pending?.status, 'pending');
    assert.match(pending?.lastError ?? '', /ECONNREFUSED|ECONNECTION|ESOCKET/);

    restartedSmtp = await startDevSmtpServer({
      port: stack.smtp.port,
      dir: mailDir(stack.config.dataDir),
      rejectRecipients: /@rejected\.example$/,
    });
    const result = await sender.send(request);
    assert.equal(result.status, 'sent');
    assert.equal(result.messageId, pending?.messageId);
    assert.equal((await stack.mail(request.to.email)).length, 1);
    assert.equal((await outboxRow(request))?.status, 'sent');

    // A worker that died after SMTP accepted `sentBefore` but before marking it sent would leave it pending.
    const { outbox } = tables(stack.db);
    await stack.db
      .update(outbox)
      .set({ status: 'pending' })
      .where(eq(outbox.idempotencyKey, sentBefore.idempotencyKey));
    assert.equal((await sender.send(sentBefore)).status, 'sent');
    assert.equal((await outboxRow(sentBefore))?.attempts, 2);
    assert.equal((await stack.mail(sentBefore.to.email)).length, 1, 'the restarted mailbox still knows the Message-ID');
  });
});
