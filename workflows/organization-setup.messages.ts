import type { SeparateMeans } from '../domain/step-inputs';
import type { StepTiming } from '../temporal.config';

export interface OrganizationSetupInput {
  organization: { orgId: string; name: string; country: string };
  /** `subject`: an administrator who logged in earlier in the case (as initiator or representative) is bound to that login. */
  administrators: Array<{ name: string; email: string; subject?: string }>;
  timing: StepTiming;
}

export interface LoginPolicy {
  allowPrivateMitId: boolean;
  separateMeans: SeparateMeans[];
}

export interface OrganizationSetupResult {
  stage: 'completed' | 'expired' | 'cancelled';
  loginPolicy?: LoginPolicy;
  administrators: Array<{ email: string; outcome: 'active' | 'expired' | 'cancelled' }>;
}
