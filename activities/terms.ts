// What the terms-update workflow asks of the outside world: the version's row, pages of notices to the
// administrators of every connected organisation (the update, then the fixed date, then the reminder),
// the moment all were told, and the audit trail. Each notice is recorded per organisation once all its
// administrators were mailed, so a retried page resumes where it stopped; the outbox key makes a mail
// that went out before a crash go out once.
import type { Db } from '../db/open';
import {
  completeTermsNotice,
  earlierEffectiveDates,
  earlierUpdatesNotifying,
  findTermsVersion,
  organizationsToTell,
  recordFirstTermsNotice,
  recordLaterTermsNotice,
  saveTermsVersion,
  termsNoticeProgress,
  type TermsNotice,
  type TermsNotificationOutcome,
} from '../db/terms';
import { languageForCountry, type Language } from '../domain/language';
import { termsEffectiveAt } from '../domain/terms';
import type { PublishedTerms } from '../workflows/terms-update.messages';
import { appendAudit } from '../db/audit';
import { inLanes } from './lanes';
import type { Mailer } from './mail/mailer';

export type { TermsNotice, TermsNotificationOutcome };

export interface TermsNoticePage {
  workflowId: string;
  terms: Pick<PublishedTerms, 'version' | 'title' | 'url'>;
  noticeMonths: number;
  /** Organisations are taken in org id order after this one ('' from the start), skipping those already told. */
  after: string;
  limit: number;
  /** The update notice when absent (older runs carry none). */
  notice?: TermsNotice;
}

export interface TermsNoticePageResult {
  organizations: number;
  emails: number;
  /** Addresses refused for good. */
  failed: number;
  lastOrgId: string | null;
  reachedEnd: boolean;
  /** Connected organisations now, and how many of them have had this page's notice about this version. */
  total: number;
  done: number;
}

/** Parallel SMTP sends per page: enough to keep the mail pool busy without flooding it. */
const sendConcurrency = 16;

const knownLanguages: readonly string[] = ['da', 'de', 'en'] satisfies Language[];

/** When an update published at `publishedAt` applies if its last notice goes out at `lastNoticeAt`. */
async function effectiveDate(db: Db, publishedAt: string, lastNoticeAt: string, noticeMonths: number): Promise<string> {
  return termsEffectiveAt(lastNoticeAt, noticeMonths, await earlierEffectiveDates(db, publishedAt));
}

export function createTermsActivities(deps: { db: Db; mailer: Mailer; clock?: () => Date }) {
  const { db, mailer } = deps;
  const clock = deps.clock ?? (() => new Date());

  return {
    /** Writes the version's row unless the API already did; an addition is in effect from its publication. */
    async registerTermsVersion(request: {
      workflowId: string;
      terms: PublishedTerms;
    }): Promise<{ effectiveAt: string | null }> {
      const { terms } = request;
      await saveTermsVersion(db, { ...terms, effectiveAt: terms.kind === 'addition' ? terms.publishedAt : null });
      const row = (await findTermsVersion(db, terms.version))!;
      await appendAudit(db, {
        eventKey: `terms-published:${terms.version}`,
        at: row.publishedAt,
        actor: 'system',
        workflowId: request.workflowId,
        action: 'terms',
        outcome: 'published',
        details: { version: terms.version, kind: terms.kind, contentHash: row.contentHash },
      });
      return { effectiveAt: row.effectiveAt };
    },

    /** Updates published earlier whose notice is still going out: this one's notice waits for them. */
    async earlierUpdatesNotifying(request: { version: string; publishedAt: string }): Promise<string[]> {
      return earlierUpdatesNotifying(db, request.version, request.publishedAt);
    },

    async notifyTermsPage(request: TermsNoticePage): Promise<TermsNoticePageResult> {
      const { version } = request.terms;
      const notice = request.notice ?? 'update';
      const { orgs: page, admins } = await organizationsToTell(db, {
        version,
        notice,
        after: request.after,
        limit: request.limit,
      });
      const row = (await findTermsVersion(db, version))!;
      const now = clock().toISOString();
      // Before the date is fixed, the earliest it can be: this notice the last one.
      const firstNotice = {
        noticeMonths: request.noticeMonths,
        dateFixed: row.effectiveAt !== null,
        effectiveAt: row.effectiveAt ?? (await effectiveDate(db, row.publishedAt, now, request.noticeMonths)),
      };

      let emails = 0;
      let failed = 0;
      const notifyOrganization = async (org: (typeof page)[number]) => {
        const language = knownLanguages.includes(org.language)
          ? (org.language as Language)
          : languageForCountry(org.country);
        const recipients = admins.filter((admin) => admin.orgId === org.orgId);
        const first = org.toldAt === null;
        let refused = 0;
        for (const admin of recipients) {
          const vars = {
            recipientName: admin.name,
            organizationName: org.name,
            ...request.terms,
            effectiveAt: row.effectiveAt,
          };
          const result = await mailer.send({
            idempotencyKey: first
              ? `terms-${version}-${org.orgId}-${admin.email}`
              : `terms-${notice}-${version}-${org.orgId}-${admin.email}`,
            workflowId: request.workflowId,
            step: first ? 'terms-notice' : `terms-${notice}`,
            to: { email: admin.email, name: admin.name },
            language,
            ...(first
              ? { template: 'terms-update-notice', vars: { ...vars, ...firstNotice } }
              : { template: notice === 'date' ? 'terms-date-notice' : 'terms-reminder', vars }),
          });
          if (result.status === 'failed') refused += 1;
        }
        const toldAt = clock().toISOString();
        if (first) {
          // A first notice naming the fixed date also tells the date, and after the reminders it stands for one.
          await recordFirstTermsNotice(db, {
            version,
            orgId: org.orgId,
            notifiedAt: toldAt,
            recipients: recipients.length,
            failed: refused,
            dateNotifiedAt: firstNotice.dateFixed ? toldAt : null,
            remindedAt: notice === 'reminder' ? toldAt : null,
          });
        } else {
          await recordLaterTermsNotice(db, { version, orgId: org.orgId, notice, at: toldAt });
        }
        emails += recipients.length - refused;
        failed += refused;
      };
      await inLanes(page, sendConcurrency, notifyOrganization);

      return {
        organizations: page.length,
        emails,
        failed,
        lastOrgId: page.at(-1)?.orgId ?? null,
        reachedEnd: page.length < request.limit,
        ...(await termsNoticeProgress(db, version, notice)),
      };
    },

    /**
     * Once no connected organisation is left untold (checked and written in one transaction, so one that
     * connects meanwhile is either counted here or sought out later), records when the last notice went out
     * and the effective date that follows from it.
     */
    async completeTermsNotification(request: {
      workflowId: string;
      version: string;
      noticeMonths: number;
    }): Promise<TermsNotificationOutcome> {
      return completeTermsNotice(db, request.version, {
        now: () => clock().toISOString(),
        effectiveAtFor: (notifiedAllAt, earlierDates) =>
          termsEffectiveAt(notifiedAllAt, request.noticeMonths, earlierDates),
        completed: (notifiedAllAt, effectiveAt, progress) => ({
          eventKey: `terms-notified-all:${request.version}`,
          at: notifiedAllAt,
          actor: 'system',
          workflowId: request.workflowId,
          action: 'terms',
          outcome: 'notified-all',
          details: { version: request.version, effectiveAt, ...progress },
        }),
      });
    },

    async recordTermsEffective(request: { workflowId: string; version: string; effectiveAt: string }): Promise<void> {
      await appendAudit(db, {
        eventKey: `terms-effective:${request.version}`,
        at: request.effectiveAt,
        actor: 'system',
        workflowId: request.workflowId,
        action: 'terms',
        outcome: 'effective',
        details: { version: request.version },
      });
    },
  };
}

export type TermsActivities = ReturnType<typeof createTermsActivities>;
