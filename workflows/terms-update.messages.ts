// Input, result and query of the terms-update process, shared by the workflow, its activities and api/terms.ts.
import { defineQuery } from '@temporalio/workflow';
import type { TermsNotice } from '../activities/terms';
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
  /** The last notice every organisation has had (`update` when absent: older runs carry none). */
  lastNotice?: TermsNotice;
}

export interface TermsUpdateInput {
  terms: PublishedTerms;
  noticeMonths: number;
  /** How often, during the notice period, organisations connected since are sought out and told. */
  lateConnectionSweepEvery: string;
  /** How often an update waiting for an earlier one's notice to go out looks again. */
  earlierUpdatePollEvery: string;
  /** How long before the effective date every administrator is reminded (the default when absent: older runs carry none). */
  reminderBefore?: string;
  pageSize: number;
  /** Continue as new once the history holds this many events (tests lower it). */
  historyLimit?: number;
  resume?: TermsUpdateProgress;
}

export type TermsUpdateStage =
  | 'published'
  | 'waiting-for-previous'
  | 'notifying'
  | 'announcing-date'
  | 'notice-period'
  | 'reminding'
  | 'reminded'
  | 'effective';

export interface TermsUpdateStatus {
  version: string;
  kind: TermsKind;
  stage: TermsUpdateStage;
  organizationsTotal: number;
  organizationsNotified: number;
  emailsSent: number;
  notifiedAllAt: string | null;
  effectiveAt: string | null;
  /** When every administrator is reminded, once the effective date is fixed. */
  reminderAt: string | null;
  /** The last notice every organisation has had: the update, the fixed date, or the reminder. */
  lastNotice: TermsNotice;
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
