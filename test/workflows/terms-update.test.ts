import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import type { SendMailOptions } from 'nodemailer';
import { formatDate, formatDateTime } from '../../activities/mail/templates/common';
import { createTermsActivities, type TermsActivities, type TermsNoticePage } from '../../activities/terms';
import { openDatabase, type Db } from '../../db/open';
import { currentTerms, findTermsVersion } from '../../db/terms';
import { addCalendarMonths } from '../../domain/terms';
import {
  termsUpdateStatusQuery,
  type PublishedTerms,
  type TermsUpdateInput,
  type TermsUpdateResult,
  type TermsUpdateStatus,
} from '../../workflows/terms-update.messages';
import {
  capturingMailer,
  noticeKind,
  recipientsOf,
  seedOrganizations,
  type NoticeKind,
  type SeededAdmin,
} from '../support/terms-fixtures';
import { stageUpserts } from '../support/history';
import { timeSkippingServer } from '../support/time-skipping';
import { eventually } from '../support/wait';

const day = 24 * 3600 * 1000;

/** The mails of one kind to these administrators, in the order sent. */
function mailsTo(sent: SendMailOptions[], admins: SeededAdmin[], kind: NoticeKind): SendMailOptions[] {
  const emails = new Set(admins.map((a) => a.email));
  return sent.filter(
    (m) => emails.has((m.to as { address: string }).address) && noticeKind(String(m.subject)) === kind,
  );
}

describe('terms-update workflow (time-skipping)', () => {
  const server = timeSkippingServer();

  /**
   * Runs workflows against a fresh DB. Activities read a clock that follows the test server's time
   * (it stands still while activities run) plus `noticeDelay`: how much later than publication the
   * notices "went out".
   */
  async function withWorker<T>(
    options: { noticeDelay?: number; afterPage?: (request: TermsNoticePage, db: Db) => Promise<void> | void },
    fn: (ctx: {
      db: Db;
      taskQueue: string;
      sent: ReturnType<typeof capturingMailer>['sent'];
      publishedAt: string;
    }) => Promise<T>,
  ) {
    const db = await openDatabase(join(mkdtempSync(join(tmpdir(), 'terms-wf-')), 'app.sqlite'));
    const { mailer, sent } = capturingMailer(db);
    const serverStart = await server.env.currentTimeMs();
    const realStart = Date.now();
    const clock = () => new Date(serverStart + (Date.now() - realStart) + (options.noticeDelay ?? 0));
    const activities: TermsActivities = createTermsActivities({ db, mailer, clock });
    const { afterPage } = options;
    if (afterPage) {
      const notifyTermsPage = activities.notifyTermsPage;
      activities.notifyTermsPage = async (request) => {
        const result = await notifyTermsPage(request);
        await afterPage(request, db);
        return result;
      };
    }
    try {
      return await server.withWorker('terms', activities, (taskQueue) =>
        fn({ db, taskQueue, sent, publishedAt: new Date(serverStart).toISOString() }),
      );
    } finally {
      db.$client.close();
    }
  }

  function input(
    version: string,
    kind: PublishedTerms['kind'],
    publishedAt: string,
    overrides: Partial<TermsUpdateInput> = {},
  ): TermsUpdateInput {
    return {
      terms: {
        version,
        title: `Terms ${version}`,
        url: `https://example.dk/terms/${version}`,
        text: null,
        contentHash: version.padEnd(64, '0'),
        kind,
        publishedAt,
      },
      noticeMonths: 3,
      lateConnectionSweepEvery: '1 day',
      earlierUpdatePollEvery: '1 minute',
      pageSize: 2,
      ...overrides,
    };
  }

  const execute = (taskQueue: string, args: TermsUpdateInput) =>
    server.env.client.workflow.execute('termsUpdate', {
      taskQueue,
      workflowId: `terms-${args.terms.version}`,
      args: [args],
    }) as Promise<TermsUpdateResult>;

  it('notifies every administrator once, skips the three months, and the update is current', async () => {
    await withWorker({}, async ({ db, taskQueue, sent, publishedAt }) => {
      const admins = await seedOrganizations(db, 7, { adminsEach: 2 });
      // A low history limit makes every pass (notice, date, reminder) continue as new several times on the way.
      const result = await execute(taskQueue, input('2025-06', 'update', publishedAt, { historyLimit: 30 }));
      const now = await server.env.currentTimeMs();
      for (const kind of ['update', 'date', 'reminder'] as const)
        assert.deepEqual(recipientsOf(sent, kind), admins.map((a) => a.email).sort(), kind);
      assert.equal(sent.length, admins.length * 3, 'nobody was mailed twice');
      assert.equal(result.effectiveAt, addCalendarMonths(new Date(result.notifiedAllAt!), 3).toISOString());
      assert.ok(now >= Date.parse(result.effectiveAt), 'the workflow waited until the effective date');
      assert.equal((await currentTerms(db, new Date(now))).version, '2025-06');
      assert.equal((await currentTerms(db, new Date(Date.parse(result.effectiveAt) - 1))).version, '2023-01');
    });
  });

  it('makes an addition current at once, without notice', async () => {
    await withWorker({}, async ({ db, taskQueue, sent, publishedAt }) => {
      await seedOrganizations(db, 3);
      const result = await execute(taskQueue, input('2025-06-a', 'addition', publishedAt));
      assert.deepEqual(result, { version: '2025-06-a', notifiedAllAt: null, effectiveAt: publishedAt });
      assert.equal(sent.length, 0);
      const history = await server.env.client.workflow.getHandle('terms-2025-06-a').fetchHistory();
      assert.ok(!history.events!.some((event) => event.timerStartedEventAttributes), 'no notice period was waited');
      assert.equal((await currentTerms(db, new Date(publishedAt))).version, '2025-06-a');
    });
  });

  it('dates the effect from the last notice, not from publication', async () => {
    await withWorker({ noticeDelay: 20 * day }, async ({ db, taskQueue, publishedAt }) => {
      await seedOrganizations(db, 3);
      const result = await execute(taskQueue, input('2025-07', 'update', publishedAt));
      const lastNotice = db.$client
        .prepare('SELECT max(notified_at) AS at FROM terms_notifications WHERE version = ?')
        .get('2025-07') as { at: string };
      assert.equal(result.notifiedAllAt, lastNotice.at);
      assert.ok(Date.parse(lastNotice.at) >= Date.parse(publishedAt) + 20 * day);
      assert.equal(result.effectiveAt, addCalendarMonths(new Date(lastNotice.at), 3).toISOString());
      assert.notEqual(result.effectiveAt, addCalendarMonths(new Date(publishedAt), 3).toISOString());
      assert.equal((await findTermsVersion(db, '2025-07'))!.effectiveAt, result.effectiveAt);
    });
  });

  it('lets two pending updates take effect in the order they were published', async () => {
    await withWorker({}, async ({ db, taskQueue, sent, publishedAt }) => {
      const admins = await seedOrganizations(db, 12);
      const later = new Date(Date.parse(publishedAt) + 1000).toISOString();
      // Started, not executed: nothing skips time while the notices go out, so one process's timer never
      // jumps the clock under the other's running activity. Time skips only for the notice periods below,
      // in which no sweep runs (it would be such an activity).
      const start = (version: string, at: string) =>
        server.env.client.workflow.start('termsUpdate', {
          taskQueue,
          workflowId: `terms-${version}`,
          args: [
            input(version, 'update', at, { earlierUpdatePollEvery: '200 ms', lateConnectionSweepEvery: '200 days' }),
          ],
        });
      const [first, second] = await Promise.all([start('2025-08', publishedAt), start('2025-09', later)]);
      const stages = new Set<string>();
      await eventually('the later notice', async () => {
        if ((await findTermsVersion(db, '2025-09'))?.notifiedAllAt) return true;
        stages.add((await second.query(termsUpdateStatusQuery)).stage);
        return false;
      });
      assert.ok(stages.has('waiting-for-previous'), 'the later update waited for the earlier notice');
      // One clean jump past both notice periods, then the results (nothing left to skip).
      await server.env.sleep('100 days');
      const a = (await first.result()) as TermsUpdateResult;
      const b = (await second.result()) as TermsUpdateResult;
      assert.ok(b.notifiedAllAt! >= a.notifiedAllAt!, 'the later notice went out after the earlier one');
      assert.ok(b.effectiveAt >= a.effectiveAt);
      assert.equal(
        recipientsOf(sent, 'update').length,
        admins.length * 2,
        'each administrator got one notice per update',
      );
      assert.equal(
        (await currentTerms(db, new Date(a.effectiveAt))).version,
        b.effectiveAt === a.effectiveAt ? '2025-09' : '2025-08',
      );
      assert.equal((await currentTerms(db, new Date(b.effectiveAt))).version, '2025-09');
    });
  });
  it('states the expected date, tells every administrator the fixed date, and reminds them 14 days before', async () => {
    await withWorker({}, async ({ db, taskQueue, sent, publishedAt }) => {
      const admins = await seedOrganizations(db, 3, { adminsEach: 2 });
      const result = await execute(taskQueue, input('2025-11', 'update', publishedAt));
      const handle = server.env.client.workflow.getHandle('terms-2025-11');

      for (const admin of admins) {
        const [notice, ...more] = mailsTo(sent, [admin], 'update');
        assert.equal(more.length, 0);
        // Nothing delayed the notices here, so the earliest date the notice could name is the one it became.
        const expected = {
          da: `De nye vilkår træder i kraft 3 måneder efter, at alle organisationsadministratorer i MitID Erhverv har fået besked om dem. Vi forventer, at de gælder fra den ${formatDate(result.effectiveAt, 'da')}.`,
          de: `Die neuen Bedingungen treten 3 Monate nach der Benachrichtigung aller Organisationsadministratoren von MitID Erhverv in Kraft. Voraussichtlich gelten sie ab dem ${formatDate(result.effectiveAt, 'de')}.`,
          en: `The new terms take effect 3 months after every organisation administrator in MitID Erhverv has been notified of them. We expect them to apply from ${formatDate(result.effectiveAt, 'en')}.`,
        }[admin.language];
        assert.ok(String(notice!.text).includes(expected), `${admin.language} notice: ${notice!.text}`);
        const [dateNotice] = mailsTo(sent, [admin], 'date');
        assert.ok(
          String(dateNotice!.text).includes(formatDateTime(result.effectiveAt, admin.language)),
          String(dateNotice!.text),
        );
        assert.ok(String(dateNotice!.subject).includes(formatDate(result.effectiveAt, admin.language)));
        const [reminder] = mailsTo(sent, [admin], 'reminder');
        assert.ok(
          String(reminder!.text).includes(formatDateTime(result.effectiveAt, admin.language)),
          String(reminder!.text),
        );
      }
      const danishDate = mailsTo(
        sent,
        admins.filter((a) => a.language === 'da'),
        'date',
      )[0]!;
      assert.match(String(danishDate.subject), /^Nye vilkår for MitID Erhverv gælder fra den \d+\. \p{L}+ \d{4}$/u);
      assert.match(
        String(danishDate.text),
        /Nu har alle organisationsadministratorer fået besked, og datoen ligger fast/,
      );
      assert.match(
        String(
          mailsTo(
            sent,
            admins.filter((a) => a.language === 'de'),
            'reminder',
          )[0]!.subject,
        ),
        /^Erinnerung: Neue Nutzungsbedingungen für MitID Erhverv gelten ab dem /,
      );
      assert.ok(
        !sent.some((m) => /\{|\}|undefined|terms-(update|date|reminder)/.test(`${m.subject} ${m.text}`)),
        'no raw keys or placeholders',
      );

      const history = await handle.fetchHistory();
      const scheduled = history.events!.flatMap((event) => {
        const attributes = event.activityTaskScheduledEventAttributes;
        if (attributes?.activityType?.name !== 'notifyTermsPage') return [];
        const request = defaultPayloadConverter.fromPayload<TermsNoticePage>(attributes.input!.payloads![0]!);
        return [{ notice: request.notice, at: tsToMs(event.eventTime) }];
      });
      const remindedAt = scheduled.find((page) => page.notice === 'reminder')!.at;
      const effectiveMs = Date.parse(result.effectiveAt);
      assert.ok(
        remindedAt >= effectiveMs - 14 * day && remindedAt < effectiveMs - 14 * day + 60_000,
        `reminded ${(effectiveMs - remindedAt) / day} days before`,
      );
      assert.ok(
        scheduled.find((page) => page.notice === 'date')!.at < Date.parse(publishedAt) + day,
        'the date went out as soon as it was fixed',
      );

      assert.deepEqual(stageUpserts(history), [
        'published',
        'notifying',
        'announcing-date',
        'notice-period',
        'reminding',
        'reminded',
        'effective',
      ]);
      const status = await handle.query(termsUpdateStatusQuery);
      assert.equal(status.lastNotice, 'reminder');
      assert.equal(status.reminderAt, new Date(effectiveMs - 14 * day).toISOString());
    });
  });

  it('gives an organisation connecting in the notice period a notice naming the fixed date, and the reminder while it is due', async () => {
    const seen: { before?: SeededAdmin[]; after?: SeededAdmin[]; reminding?: TermsUpdateStatus } = {};
    const afterPage = async (request: TermsNoticePage, db: Db) => {
      // Once the date pass is over (pages of 2: the third of three organisations ends it), one organisation connects.
      if (request.notice === 'date' && request.after === 'org-00002' && !seen.before)
        seen.before = await seedOrganizations(db, 1, { from: 12, adminsEach: 2 });
      if (request.notice === 'reminder' && !seen.reminding)
        seen.reminding = await server.env.client.workflow.getHandle('terms-2025-12').query(termsUpdateStatusQuery);
      if (request.notice === 'reminder' && request.after === 'org-00002' && !seen.after)
        seen.after = await seedOrganizations(db, 1, { from: 13 });
    };
    await withWorker({ afterPage }, async ({ db, taskQueue, sent, publishedAt }) => {
      const early = await seedOrganizations(db, 3);
      const result = await execute(
        taskQueue,
        input('2025-12', 'update', publishedAt, { lateConnectionSweepEvery: '10 days' }),
      );
      const at = (language: SeededAdmin['language']) => formatDateTime(result.effectiveAt, language);

      const before = seen.before!;
      assert.equal(before[0]!.language, 'da');
      const notices = mailsTo(sent, before, 'update');
      assert.equal(notices.length, 2, 'both administrators of the organisation connecting after the date was fixed');
      for (const notice of notices) {
        assert.ok(
          String(notice.text).includes(
            `Alle har nu fået besked, så datoen ligger fast: Vilkårene gælder fra den ${at('da')}.`,
          ),
          String(notice.text),
        );
        assert.ok(!String(notice.text).includes('forventer'), 'no expected date once it is fixed');
      }
      assert.equal(mailsTo(sent, before, 'date').length, 0, 'its notice already named the date');
      assert.equal(mailsTo(sent, before, 'reminder').length, 2, 'reminded with everyone');

      const after = seen.after!;
      assert.equal(after[0]!.language, 'de');
      const [late, ...more] = mailsTo(sent, after, 'update');
      assert.equal(more.length, 0);
      assert.ok(
        String(late!.text).includes(
          `Inzwischen sind alle benachrichtigt, das Datum steht also fest: Die Bedingungen gelten ab dem ${at('de')}.`,
        ),
        String(late!.text),
      );
      assert.equal(
        mailsTo(sent, after, 'reminder').length + mailsTo(sent, after, 'date').length,
        0,
        'connected after the reminders: the notice is all it needs',
      );

      assert.equal(mailsTo(sent, early, 'date').length, 3);
      assert.equal(mailsTo(sent, early, 'reminder').length, 3);
      assert.equal(seen.reminding!.stage, 'reminding');
      assert.equal(seen.reminding!.lastNotice, 'date');
      assert.equal(seen.reminding!.reminderAt, new Date(Date.parse(result.effectiveAt) - 14 * day).toISOString());
    });
  });
});
