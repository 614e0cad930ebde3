// What an approved connection leads to, as one follow-up activity: its setup process started and its receipts
// mailed. Each effect is idempotent on its own (the setup's id, each receipt's outbox key), so a retry redoes
// only what had not happened; a burst of approvals then schedules one activity each, not one per effect.
import type { EmailRequest, EmailResult } from './mail/mailer';
import type { MailActivities } from './mail/activities';
import type { SetupStartActivities } from './setup';

export interface ConnectedFollowUpRequest {
  setup: Parameters<SetupStartActivities['startOrganizationSetup']>[0];
  receipts: EmailRequest[];
}

export function createConnectedFollowUp(parts: SetupStartActivities & Pick<MailActivities, 'sendEmail'>) {
  return {
    /** Starts the setup and sends the receipts; the receipts' results, in their order. */
    async followUpConnection(request: ConnectedFollowUpRequest): Promise<EmailResult[]> {
      const [receipts] = await Promise.all([
        Promise.all(request.receipts.map((receipt) => parts.sendEmail(receipt))),
        parts.startOrganizationSetup(request.setup),
      ]);
      return receipts;
    },
  };
}

export type ConnectedFollowUpActivities = ReturnType<typeof createConnectedFollowUp>;
