// What workflows/human-step.ts asks of the outside world: mail a step's link (minting it once), and
// append to the audit trail.
import type { AppConfig } from '../config/env';
import type { Db } from '../db/open';
import type { Language } from '../domain/language';
import { runKeyOf } from '../domain/run-key';
import type { LinkAcceptance } from '../domain/link-acceptance';
import { closeLinks } from '../links/claims';
import { linkUrl, saveLink } from '../links/store';
import type { ClaimedStep } from '../workflows/process.messages';
import { signedViewUrl } from '../links/view-links';
import { appendAudit, appendAuditEvents, type AuditEvent } from '../db/audit';
import { inLanes } from './lanes';
import type { Mailer } from './mail/mailer';

const viewLinkGrace = 30 * 86_400_000;

export interface StepMessageRequest {
  workflowId: string;
  /**
   * The workflow's first run id (`firstExecutionRunId`): a later process under the same workflow id gets new
   * links and mails. The field keeps its name for the activities already scheduled with it.
   */
  runKey: string;
  organizationId: string;
  step: string;
  key?: string;
  /** Bumped when the step's link is re-sent: a new link, the old one stops working. */
  attempt: number;
  kind: 'invitation' | 'reminder';
  reminderNumber: number;
  recipient: { name: string; email: string };
  language: Language;
  organizationName: string;
  expiresAt: string;
  /** The action link to mint for the person (chosen by the workflow); without one the mail points at `pagePath`. */
  linkId?: string;
  pagePath?: string;
  /** What the link accepts, where it decides a click itself (domain/link-acceptance.ts). */
  acceptance?: LinkAcceptance;
  details?: string[];
  /** Audit rows of the click that led here, written before the mail (workflows/human-step.ts `takeAudits`). */
  audit?: AuditEvent[];
}

export interface StepMessageResult {
  status: 'sent' | 'failed';
  error?: string;
}

/** Parallel sends of one batch; several groups mail at once and share the SMTP pool (measured: bench/activations.ts). */
const batchConcurrency = 10;

export function createStepActivities(deps: { db: Db; config: AppConfig; mailer: Mailer }) {
  const { db, config, mailer } = deps;

  async function sendStepMessage(request: StepMessageRequest): Promise<StepMessageResult> {
    await appendAuditEvents(db, request.audit);
    const { linkId } = request;
    // A page for someone without an operator key: readable through a signed link a while past the step.
    let actionUrl = request.pagePath
      ? signedViewUrl(
          config.publicBaseUrl,
          config.env.LINK_SIGNING_KEY,
          request.pagePath,
          new Date(Date.parse(request.expiresAt) + viewLinkGrace),
        )
      : config.publicBaseUrl;
    if (linkId) {
      // A retry saves the same values (the workflow chose the link), so the URL follows from them.
      const link = {
        linkId,
        workflowId: request.workflowId,
        step: request.step,
        stepKey: request.key ?? null,
        recipientEmail: request.recipient.email,
        language: request.language,
        expiresAt: request.expiresAt,
      };
      await saveLink(db, { ...link, acceptance: request.acceptance ? JSON.stringify(request.acceptance) : null });
      actionUrl = linkUrl(config.publicBaseUrl, config.env.LINK_SIGNING_KEY, link);
    }
    const sequence = request.kind === 'invitation' ? 'invitation' : `reminder-${request.reminderNumber}`;
    const result = await mailer.send({
      idempotencyKey: [
        request.workflowId,
        request.runKey,
        request.step,
        request.key ?? '',
        request.recipient.email,
        request.attempt,
        sequence,
      ].join('|'),
      workflowId: request.workflowId,
      step: request.step,
      to: request.recipient,
      language: request.language,
      template: request.kind === 'invitation' ? 'step-invitation' : 'step-reminder',
      vars: {
        step: request.step,
        recipientName: request.recipient.name,
        organizationName: request.organizationName,
        actionUrl,
        expiresAt: request.expiresAt,
        details: request.details ?? [],
      },
    });
    if (request.kind === 'invitation') {
      await appendAudit(db, {
        eventKey: `${runKeyOf({ workflowId: request.workflowId, firstExecutionRunId: request.runKey })}:step-invited:${request.step}#${request.key ?? ''}:${request.attempt}`,
        at: new Date().toISOString(),
        actor: 'system',
        orgId: request.organizationId,
        workflowId: request.workflowId,
        action: `step:${request.step}`,
        outcome: result.status === 'sent' ? 'invited' : 'invitation-failed',
      });
    }
    return { status: result.status, ...(result.error ? { error: result.error } : {}) };
  }

  return {
    sendStepMessage,

    /**
     * The messages of many steps that fell due together (a group of users invited at once): one activity
     * instead of one each spares the server a task per person. Each message keeps its own idempotency key,
     * so a retry sends only what had not gone out.
     */
    async sendStepMessages(requests: StepMessageRequest[]): Promise<StepMessageResult[]> {
      const results: StepMessageResult[] = new Array(requests.length);
      await inLanes(requests, batchConcurrency, async (request, index) => {
        results[index] = await sendStepMessage(request);
      });
      return results;
    },

    async recordAudit(event: AuditEvent): Promise<void> {
      await appendAudit(db, event);
    },

    /** Closes the steps' links before the process ends the steps; the clicks already claimed on them, to take instead. */
    async closeStepLinks(linkIds: string[]): Promise<ClaimedStep[]> {
      return (await closeLinks(db, linkIds, new Date())) as ClaimedStep[];
    },
  };
}

export type StepActivities = ReturnType<typeof createStepActivities>;
