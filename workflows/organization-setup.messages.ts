import type { SeparateMeans } from '../domain/step-inputs';
import type { StepTiming } from '../temporal.config';

export interface OrganizationSetupInput {
  organization: { orgId: string; name: string; country: 'DK' };
  administrators: Array<{ name: string; email: string }>;
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
