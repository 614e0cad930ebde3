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
  organization: { orgId: string; name: string; kind: OrganizationKind; country: 'DK'; cvr?: string };
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
}

export type ConnectionStage =
  | 'awaiting-preparation'
  | 'awaiting-approval'
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
  status: 'pending' | 'approved' | 'rejected';
  reason?: string;
}

export interface ConnectionResult {
  stage: ConnectionStage;
  reason?: string;
}

export const reviewDocumentUpdate = defineUpdate<{ status: 'approved' | 'rejected' }, [ReviewDocumentRequest]>('reviewDocument');
