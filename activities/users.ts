// The user-activation process's effect: a user's outcome on their row and in their batch, once, and only
// by the process that holds their activation (a re-sent activation moves the user to a new process).
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
}

export function createUserActivities(deps: { db: Db }) {
  const { db } = deps;
  return {
    async recordActivationOutcome(record: ActivationOutcomeRecord): Promise<void> {
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
