// What a process does when SMTP fails: down for a while (the invitation is retried by Temporal and
// arrives once when SMTP is back), or refusing an address for good (recorded, shown in the case and in
// metrics, never retried; the step stays pending for an operator's re-send).
import assert from 'node:assert/strict';
import { temporal } from '@temporalio/proto';
import { and, eq } from 'drizzle-orm';
import { tables } from '../../db/tables';
import { mailDir } from '../../dev/mail-store';
import { startDevSmtpServer, type DevSmtpServer } from '../../dev/smtp-server';
import { permanentRejection } from '../../activities/mail/transport';
import { auditRows } from '../support/audit';
import { withStack, type Stack } from '../support/stack';
import { eventually } from '../support/wait';

/** How long SMTP stays down at the least; `npm run test:smtp-outage` holds it down for two minutes. */
const outageMs = Number(process.env.SMTP_OUTAGE_SECONDS ?? 0) * 1000;

async function invitationRow(stack: Stack, workflowId: string) {
  const { outbox } = tables(stack.db);
  return (
    await stack.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.workflowId, workflowId), eq(outbox.step, 'prepare-connection')))
  )[0];
}

async function metric(stack: Stack, series: string): Promise<number> {
  const text = await (await fetch(`${stack.baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(series));
  return line ? Number(line.slice(series.length).trim()) : 0;
}

function startAssociation(stack: Stack, name: string, email: string) {
  return stack.api('POST', '/api/connections', {
    organization: { name, kind: 'association', country: 'DK' },
    initiator: { role: 'representative', name: 'Lars Nielsen', email },
  });
}

describe('e-mail delivery failures in a running process', () => {
  const stack = withStack({ rejectRecipients: /@refused\.example$/ });
  let restartedSmtp: DevSmtpServer | undefined;
  after(async () => {
    await restartedSmtp?.stop();
  });

  it('retries an invitation while SMTP is down, then delivers it once when SMTP is back', async function () {
    // A retry may come as late again as the outage has lasted (the backoff doubles).
    this.timeout(180_000 + 3 * outageMs);
    await stack.smtp.stop();
    const downSince = Date.now();
    const email = 'lars.outage@example.dk';
    const started = await startAssociation(stack, 'Foreningen Nedetid', email);
    assert.equal(started.status, 201);
    const { workflowId } = started.body;

    // Down long enough for four attempts of the activity (its retry waits 1, 2, 4 s, ...), and for the outage asked for.
    const failing = await eventually(
      'four failed attempts',
      async () => {
        const row = await invitationRow(stack, workflowId);
        return row && row.attempts >= 4 && Date.now() - downSince >= outageMs ? row : undefined;
      },
      { timeoutMs: 90_000 + outageMs },
    );
    assert.equal(failing.status, 'pending');
    assert.match(failing.lastError ?? '', /ECONNREFUSED|ECONNECTION|ESOCKET/);
    assert.deepEqual(await stack.mail(email), []);
    assert.ok((await metric(stack, 'onboarding_emails_failed_total{step="prepare-connection",kind="transient"}')) >= 4);

    const received: string[] = [];
    restartedSmtp = await startDevSmtpServer({
      port: stack.smtp.port,
      dir: mailDir(stack.config.dataDir),
      rejectRecipients: /@refused\.example$/,
      onReceived: ({ messageId, recipients }) => {
        if (recipients.includes(email)) received.push(messageId ?? '');
      },
    });
    const outage = Date.now() - downSince;
    const sent = await eventually(
      'the invitation sent',
      async () => {
        const row = await invitationRow(stack, workflowId);
        return row?.status === 'sent' ? row : undefined;
      },
      { timeoutMs: 90_000 + 2 * outageMs },
    );
    const mails = await stack.mail(email);
    assert.equal(mails.length, 1, 'delivered once');
    assert.deepEqual(received, [sent.messageId], 'SMTP was handed it once, under the outbox Message-ID');
    assert.ok(sent.attempts >= 5, `${sent.attempts} attempts over an outage of ${Math.round(outage / 1000)} s`);
    const status = (await stack.api('GET', `/api/connections/${started.body.connectionId}`)).body;
    assert.equal(status.stage, 'awaiting-preparation');
    assert.ok(
      status.events.some(
        (e: { type: string; step?: string; detail?: string }) =>
          e.type === 'step-invited' && e.step === 'prepare-connection' && !e.detail,
      ),
    );
  });

  it('records a permanently refused address once, shows it in the case and in metrics, and does not retry', async function () {
    this.timeout(120_000);
    const before = await metric(stack, 'onboarding_emails_failed_total{step="prepare-connection",kind="rejected"}');
    const started = await startAssociation(stack, 'Foreningen Afvist', 'nobody@refused.example');
    assert.equal(started.status, 201);
    const { connectionId, workflowId } = started.body;

    const event = await eventually(
      'the delivery-failed event',
      async () => {
        const status = (await stack.api('GET', `/api/connections/${connectionId}`)).body;
        return status.events.find((e: { type: string }) => e.type === 'delivery-failed');
      },
      { timeoutMs: 90_000 },
    );
    assert.deepEqual(
      { step: event.step, detail: event.detail },
      { step: 'prepare-connection', detail: 'invitation: SMTP 550' },
    );
    const status = (await stack.api('GET', `/api/connections/${connectionId}`)).body;
    assert.equal(status.stage, 'awaiting-preparation', 'the step stays pending, for a re-send');
    assert.deepEqual(
      status.pendingSteps.map((s: { step: string }) => s.step),
      ['prepare-connection'],
    );
    const asCase = (await stack.api('GET', `/api/cases/${workflowId}`)).body;
    assert.ok(asCase.events.some((e: { type: string }) => e.type === 'delivery-failed'));

    const row = await invitationRow(stack, workflowId);
    assert.equal(row?.status, 'failed');
    assert.match(row?.lastError ?? '', /^550\b/);
    assert.equal(row?.attempts, 1);
    assert.equal(
      await metric(stack, 'onboarding_emails_failed_total{step="prepare-connection",kind="rejected"}'),
      before + 1,
    );
    const audit = await auditRows(stack, { workflowId });
    assert.ok(audit.some((e) => e.action === 'step:prepare-connection' && e.outcome === 'invitation-failed'));

    // Retries stopped: the activity completed once, no failed attempt in the history.
    const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
    const types = history.events!.map((e) => e.eventType);
    const { EventType } = temporal.api.enums.v1;
    assert.equal(types.filter((t) => t === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).length, 1);
    assert.equal(types.filter((t) => t === EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED).length, 0);
    assert.equal((await invitationRow(stack, workflowId))?.attempts, 1);

    // The operator re-sends the step to a corrected address: the process goes on from there.
    const corrected = 'lars.nielsen@example.dk';
    const resent = await stack.api('POST', `/api/cases/${workflowId}/resend`, {
      step: 'prepare-connection',
      recipient: { name: 'Lars Nielsen', email: corrected },
    });
    assert.equal(resent.status, 202, JSON.stringify(resent.body));
    const mail = await eventually('the re-sent invitation', async () => (await stack.mail(corrected))[0], {
      timeoutMs: 90_000,
    });
    assert.ok(mail.links.some((url) => url.includes('/l/')));
    await stack.api('POST', `/api/connections/${connectionId}/cancel`, { reason: 'test over' });
  });

  it('tells a permanent refusal (5xx to RCPT TO) from one a later attempt may get through (4xx, connection)', () => {
    const rcpt = (responseCode: number) =>
      Object.assign(new Error('refused'), {
        code: 'EENVELOPE',
        command: 'RCPT TO',
        responseCode,
        response: `${responseCode} refused`,
      });
    assert.equal(permanentRejection(rcpt(550)), '550 refused');
    assert.equal(permanentRejection(rcpt(450)), undefined);
    assert.equal(
      permanentRejection(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' })),
      undefined,
    );
  });
});
