// Activity doubles for workflow tests on the time-skipping server: they record what the process asked
// for (mails, links, DB effects) so a test can assert it and act on the links.
import type { StepMessageRequest, StepMessageResult } from '../../activities/steps';
import type { AuditEvent } from '../../activities/audit';
import type { EmailRequest, EmailResult } from '../../activities/mail/mailer';

export class RecordedEffects {
  readonly stepMessages: StepMessageRequest[] = [];
  readonly emails: EmailRequest[] = [];
  readonly audit: AuditEvent[] = [];
  readonly calls: Array<{ name: string; args: unknown }> = [];

  readonly messageBatches: number[] = [];
  private held?: Promise<void>;

  /** From now until `release()`, step messages are asked for but stay on their way: their activities do not return. */
  holdMail(): { release: () => void } {
    let release!: () => void;
    this.held = new Promise((resolve) => (release = resolve));
    return {
      release: () => {
        this.held = undefined;
        release();
      },
    };
  }

  stepActivities() {
    const sendStepMessage = async (request: StepMessageRequest): Promise<StepMessageResult> => {
      this.stepMessages.push(request);
      await this.held;
      return { status: 'sent' };
    };
    return {
      sendStepMessage,
      sendStepMessages: async (requests: StepMessageRequest[]): Promise<StepMessageResult[]> => {
        this.messageBatches.push(requests.length);
        return Promise.all(requests.map(sendStepMessage));
      },
      recordAudit: async (event: AuditEvent): Promise<void> => {
        this.audit.push(event);
      },
      sendEmail: async (request: EmailRequest): Promise<EmailResult> => {
        this.emails.push(request);
        return { status: 'sent', messageId: request.idempotencyKey };
      },
    };
  }

  /** A recording double of any activity: returns what `answer` gives. */
  record<Args, Result>(name: string, answer: (args: Args) => Result): (args: Args) => Promise<Result> {
    return async (args: Args) => {
      this.calls.push({ name, args });
      return answer(args);
    };
  }

  callsOf(name: string): unknown[] {
    return this.calls.filter((call) => call.name === name).map((call) => call.args);
  }

  invitations(step: string, kind: 'invitation' | 'reminder' = 'invitation'): StepMessageRequest[] {
    return this.stepMessages.filter((message) => message.step === step && message.kind === kind);
  }
}
