// Messages and shapes of the connection process (MitID Erhverv "tilslutning").
import { defineUpdate } from '@temporalio/workflow';
import type { OrganizationKind } from '../domain/organization';
import type { StepTiming } from '../temporal.config';
import type { Actor } from './process.messages';

export interface Person {
  name: string;
  email: string;
}

export interface ConnectionInput {
  /** `country`: ISO 3166-1 alpha-2; `DK` unless a foreign company's. */
  organization: { orgId: string; name: string; kind: OrganizationKind; country: string; cvr?: string };
  initiator: Person & { role: 'representative' | 'registrant' };
  representative: Person;
  timing: {
    prepare: StepTiming;
    approve: StepTiming;
    resubmitDocuments: StepTiming;
    documentReviewReminderWorkingDays: number;
    setup: StepTiming;
  };
  caseWorkerEmail: string;
  /**
   * Whether the representative proves their tie with documentation (else the company register), resolved
   * from DOCUMENTATION_REQUIRED_KINDS when the process starts; when absent (older inputs), the default rule
   * (`requiresDocumentation`).
   */
  documentationRequired?: boolean;
}

export type ConnectionStage =
  | 'awaiting-preparation'
  | 'awaiting-approval'
  | 'awaiting-revision'
  | 'checking-company-register'
  | 'awaiting-document-review'
  | 'awaiting-resubmission'
  | 'connected'
  | 'rejected'
  | 'expired'
  | 'cancelled';

export interface ReviewDocumentRequest {
  documentId: string;
  decision: 'approve' | 'reject';
  reason?: string;
  actor: Actor;
}

export interface ConnectionDocumentView {
  documentId: string;
  documentType: string;
  sha256: string;
  /** `withdrawn`: taken back by the registrant in a revision; not reviewed. */
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  reason?: string;
}

export interface ConnectionResult {
  stage: ConnectionStage;
  reason?: string;
}

export const reviewDocumentUpdate = defineUpdate<{ status: 'approved' | 'rejected' }, [ReviewDocumentRequest]>(
  'reviewDocument',
);
