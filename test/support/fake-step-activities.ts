// Activity doubles for workflow tests on the time-skipping server: every call is recorded under the activity's
// name, so a test asserts on what the process asked for (mails, links, DB effects) and acts on the links.
import type { StepMessageRequest, StepMessageResult } from '../../activities/steps';
import type { AuditEvent } from '../../db/audit';
import type { EmailRequest, EmailResult } from '../../activities/mail/mailer';
import type { ClaimedStep } from '../../workflows/process.messages';

/** The argument each step activity is called with: what `callsOf` gives for it. */
interface StepActivityArgs {
  sendStepMessage: StepMessageRequest;
  sendStepMessages: StepMessageRequest[];
  sendEmail: EmailRequest;
  recordAudit: AuditEvent;
  closeStepLinks: string[];
}

export class RecordedEffects {
  private readonly calls = new Map<string, unknown[]>();
  private held?: Promise<void>;
  /** Clicks claimed on links whose process was not told (`claimedUntold`): found when it closes the link. */
  private readonly untold = new Map<string, ClaimedStep>();

  /**
   * A recording double of any activity: notes its argument under `name`, then returns what `answer` gives. Audit
   * rows an activity writes along with its own work (`audit` of its argument) are noted as `recordAudit` calls.
   */
  record<Args, Result>(
    name: string,
    answer: (args: Args) => Result | Promise<Result>,
  ): (args: Args) => Promise<Result> {
    return async (args: Args) => {
      this.note(name, args);
      const { audit } = (args ?? {}) as { audit?: AuditEvent[] };
      if (Array.isArray(audit)) for (const event of audit) this.note('recordAudit', event);
      return answer(args);
    };
  }

  private note(name: string, args: unknown): void {
    const calls = this.calls.get(name) ?? [];
    calls.push(args);
    this.calls.set(name, calls);
  }

  /** The argument of every call of the activity `name` so far, in the order the calls came. */
  callsOf<Name extends keyof StepActivityArgs>(name: Name): StepActivityArgs[Name][];
  callsOf(name: string): unknown[];
  callsOf(name: string): unknown[] {
    return [...(this.calls.get(name) ?? [])];
  }

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

  /** A click the API claimed on its link but whose signal never reached the process: the link's closing finds it. */
  claimedUntold(claim: ClaimedStep): void {
    this.untold.set(claim.linkId, claim);
  }

  /** The step activities every process calls (mail, links, audit rows), recorded; a batch records each message too. */
  stepActivities() {
    const sendStepMessage = this.record<StepMessageRequest, StepMessageResult>('sendStepMessage', async () => {
      await this.held;
      return { status: 'sent' };
    });
    return {
      sendStepMessage,
      sendStepMessages: this.record('sendStepMessages', (requests: StepMessageRequest[]) =>
        Promise.all(requests.map(sendStepMessage)),
      ),
      recordAudit: this.record<AuditEvent, void>('recordAudit', () => undefined),
      // As links/claims.ts: with the claims those found were judged after, which the process takes first.
      closeStepLinks: this.record('closeStepLinks', (linkIds: string[]) => {
        const found = linkIds.flatMap((linkId) => this.untold.get(linkId) ?? []);
        const earlier = found
          .map((claim) => claim.judged?.after)
          .filter((linkId): linkId is string => linkId !== undefined && !linkIds.includes(linkId))
          .flatMap((linkId) => this.untold.get(linkId) ?? []);
        return [...earlier, ...found];
      }),
      sendEmail: this.record('sendEmail', (request: EmailRequest): EmailResult => ({
        status: 'sent',
        messageId: request.idempotencyKey,
      })),
    };
  }

  invitations(step: string, kind: 'invitation' | 'reminder' = 'invitation'): StepMessageRequest[] {
    return this.callsOf('sendStepMessage').filter((message) => message.step === step && message.kind === kind);
  }
}
