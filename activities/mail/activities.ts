// The e-mail activity: workflows send mail only through here, so Temporal retries transient SMTP trouble.
import { Context } from '@temporalio/activity';
import type { EmailRequest, EmailResult, Mailer } from './mailer';

export function createMailActivities(mailer: Mailer) {
  return {
    async sendEmail(request: EmailRequest): Promise<EmailResult> {
      const { log, info } = Context.current();
      const result = await mailer.send(request);
      if (result.status === 'failed') {
        log.warn('e-mail rejected permanently', {
          workflowId: request.workflowId,
          step: request.step,
          template: request.template,
          error: result.error,
        });
      } else if (info.attempt > 1) {
        log.info('e-mail sent after retries', {
          workflowId: request.workflowId,
          step: request.step,
          attempts: info.attempt,
        });
      }
      return result;
    },
  };
}

export type MailActivities = ReturnType<typeof createMailActivities>;
