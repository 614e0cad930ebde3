import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTermsActivities } from '../../activities/terms';
import { openDatabase, type Db } from '../../db/open';
import { currentTerms, findTermsVersion } from '../../db/terms';
import { addCalendarMonths } from '../../domain/terms';
import { termsUpdateStatusQuery, type PublishedTerms, type TermsUpdateInput, type TermsUpdateResult } from '../../workflows/terms-update.messages';
import { workflowBundle } from '../support/bundle';
import { quietRuntime } from '../support/stack';
import { capturingMailer, recipientsOf, seedOrganizations } from '../support/terms-fixtures';
import { createTimeSkippingEnv } from '../support/time-skipping';

const day = 24 * 3600 * 1000;

describe('terms-update workflow (time-skipping)', () => {
  let env: TestWorkflowEnvironment;

  before(async () => {
    quietRuntime();
    env = await createTimeSkippingEnv();
  });
  after(async () => {
    await env?.teardown();
  });

  /**
   * Runs workflows against a fresh DB. Activities read a clock that follows the test server's time
   * (it stands still while activities run) plus `noticeDelay`: how much later than publication the
   * notices "went out".
   */
  async function withWorker<T>(options: { noticeDelay?: number }, fn: (ctx: { db: Db; taskQueue: string; sent: ReturnType<typeof capturingMailer>['sent']; publishedAt: string }) => Promise<T>) {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'terms-wf-')), 'app.sqlite'));
    const { mailer, sent } = capturingMailer(db);
    const serverStart = await env.currentTimeMs();
    const realStart = Date.now();
    const clock = () => new Date(serverStart + (Date.now() - realStart) + (options.noticeDelay ?? 0));
    const taskQueue = `terms-${Math.random().toString(36).slice(2)}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createTermsActivities({ db, mailer, clock }),
    });
    try {
      return await worker.runUntil(fn({ db, taskQueue, sent, publishedAt: new Date(serverStart).toISOString() }));
    } finally {
      db.$client.close();
    }
  }

  function input(version: string, kind: PublishedTerms['kind'], publishedAt: string, overrides: Partial<TermsUpdateInput> = {}): TermsUpdateInput {
    return {
      terms: { version, title: `Terms ${version}`, url: `https://example.dk/terms/${version}`, text: null, contentHash: version.padEnd(64, '0'), kind, publishedAt },
      noticeMonths: 3,
      lateConnectionSweepEvery: '1 day',
      earlierUpdatePollEvery: '1 minute',
      pageSize: 2,
      ...overrides,
    };
  }

  const execute = (taskQueue: string, args: TermsUpdateInput) =>
    env.client.workflow.execute('termsUpdate', { taskQueue, workflowId: `terms-${args.terms.version}`, args: [args] }) as Promise<TermsUpdateResult>;

  it('notifies every administrator once, skips the three months, and the update is current', async () => {
    await withWorker({}, async ({ db, taskQueue, sent, publishedAt }) => {
      const admins = seedOrganizations(db, 7, { adminsEach: 2 });
      // A low history limit makes the notice continue as new several times on the way.
      const result = await execute(taskQueue, input('2025-06', 'update', publishedAt, { historyLimit: 30 }));
      const now = await env.currentTimeMs();
      assert.deepEqual(recipientsOf(sent), admins.map((a) => a.email).sort());
      assert.equal(result.effectiveAt, addCalendarMonths(new Date(result.notifiedAllAt!), 3).toISOString());
      assert.ok(now >= Date.parse(result.effectiveAt), 'the workflow waited until the effective date');
      assert.equal(currentTerms(db, new Date(now)).version, '2025-06');
      assert.equal(currentTerms(db, new Date(Date.parse(result.effectiveAt) - 1)).version, '2023-01');
    });
  });

  it('makes an addition current at once, without notice', async () => {
    await withWorker({}, async ({ db, taskQueue, sent, publishedAt }) => {
      seedOrganizations(db, 3);
      const result = await execute(taskQueue, input('2025-06-a', 'addition', publishedAt));
      assert.deepEqual(result, { version: '2025-06-a', notifiedAllAt: null, effectiveAt: publishedAt });
      assert.equal(sent.length, 0);
      const history = await env.client.workflow.getHandle('terms-2025-06-a').fetchHistory();
      assert.ok(!history.events!.some((event) => event.timerStartedEventAttributes), 'no notice period was waited');
      assert.equal(currentTerms(db, new Date(publishedAt)).version, '2025-06-a');
    });
  });

  it('dates the effect from the last notice, not from publication', async () => {
    await withWorker({ noticeDelay: 20 * day }, async ({ db, taskQueue, publishedAt }) => {
      seedOrganizations(db, 3);
      const result = await execute(taskQueue, input('2025-07', 'update', publishedAt));
      const lastNotice = db.$client.prepare('SELECT max(notified_at) AS at FROM terms_notifications WHERE version = ?').get('2025-07') as { at: string };
      assert.equal(result.notifiedAllAt, lastNotice.at);
      assert.ok(Date.parse(lastNotice.at) >= Date.parse(publishedAt) + 20 * day);
      assert.equal(result.effectiveAt, addCalendarMonths(new Date(lastNotice.at), 3).toISOString());
      assert.notEqual(result.effectiveAt, addCalendarMonths(new Date(publishedAt), 3).toISOString());
      assert.equal(findTermsVersion(db, '2025-07')!.effectiveAt, result.effectiveAt);
    });
  });

  it('lets two pending updates take effect in the order they were published', async () => {
    await withWorker({}, async ({ db, taskQueue, sent, publishedAt }) => {
      const admins = seedOrganizations(db, 12);
      const later = new Date(Date.parse(publishedAt) + 1000).toISOString();
      // Started, not executed: nothing skips time while the notices go out, so one process's timer never
      // jumps the clock under the other's running activity. Time skips only for the notice periods below,
      // in which no sweep runs (it would be such an activity).
      const start = (version: string, at: string) =>
        env.client.workflow.start('termsUpdate', { taskQueue, workflowId: `terms-${version}`, args: [input(version, 'update', at, { earlierUpdatePollEvery: '200 ms', lateConnectionSweepEvery: '200 days' })] });
      const [first, second] = await Promise.all([start('2025-08', publishedAt), start('2025-09', later)]);
      const stages = new Set<string>();
      while (!findTermsVersion(db, '2025-09')?.notifiedAllAt) {
        stages.add((await second.query(termsUpdateStatusQuery)).stage);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.ok(stages.has('waiting-for-previous'), 'the later update waited for the earlier notice');
      // One clean jump past both notice periods, then the results (nothing left to skip).
      await env.sleep('100 days');
      const a = (await first.result()) as TermsUpdateResult;
      const b = (await second.result()) as TermsUpdateResult;
      assert.ok(b.notifiedAllAt! >= a.notifiedAllAt!, 'the later notice went out after the earlier one');
      assert.ok(b.effectiveAt >= a.effectiveAt);
      assert.equal(sent.length, admins.length * 2, 'each administrator got one notice per update');
      assert.equal(currentTerms(db, new Date(a.effectiveAt)).version, b.effectiveAt === a.effectiveAt ? '2025-09' : '2025-08');
      assert.equal(currentTerms(db, new Date(b.effectiveAt)).version, '2025-09');
    });
  });
});
