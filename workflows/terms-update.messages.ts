// Input, result and query of the terms-update process, shared by the workflow, its activities and api/terms.ts.
import { defineQuery } from '@temporalio/workflow';
import type { TermsKind } from '../domain/terms';

export interface PublishedTerms {
  version: string;
  title: string;
  url: string;
  text: string | null;
  contentHash: string;
  kind: TermsKind;
  publishedAt: string;
}

/** What a run hands the next one when it continues as new. */
export interface TermsUpdateProgress {
  cursor: string;
  emails: number;
  notifiedAllAt: string | null;
  effectiveAt: string | null;
}

export interface TermsUpdateInput {
  terms: PublishedTerms;
  noticeMonths: number;
  /** How often, during the notice period, organisations connected since are sought out and told. */
  lateConnectionSweepEvery: string;
  /** How often an update waiting for an earlier one's notice to go out looks again. */
  earlierUpdatePollEvery: string;
  pageSize: number;
  /** Continue as new once the history holds this many events (tests lower it). */
  historyLimit?: number;
  resume?: TermsUpdateProgress;
}

export type TermsUpdateStage = 'published' | 'waiting-for-previous' | 'notifying' | 'notice-period' | 'effective';

export interface TermsUpdateStatus {
  version: string;
  kind: TermsKind;
  stage: TermsUpdateStage;
  organizationsTotal: number;
  organizationsNotified: number;
  emailsSent: number;
  notifiedAllAt: string | null;
  effectiveAt: string | null;
}

export interface TermsUpdateResult {
  version: string;
  notifiedAllAt: string | null;
  effectiveAt: string;
}

export const termsUpdateStatusQuery = defineQuery<TermsUpdateStatus>('termsUpdateStatus');

export function termsWorkflowId(version: string): string {
  return `terms-${version}`;
}
