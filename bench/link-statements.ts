// The database statements one link POST runs (and the audit row its Update writes), each alone in a loop on
// a fresh temporary app.sqlite, as the API and the worker open it (WAL, synchronous=NORMAL):
//   npx tsx bench/link-statements.ts [operations=20000]
// Printed: operations per second and microseconds per operation for each.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAudit } from '../db/audit';
import { createSession, findSession } from '../api/session';
import { databaseFile, openDatabase } from '../db/open';
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
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-link-statements-'));
  const db = await openDatabase(databaseFile(dataDir));
  const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
  const linkId = (i: number) => `link-${i}`;
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
  const runId = randomUUID();

  console.log(`${operations.toLocaleString('en')} operations each, on ${dataDir}`);
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
  db.$client.close();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
