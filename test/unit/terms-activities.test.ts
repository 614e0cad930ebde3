import assert from 'node:assert/strict';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createTermsActivities, type TermsNoticePageResult } from '../../activities/terms';
import { openDatabase, type Db } from '../../db/open';
import { findTermsVersion } from '../../db/terms';
import type { PublishedTerms } from '../../workflows/terms-update.messages';
import { capturingMailer, recipientsOf, seedOrganizations } from '../support/terms-fixtures';

const terms: PublishedTerms = {
  version: '2025-06',
  title: 'Vilkår for MitID Erhverv, juni 2025',
  url: 'https://example.dk/terms/2025-06',
  text: null,
  contentHash: 'x'.repeat(64),
  kind: 'update',
  publishedAt: '2025-06-01T08:00:00.000Z',
};

describe('terms activities', () => {
  let db: Db;
  let sent: ReturnType<typeof capturingMailer>['sent'];
  let activities: ReturnType<typeof createTermsActivities>;
  let now: Date;
  const env = new MockActivityEnvironment();
  const page = (after: string, limit = 2): Promise<TermsNoticePageResult> =>
    env.run(activities.notifyTermsPage, { workflowId: 'terms-2025-06', terms, noticeMonths: 3, after, limit });

  beforeEach(async () => {
    db = await openDatabase(':memory:');
    const capture = capturingMailer(db);
    sent = capture.sent;
    now = new Date('2025-06-01T08:00:00.000Z');
    activities = createTermsActivities({ db, mailer: capture.mailer, clock: () => now });
    await activities.registerTermsVersion({ workflowId: 'terms-2025-06', terms });
  });

  it('pages by org id, mails every administrator in the organisation language and records each organisation once', async () => {
    const admins = await seedOrganizations(db, 3, { adminsEach: 2 });
    const first = await page('');
    assert.deepEqual(first, {
      organizations: 2,
      emails: 4,
      failed: 0,
      lastOrgId: 'org-00002',
      reachedEnd: false,
      total: 3,
      done: 2,
    });
    const second = await page(first.lastOrgId!);
    assert.equal(second.reachedEnd, true);
    assert.equal(second.done, 3);
    assert.deepEqual(recipientsOf(sent), admins.map((a) => a.email).sort());
    const danish = sent.find(
      (m) => (m.to as { address: string }).address === admins.find((a) => a.language === 'da')!.email,
    )!;
    assert.match(String(danish.subject), /^Nye vilkår for MitID Erhverv \(version 2025-06\)/);
    assert.deepEqual(
      await page(''),
      { organizations: 0, emails: 0, failed: 0, lastOrgId: null, reachedEnd: true, total: 3, done: 3 },
      'a pass from the start finds nobody left',
    );
    assert.equal(sent.length, 6, 'nobody was mailed twice');
  });

  it('completes only when no organisation is left untold, dating the effect from the last notice', async () => {
    await seedOrganizations(db, 2);
    now = new Date('2025-06-03T09:30:00.000Z');
    await page('', 10);
    await seedOrganizations(db, 1, { from: 3 });
    assert.deepEqual(
      await env.run(activities.completeTermsNotification, { workflowId: 'w', version: terms.version, noticeMonths: 3 }),
      { complete: false, remaining: 1 },
    );
    now = new Date('2025-06-04T10:00:00.000Z');
    await page('', 10);
    now = new Date('2025-06-20T00:00:00.000Z');
    const outcome = await env.run(activities.completeTermsNotification, {
      workflowId: 'w',
      version: terms.version,
      noticeMonths: 3,
    });
    assert.deepEqual(outcome, {
      complete: true,
      notifiedAllAt: '2025-06-04T10:00:00.000Z',
      effectiveAt: '2025-09-04T10:00:00.000Z',
    });
    assert.equal((await findTermsVersion(db, terms.version))!.effectiveAt, '2025-09-04T10:00:00.000Z');
    assert.deepEqual(
      await env.run(activities.completeTermsNotification, { workflowId: 'w', version: terms.version, noticeMonths: 3 }),
      outcome,
      'idempotent',
    );
  });

  it('names the expected date first, then tells and reminds each organisation of the fixed date once', async () => {
    await seedOrganizations(db, 2);
    await page('', 10);
    assert.match(
      String(sent[0]!.text),
      /Voraussichtlich gelten sie ab dem 1\. September 2025\./,
      'three months from this notice',
    );
    await env.run(activities.completeTermsNotification, { workflowId: 'w', version: terms.version, noticeMonths: 3 });
    await seedOrganizations(db, 1, { from: 3 });
    const pass = (notice: 'date' | 'reminder'): Promise<TermsNoticePageResult> =>
      env.run(activities.notifyTermsPage, { workflowId: 'w', terms, noticeMonths: 3, after: '', limit: 10, notice });

    assert.deepEqual(await pass('date'), {
      organizations: 3,
      emails: 3,
      failed: 0,
      lastOrgId: 'org-00003',
      reachedEnd: true,
      total: 3,
      done: 3,
    });
    assert.deepEqual(
      sent.slice(2).map((m) => String(m.subject)),
      [
        'Neue Nutzungsbedingungen für MitID Erhverv gelten ab dem 1. September 2025',
        'New terms for MitID Erhverv apply from 1 September 2025',
        'Nye vilkår for MitID Erhverv (version 2025-06)',
      ],
    );
    assert.match(
      String(sent[3]!.text),
      /Every organisation administrator has now been notified, so the date is fixed: the new terms apply to Organisation 2 from 1 September 2025 at 08:00 UTC\./,
    );
    assert.match(
      String(sent[4]!.text),
      /Alle har nu fået besked, så datoen ligger fast: Vilkårene gælder fra den 1\. september 2025 kl\. 10\.00 CEST\./,
      'the organisation connected since gets the notice itself, with the date',
    );
    assert.equal((await pass('date')).organizations, 0, 'nobody is told the date twice');

    assert.equal((await pass('reminder')).emails, 3);
    assert.deepEqual(
      sent.slice(5).map((m) => String(m.subject).split(':')[0]),
      ['Erinnerung', 'Reminder', 'Påmindelse'],
    );
    assert.equal((await pass('reminder')).organizations, 0, 'nobody is reminded twice');
    assert.equal(sent.length, 8);
  });

  it('makes a later update wait for an earlier one still notifying', async () => {
    const later = { ...terms, version: '2025-07', publishedAt: '2025-06-02T08:00:00.000Z' };
    await activities.registerTermsVersion({ workflowId: 'terms-2025-07', terms: later });
    assert.deepEqual(await activities.earlierUpdatesNotifying(later), ['2025-06']);
    assert.deepEqual(await activities.earlierUpdatesNotifying(terms), []);
  });

  it('registers an addition as in effect from its publication', async () => {
    const addition = { ...terms, version: '2025-06a', kind: 'addition' as const };
    assert.deepEqual(await activities.registerTermsVersion({ workflowId: 'terms-2025-06a', terms: addition }), {
      effectiveAt: addition.publishedAt,
    });
  });
});
