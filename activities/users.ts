// The user-activation process's effect: a user's outcome on their row and in their batch, once, and only
// by the process that holds their activation (a re-sent activation moves the user to a new process).
import { appendAuditEvents, type AuditEvent } from '../db/audit';
import type { Db } from '../db/open';
import { recordActivationOutcome } from '../db/users';
import type { ActivationOutcome } from '../workflows/user-activation.messages';

export interface ActivationOutcomeRecord {
  eventKey: string;
  orgId: string;
  userId: string;
  workflowId: string;
  status: ActivationOutcome;
  actor: string;
  /** The person an operator re-sent the activation to, who answered it: the user's row becomes theirs. */
  correctedTo?: { name: string; email: string };
  /** The activation step's own audit rows (workflows/human-step.ts `takeAudits`). */
  audit?: AuditEvent[];
}

export function createUserActivities(deps: { db: Db }) {
  const { db } = deps;
  return {
    async recordActivationOutcome({ audit, ...record }: ActivationOutcomeRecord): Promise<void> {
      await appendAuditEvents(db, audit);
      await recordActivationOutcome(db, record, {
        eventKey: record.eventKey,
        at: new Date().toISOString(),
        actor: record.actor,
        orgId: record.orgId,
        workflowId: record.workflowId,
        action: 'activate-user',
        outcome: record.status,
        details: { userId: record.userId },
      });
    },
  };
}

export type UserActivities = ReturnType<typeof createUserActivities>;
