import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { formatDate, formatDateTime } from '../../activities/mail/templates/common';
import { mailDir, readMailIndex } from '../../dev/mail-store';
import { startDevServer } from '../../dev/temporal-dev-server';
import { addCalendarMonths } from '../../domain/terms';
import { termsUpdateStatusQuery, type TermsUpdateStage } from '../../workflows/terms-update.messages';
import { freePort } from '../support/ports';
import { startStack, withStack } from '../support/stack';
import { eventually } from '../support/wait';
import { noticeKind, seedOrganizations, type SeededAdmin } from '../support/terms-fixtures';

const update = (version: string) => ({
  version,
  title: `Vilkår ${version}`,
  url: `https://example.dk/terms/${version}`,
  kind: 'update',
});

async function noticesPerRecipient(dataDir: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const entry of await readMailIndex(mailDir(dataDir))) {
    for (const to of entry.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
}

function assertEveryone(counts: Map<string, number>, admins: SeededAdmin[], each: number): void {
  assert.deepEqual([...counts.keys()].sort(), admins.map((a) => a.email).sort(), 'every administrator, nobody else');
  assert.deepEqual([...new Set(counts.values())], [each], `exactly ${each} mail(s) each`);
}

/** Here notices go to hundreds of administrators: more than one step of a process takes. */
const patience = { timeoutMs: 60_000 };

const untilStage = (client: Client, version: string, stage: TermsUpdateStage) =>
  eventually(
    `terms ${version} at ${stage}`,
    async () => (await client.workflow.getHandle(`terms-${version}`).query(termsUpdateStatusQuery)).stage === stage,
    patience,
  );

describe('terms on the real stack', () => {
  // Reminded as soon as the date is fixed (the notice period is shorter than that), and
  // organisations connecting later are sought out every second.
  const stack = withStack({
    env: {
      DURATIONS_JSON: JSON.stringify({ terms: { reminderBefore: '100 days', lateConnectionSweepEvery: '1 second' } }),
    },
  });

  it('starts with the seeded version current and refuses bad publications with clear 4xx', async () => {
    const initial = await stack.api('GET', '/api/terms');
    assert.equal(initial.status, 200);
    assert.equal(initial.body.current.version, '2023-01');
    assert.deepEqual(initial.body.pending, []);

    const missing = await stack.api('POST', '/api/terms', { version: '2025-01' });
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.body.error.details.map((d: { path: string }) => d.path).sort(), ['kind', 'title', 'url']);
    const unknownKind = await stack.api('POST', '/api/terms', { ...update('2025-01'), kind: 'rewrite' });
    assert.equal(unknownKind.status, 422);
    assert.deepEqual(
      unknownKind.body.error.details.map((d: { path: string }) => d.path),
      ['kind'],
    );
    const duplicate = await stack.api('POST', '/api/terms', update('2023-01'));
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.error.code, 'terms_version_exists');
  });

  it('mails every administrator the notice with the expected date, then the fixed date and the reminder, each once', async () => {
    const admins = await seedOrganizations(stack.db, 4, { adminsEach: 2 });
    const published = await stack.api('POST', '/api/terms', update('2025-06'));
    assert.equal(published.status, 201);
    assert.equal(published.body.version, '2025-06');
    assert.equal(published.body.effectiveAt, null, 'unknown until every administrator has been told');
    assert.equal((await stack.api('POST', '/api/terms', update('2025-06'))).status, 409, 'the same version twice');

    const pending = await eventually(
      'the effective date',
      async () => {
        const { body } = await stack.api('GET', '/api/terms');
        return body.pending.find(
          (p: { version: string; effectiveAt: string | null }) => p.version === '2025-06' && p.effectiveAt,
        );
      },
      patience,
    );
    assert.equal(pending.effectiveAt, addCalendarMonths(new Date(pending.notifiedAllAt), 3).toISOString());
    assert.equal(
      (await stack.api('GET', '/api/terms')).body.current.version,
      '2023-01',
      'the update waits out its notice',
    );
    await untilStage(stack.client, '2025-06', 'reminded');
    assertEveryone(await noticesPerRecipient(stack.config.dataDir), admins, 3);

    const danishAdmin = admins.find((a) => a.language === 'da')!.email;
    const [reminder, dateNotice, notice] = await stack.mail(danishAdmin);
    assert.deepEqual(
      [notice, dateNotice, reminder].map((m) => noticeKind(m!.subject)),
      ['update', 'date', 'reminder'],
    );
    assert.equal(notice!.subject, 'Nye vilkår for MitID Erhverv (version 2025-06)');
    assert.ok(notice!.links.includes('https://example.dk/terms/2025-06'));
    assert.match(
      notice!.text,
      /træder i kraft 3 måneder efter, at alle organisationsadministratorer i MitID Erhverv har fået besked om dem/,
    );
    assert.ok(
      notice!.text.includes(`Vi forventer, at de gælder fra den ${formatDate(pending.effectiveAt, 'da')}.`),
      notice!.text,
    );
    assert.equal(
      dateNotice!.subject,
      `Nye vilkår for MitID Erhverv gælder fra den ${formatDate(pending.effectiveAt, 'da')}`,
    );
    assert.ok(
      dateNotice!.text.includes(
        `datoen ligger fast: De nye vilkår gælder for Organisation 3 fra den ${formatDateTime(pending.effectiveAt, 'da')}.`,
      ),
      dateNotice!.text,
    );
    assert.equal(
      reminder!.subject,
      `Påmindelse: Nye vilkår for MitID Erhverv gælder fra den ${formatDate(pending.effectiveAt, 'da')}`,
    );
    const german = await stack.mail(admins.find((a) => a.language === 'de')!.email);
    assert.ok(
      german[1]!.text.includes(
        `Die neuen Bedingungen gelten für Organisation 1 ab dem ${formatDateTime(pending.effectiveAt, 'de')}.`,
      ),
      german[1]!.text,
    );

    // An organisation that connects in the notice period is told, with the fixed date.
    const [late] = await seedOrganizations(stack.db, 1, { from: 9, prefix: 'late' });
    const [lateNotice, ...more] = await eventually(
      'the late notice',
      async () => {
        const mail = await stack.mail(late!.email);
        return mail.length > 0 ? mail : undefined;
      },
      patience,
    );
    assert.equal(more.length, 0, 'one notice: it names the date, and the reminders have gone out');
    assert.equal(lateNotice!.subject, 'Nye vilkår for MitID Erhverv (version 2025-06)');
    assert.ok(
      lateNotice!.text.includes(
        `Alle har nu fået besked, så datoen ligger fast: Vilkårene gælder fra den ${formatDateTime(pending.effectiveAt, 'da')}.`,
      ),
      lateNotice!.text,
    );
  });

  it('puts an addition in effect at once, without notice', async () => {
    const before = (await readMailIndex(mailDir(stack.config.dataDir))).length;
    const published = await stack.api('POST', '/api/terms', { ...update('2025-06-a'), kind: 'addition' });
    assert.equal(published.status, 201);
    assert.equal(published.body.effectiveAt, published.body.publishedAt);
    assert.equal((await stack.api('GET', '/api/terms')).body.current.version, '2025-06-a');
    await stack.client.workflow.getHandle(published.body.workflowId).result();
    assert.equal((await readMailIndex(mailDir(stack.config.dataDir))).length, before);
  });
});

describe('terms notice across a restart', () => {
  it('neither misses nor doubles a notice or a date notice when everything stops halfway', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'terms-restart-'));
    const serverOptions = { dbFile: join(dataDir, 'temporal.sqlite'), port: await freePort() };
    const env = { TEMPORAL_TASK_QUEUE: 'terms-restart' };

    const firstServer = await startDevServer(serverOptions);
    const first = await startStack({ dataDir, temporal: firstServer, env });
    const admins = await seedOrganizations(first.db, 600);
    assert.equal((await first.api('POST', '/api/terms', update('2025-10'))).status, 201);
    await eventually('the first notices', async () => (await readMailIndex(mailDir(dataDir))).length >= 50, patience);
    await first.stop();
    await firstServer.stop();
    const sentBefore = (await readMailIndex(mailDir(dataDir))).length;
    assert.ok(sentBefore < admins.length, `stopped halfway (${sentBefore} of ${admins.length} sent)`);

    const secondServer = await startDevServer(serverOptions);
    const second = await startStack({ dataDir, temporal: secondServer, env });
    try {
      await untilStage(second.client, '2025-10', 'notice-period');
      assertEveryone(await noticesPerRecipient(dataDir), admins, 2);
    } finally {
      await second.stop();
      await secondServer.stop();
    }
  });
});
