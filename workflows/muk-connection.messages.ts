// The MUK connection's input, stages and status details, shared by the workflow and api/muk.ts. Its
// messages are the shared ones (process.messages.ts): each operator event completes the pending step of
// the same name through `completeStep`, and `processStatus` answers with the details below.
import type { IntegrationCheckResult } from '../activities/muk/integration-check';
import type { LabelledApplication } from '../domain/muk/application';
import type { StartMukConnection } from '../domain/muk/municipality';
import type { ServiceProviderCertificates, ServiceProviderPlan } from '../domain/muk/service-provider';
import type { VendorProfile } from '../domain/muk/vendor';
import type { Durations } from '../temporal.config';

export interface MukConnectionInput {
  /** The connection's id in the API; the workflow id is `muk-<municipalityKey>`. */
  municipalityKey: string;
  request: StartMukConnection;
  /** Resolved from configuration at start, so a running connection keeps the values it was started with. */
  vendor: VendorProfile;
  timing: Durations['muk'];
}

export type MukConnectionStage =
  | 'awaiting-municipality-data'
  | 'awaiting-vorhaben-submission'
  | 'awaiting-vorhaben-confirmation'
  | 'preparing-service-provider'
  | 'awaiting-service-provider-creation'
  | 'awaiting-service-provider-approval'
  | 'checking-integration'
  | 'awaiting-integration-test'
  | 'done'
  | 'expired'
  | 'cancelled';

export interface MukServiceProviderView {
  plan: ServiceProviderPlan;
  /** Public certificates only. */
  certificates: ServiceProviderCertificates;
  /** The service portal's form, field by field, certificates as bare base64. */
  form: Record<string, string>;
  portalServiceProviderId?: string;
  approved: boolean;
  automatedCheck?: IntegrationCheckResult;
  /** Why the last integration test failed, while the Service Provider is being corrected. */
  lastFailure?: string;
  /** Why the service portal rejected the Service Provider, while it is being corrected. */
  lastRejection?: string;
}

/** A type, not an interface, so it fits the tracker's `Record<string, unknown>` details. */
export type MukConnectionDetails = {
  municipalityKey: string;
  /** As confirmed or corrected by the municipality's contact, where the start named one. */
  municipality: StartMukConnection['municipality'];
  responsible: StartMukConnection['responsible'];
  portalLoginUrl: string;
  application: LabelledApplication;
  vorhabenReference?: string;
  /** Why the service portal sent the Vorhaben back, while it is being corrected. */
  vorhabenReturned?: string;
  serviceProvider: MukServiceProviderView | null;
};

export interface MukConnectionResult {
  stage: MukConnectionStage;
  reason?: string;
}
