import { defineSignal } from '@temporalio/workflow';
import type { OrganizationLoginPolicy } from '../domain/setup';
import type { StepTiming } from '../temporal.config';

export interface OrganizationSetupInput {
  organization: { orgId: string; name: string; country: string };
  /** `subject`: an administrator who logged in earlier in the case (as initiator or representative) is bound to that login. */
  administrators: Array<{ name: string; email: string; subject?: string }>;
  timing: StepTiming;
  /** The organisation's policy when it is set up already (a restart for administrators whose setup lapsed): they choose only their own login. */
  loginPolicy?: LoginPolicy;
}

export type LoginPolicy = OrganizationLoginPolicy;

export interface OrganizationSetupResult {
  stage: 'completed' | 'expired' | 'cancelled';
  loginPolicy?: LoginPolicy;
  administrators: Array<{ email: string; outcome: 'active' | 'expired' | 'cancelled' }>;
}

/** The organisation changed its login policy (PATCH login-policy): administrators still setting up choose within the new one. */
export const loginPolicyChangedSignal = defineSignal<[LoginPolicy]>('loginPolicyChanged');

/** The administrators, each bound to the login (by e-mail) they used earlier in the case, where they did. */
export function bindToLogins(
  administrators: ReadonlyArray<{ name: string; email: string }>,
  logins: ReadonlyMap<string, string>,
): OrganizationSetupInput['administrators'] {
  return administrators.map((administrator) => {
    const subject = logins.get(administrator.email.toLowerCase());
    return subject ? { ...administrator, subject } : administrator;
  });
}

/** The setup process of an organisation; a restart after it lapsed reuses the id. */
export function setupWorkflowId(orgId: string): string {
  return `setup-${orgId}`;
}
