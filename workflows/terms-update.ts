// A published terms version. An addition is in effect at once. An update is mailed to every
// administrator of every connected organisation, page by page, with the date it is expected to take
// effect; once none is left untold, the moment the last notice went out fixes the effective date
// (`noticeMonths` later), every administrator is told that date, reminded `reminderBefore` it, and the
// process waits for it, meanwhile telling organisations that connect in the notice period. Updates take
// effect in the order they were published: a later one's notice starts once the earlier one's has gone out.
import {
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { TermsActivities, TermsNotice, TermsNoticePageResult } from '../activities/terms';
import { durationMs } from '../domain/duration';
import { batchActivity, defaultDurations, quickActivity, searchAttributes } from '../temporal.config';
import {
  termsUpdateStatusQuery,
  type TermsUpdateInput,
  type TermsUpdateResult,
  type TermsUpdateStage,
  type TermsUpdateStatus,
} from './terms-update.messages';

const { registerTermsVersion, earlierUpdatesNotifying, completeTermsNotification, recordTermsEffective } =
  proxyActivities<TermsActivities>(quickActivity);
// A page mails up to a few hundred people.
const { notifyTermsPage } = proxyActivities<TermsActivities>(batchActivity);

const defaultHistoryLimit = 2000;

/** Runs that reached their notice period before the date notices existed start them at their next sweep. */
const dateNoticesPatch = 'terms-date-notices';

export async function termsUpdate(input: TermsUpdateInput): Promise<TermsUpdateResult> {
  const { terms } = input;
  const workflowId = workflowInfo().workflowId;
  const status: TermsUpdateStatus = {
    version: terms.version,
    kind: terms.kind,
    stage: 'published',
    organizationsTotal: 0,
    organizationsNotified: 0,
    emailsSent: input.resume?.emails ?? 0,
    notifiedAllAt: input.resume?.notifiedAllAt ?? null,
    effectiveAt: input.resume?.effectiveAt ?? null,
    reminderAt: null,
    lastNotice: input.resume?.lastNotice ?? 'update',
  };
  let cursor = input.resume?.cursor ?? '';
  setHandler(termsUpdateStatusQuery, () => status);

  const setStage = (stage: TermsUpdateStage) => {
    status.stage = stage;
    upsertSearchAttributes([
      { key: searchAttributes.processType, value: 'terms' },
      { key: searchAttributes.onboardingStage, value: stage },
    ]);
  };
  const recordPage = (page: TermsNoticePageResult) => {
    status.organizationsTotal = page.total;
    status.organizationsNotified = page.done;
    status.emailsSent += page.emails;
    upsertSearchAttributes([
      { key: searchAttributes.progressTotal, value: page.total },
      { key: searchAttributes.progressDone, value: page.done },
    ]);
  };
  const notifyPage = (after: string, notice: TermsNotice = 'update') =>
    notifyTermsPage({ workflowId, terms, noticeMonths: input.noticeMonths, after, limit: input.pageSize, notice });
  const continueIfHistoryIsLarge = async () => {
    const info = workflowInfo();
    if (!info.continueAsNewSuggested && info.historyLength < (input.historyLimit ?? defaultHistoryLimit)) return;
    await continueAsNew<typeof termsUpdate>({
      ...input,
      resume: {
        cursor,
        emails: status.emailsSent,
        notifiedAllAt: status.notifiedAllAt,
        effectiveAt: status.effectiveAt,
        lastNotice: status.lastNotice,
      },
    });
  };

  if (!input.resume) {
    setStage('published');
    const registered = await registerTermsVersion({ workflowId, terms });
    if (terms.kind === 'addition') {
      const effectiveAt = registered.effectiveAt ?? terms.publishedAt;
      await recordTermsEffective({ workflowId, version: terms.version, effectiveAt });
      status.effectiveAt = effectiveAt;
      setStage('effective');
      return { version: terms.version, notifiedAllAt: null, effectiveAt };
    }
  }

  if (!status.effectiveAt) {
    let earlier = await earlierUpdatesNotifying({ version: terms.version, publishedAt: terms.publishedAt });
    if (earlier.length > 0) setStage('waiting-for-previous');
    while (earlier.length > 0) {
      await sleep(input.earlierUpdatePollEvery);
      await continueIfHistoryIsLarge();
      earlier = await earlierUpdatesNotifying({ version: terms.version, publishedAt: terms.publishedAt });
    }
    setStage('notifying');
  }
  while (!status.effectiveAt) {
    const page = await notifyPage(cursor);
    recordPage(page);
    if (!page.reachedEnd) {
      cursor = page.lastOrgId!;
    } else if (cursor !== '' || page.organizations > 0) {
      // One more pass from the start finds organisations that connected behind the cursor.
      cursor = '';
    } else {
      const outcome = await completeTermsNotification({
        workflowId,
        version: terms.version,
        noticeMonths: input.noticeMonths,
      });
      if (outcome.complete) {
        status.notifiedAllAt = outcome.notifiedAllAt;
        status.effectiveAt = outcome.effectiveAt;
      }
    }
    await continueIfHistoryIsLarge();
  }

  const effectiveMs = Date.parse(status.effectiveAt);
  const reminderMs = effectiveMs - durationMs(input.reminderBefore ?? defaultDurations.terms.reminderBefore);
  status.reminderAt = new Date(reminderMs).toISOString();
  const sweepEvery = durationMs(input.lateConnectionSweepEvery);

  // A pass through every organisation (continuing as new on the way, resuming at the cursor); one that
  // connects behind the cursor is found by the next sweep.
  const tellEveryone = async (notice: TermsNotice, stage: TermsUpdateStage) => {
    setStage(stage);
    for (;;) {
      const page = await notifyPage(cursor, notice);
      recordPage(page);
      if (page.reachedEnd) break;
      cursor = page.lastOrgId!;
      await continueIfHistoryIsLarge();
    }
    cursor = '';
    status.lastNotice = notice;
  };
  // The notices now due: the fixed date once (a run already in its notice period when the date notices
  // came gets here after its next sweep), then the reminder once its time has come.
  const sendDueNotices = async () => {
    if (status.lastNotice === 'update' && patched(dateNoticesPatch)) await tellEveryone('date', 'announcing-date');
    if (status.lastNotice === 'date' && Date.now() >= reminderMs) await tellEveryone('reminder', 'reminding');
    const waiting = status.lastNotice === 'reminder' ? 'reminded' : 'notice-period';
    if (status.stage !== waiting) setStage(waiting);
  };

  await sendDueNotices();
  while (Date.now() < effectiveMs) {
    await sleep(
      Math.min(Date.now() + sweepEvery, status.lastNotice === 'date' ? reminderMs : effectiveMs, effectiveMs) -
        Date.now(),
    );
    if (Date.now() >= effectiveMs) break;
    // Organisations connected since the last pass: the first notice, naming the fixed date. Once the
    // reminder is due, its pass finds them instead.
    if (status.lastNotice !== 'date' || Date.now() < reminderMs) {
      for (let after = ''; ;) {
        const page = await notifyPage(after, status.lastNotice);
        recordPage(page);
        if (page.reachedEnd) break;
        after = page.lastOrgId!;
      }
    }
    await sendDueNotices();
    await continueIfHistoryIsLarge();
  }

  await recordTermsEffective({ workflowId, version: terms.version, effectiveAt: status.effectiveAt });
  setStage('effective');
  return { version: terms.version, notifiedAllAt: status.notifiedAllAt, effectiveAt: status.effectiveAt };
}
