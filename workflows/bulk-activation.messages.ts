// The bulk-activation process's input and the progress it reports (also GET .../activations/:batchId).
import type { Language } from '../domain/language';
import type { LoginMethod } from '../domain/users';
import type { StepTiming } from '../temporal.config';

export interface BulkActivationInput {
  /** `country`: the organisation's (a foreign company's own); DK when absent (older inputs carry none). */
  organization: { orgId: string; name: string; language: Language; country?: string };
  batchId: string;
  loginMethod: LoginMethod;
  total: number;
  timing: StepTiming;
  /** Users per user-activation process. */
  groupSize: number;
  /** Users whose e-mail may be outstanding before the next group starts. */
  usersInFlight: number;
  /** How often progress is read while waiting for e-mails to go out. */
  pollEvery: string;
  /** Continue-as-new before the history passes this many events. */
  historyLimit?: number;
  resume?: { after: string; groups: number; allStarted: boolean; startedUsers: number };
}

export interface ActivationProgress {
  total: number;
  emailed: number;
  active: number;
  rejected: number;
  expired: number;
  failed: number;
  /** Every activation e-mail was accepted by the mail server or refused for good. */
  done: boolean;
}

export function bulkActivationId(orgId: string, batchId: string): string {
  return `bulk-activation-${orgId}-${batchId}`;
}
