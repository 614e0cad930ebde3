// The user-activation process's input and result, shared with its starters (activities/activations.ts,
// api/organizations.ts). One process holds a group of a batch's users, each a keyed `activate-user` step.
import type { Language } from '../domain/language';
import type { LoginMethod } from '../domain/users';
import type { StepTiming } from '../temporal.config';

export interface ActivationUser {
  /** A random UUID: the step's key, safe in ids and histories. */
  userId: string;
  name: string;
  email: string;
}

/** The `activate-user` step's timing; `means`: the wait for a separate means' activation (a default where a start predates it). */
export interface ActivationTiming extends StepTiming {
  means?: StepTiming;
}

export interface UserActivationInput {
  /** `country`: the organisation's (a foreign company's own); DK when absent (older inputs carry none). */
  organization: { orgId: string; name: string; language: Language; country?: string };
  batchId: string;
  loginMethod: LoginMethod;
  users: ActivationUser[];
  timing: ActivationTiming;
}

/** What the MitID broker's confirmation completes `activate-means` with: the activation, never its code. */
export interface MeansConfirmation {
  activationId: string;
}

export type ActivationOutcome = 'active' | 'rejected' | 'expired';

export interface UserActivationResult {
  outcomes: Record<string, ActivationOutcome>;
}

/** Group processes of a batch: `activation-<orgId>-<batchId>-<group>`; their ids sort together, so outbox rows can be counted by range. */
export function activationGroupPrefix(orgId: string, batchId: string): string {
  return `activation-${orgId}-${batchId}-`;
}

export function activationGroupId(orgId: string, batchId: string, group: number): string {
  return `${activationGroupPrefix(orgId, batchId)}${String(group).padStart(5, '0')}`;
}

/** A re-sent expired activation runs alone, under an id outside every batch's range. */
export function reactivationId(orgId: string, userId: string, nonce: string): string {
  return `reactivation-${orgId}-${userId}-${nonce}`;
}
