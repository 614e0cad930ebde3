import type { EmailRequest } from '../../activities/mail/mailer';

/** The invitation to approve a connection, as the step activities ask the mailer for it, for the mail tests. */
export function approvalInvitation(options: {
  workflowId: string;
  email: string;
  actionUrl: string;
  recipientName?: string;
}): EmailRequest {
  const { workflowId, email, actionUrl } = options;
  return {
    idempotencyKey: `${workflowId}|approve-connection|${email}|1`,
    workflowId,
    step: 'approve-connection',
    to: { email, name: 'Mette Hansen' },
    language: 'da',
    template: 'step-invitation',
    vars: {
      step: 'approve-connection',
      recipientName: options.recipientName ?? 'Mette Hansen',
      organizationName: 'Bageriet ApS',
      actionUrl,
      expiresAt: '2030-03-01T11:00:00.000Z',
    },
  };
}
