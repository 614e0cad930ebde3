// The database statements one link POST runs (and the audit row its Update writes, and the outbox's for the
// e-mail a step sends), each alone in a loop on
// the database the environment names, as the API and the worker open it: PostgreSQL at DATABASE_URL, else a
// fresh temporary app.sqlite (WAL, synchronous=NORMAL):
//   [DATABASE_URL=postgres://…] npx tsx bench/link-statements.ts [operations=20000]
// Printed: operations per second and microseconds per operation for each.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAudit } from '../db/audit';
import { createSession, findSession } from '../api/session';
import { closeDatabase, openAppDatabase } from '../db/open';
import { findOutboxRow, markSent, saveOutboxRow } from '../db/outbox';
import { currentTerms } from '../db/terms';
import { findLink, markLinkUsed, saveLink } from '../links/store';

const operations = Number(process.argv[2] ?? 20_000);

async function measure(name: string, run: (i: number) => Promise<unknown>): Promise<void> {
  // A warm-up, so the figures are of the steady state (JIT, page cache), not of the first calls.
  for (let i = 0; i < Math.min(1000, operations); i++) await run(operations + i);
  const started = process.hrtime.bigint();
  for (let i = 0; i < operations; i++) await run(i);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `${name.padEnd(14)} ${Math.round(operations / seconds)
      .toLocaleString('en')
      .padStart(9)} ops/s  ${((seconds / operations) * 1e6).toFixed(1).padStart(6)} µs/op`,
  );
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-link-statements-'));
  const db = await openAppDatabase({ databaseUrl, dataDir });
  const runId = randomUUID();
  const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
  // This run's own rows: a PostgreSQL database may hold an earlier run's.
  const linkId = (i: number) => `link-${runId}-${i}`;
  const link = (i: number) => ({
    linkId: linkId(i),
    workflowId: `connection-${i}`,
    step: 'approve-connection',
    stepKey: null,
    recipientEmail: 'lise.lund@fjordhavn-test.dk',
    language: 'da',
    expiresAt,
  });
  const sessionId = await createSession(db, { subject: 'a'.repeat(64), name: 'Lise Lund' });

  console.log(`${operations.toLocaleString('en')} operations each, on ${databaseUrl ? 'PostgreSQL' : dataDir}`);
  await measure('saveLink', (i) => saveLink(db, link(i)));
  await measure('findLink', (i) => findLink(db, linkId(i)));
  await measure('markLinkUsed', (i) => markLinkUsed(db, linkId(i), new Date()));
  await measure('findSession', () => findSession(db, sessionId));
  await measure('currentTerms', () => currentTerms(db));
  await measure('appendAudit', (i) =>
    appendAudit(db, {
      eventKey: `step-completed:${runId}:${i}`,
      at: new Date().toISOString(),
      actor: 'person:0123456789abcdef',
      orgId: 'dk-cvr-12345678',
      workflowId: `connection-${i}`,
      action: 'step:approve-connection',
      outcome: 'completed',
      details: { decision: 'approve' },
    }),
  );
  const outboxKey = (i: number) => `${runId}|approve-connection|0|${i}`;
  const message = (i: number) => ({
    idempotencyKey: outboxKey(i),
    workflowId: `connection-${i}`,
    step: 'approve-connection',
    recipient: 'lise.lund@fjordhavn-test.dk',
    messageIdDomain: 'onboarding.localhost',
  });
  const rendered = { subject: 'Godkend forbindelsen', text: 'Kære Lise Lund', html: '<p>Kære Lise Lund</p>' };
  await measure('saveOutboxRow', (i) => saveOutboxRow(db, message(i), rendered));
  await measure('findOutboxRow', (i) => findOutboxRow(db, outboxKey(i)));
  await measure('markSent', (i) => markSent(db, outboxKey(i)));
  await closeDatabase(db);
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
