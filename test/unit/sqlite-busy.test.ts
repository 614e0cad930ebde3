// The worker, the API and the launcher each hold their own connection to one app.sqlite (WAL). A
// transaction that reads and then writes must take the write lock at its BEGIN: begun deferred, its first
// write finds another process's lock (or a commit newer than what it read) and SQLite answers SQLITE_BUSY
// at once, without waiting busy_timeout. Opening the file migrates it; two processes doing so at once
// must not both apply the migrations, nor fail to switch the new file to WAL while the other holds it.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { eq } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { createConnectionActivities } from '../../activities/connection';
import { databaseFile, isMigrated, openDatabase } from '../../db/open';
import { auditEvents, organizations } from '../../db/schema';
import { currentTerms } from '../../db/terms';

/**
 * Another process on the same file: runs `before`, then takes the write lock (BEGIN IMMEDIATE), runs
 * `held`, says so, keeps the lock for `holdMs` as a long transaction would, and commits.
 */
const otherProcess = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 10000');
for (const statement of workerData.before) db.exec(statement);
db.exec('BEGIN IMMEDIATE');
for (const statement of workerData.held) db.exec(statement);
parentPort.postMessage('holding');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
db.exec('COMMIT');
db.close();
`;

/**
 * Runs `work` while another process holds the write lock: its database calls, synchronous underneath
 * (better-sqlite3), wait for the lock on this thread.
 */
async function whileAnotherProcessWrites<T>(
  file: string,
  statements: { before?: string[]; held: string[] },
  work: () => Promise<T>,
): Promise<T> {
  const other = new Worker(otherProcess, {
    eval: true,
    workerData: {
      driver: require.resolve('better-sqlite3'),
      file,
      before: statements.before ?? [],
      held: statements.held,
      holdMs: 300,
    },
  });
  const ended = new Promise<void>((resolve, reject) => {
    other.once('error', reject);
    other.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the other process ended with ${code}`))));
  });
  await once(other, 'message');
  try {
    return await work();
  } finally {
    await ended;
  }
}

const freshFile = () => databaseFile(mkdtempSync(join(tmpdir(), 'sqlite-busy-')));

describe('SQLite shared by several processes', () => {
  it('records an approved connection while the API writes (a read-then-write transaction waits for the lock)', async () => {
    const file = freshFile();
    const db = await openDatabase(file);
    const { recordConnection } = createConnectionActivities({
      db,
      companyRegister: { representativesOf: async () => undefined },
    });
    const record = {
      eventKey: 'connection-dk-cvr-12345678:connected',
      organization: {
        orgId: 'dk-cvr-12345678',
        name: 'Fjordhavn Logistik A/S',
        kind: 'company' as const,
        country: 'DK',
        cvr: '12345678',
        language: 'da' as const,
      },
      administrators: [{ name: 'Lise Lund', email: 'lise.lund@fjordhavn-test.dk' }],
      termsVersion: (await currentTerms(db)).version,
      acceptedBy: 'person:sub-lise',
    };
    // The API's own write: a refused click's audit row, committed while the activity runs.
    const apiWrite =
      "INSERT INTO audit_events (event_key, at, actor, action, outcome) VALUES ('step-refused:1', '2026-11-30T08:00:00.000Z', 'person:x', 'step:approve-connection', 'wrong-person')";
    const connectedAt = await whileAnotherProcessWrites(file, { held: [apiWrite] }, () => recordConnection(record));
    assert.equal(
      connectedAt,
      (await db.select().from(organizations).where(eq(organizations.orgId, 'dk-cvr-12345678')))[0]?.connectedAt,
    );
    assert.deepEqual(
      (await db.select({ eventKey: auditEvents.eventKey }).from(auditEvents)).map((row) => row.eventKey).sort(),
      ['connection-dk-cvr-12345678:connected', 'step-refused:1'],
    );
    db.$client.close();
  });

  it('opens a fresh file that another process is migrating: waits, and finds it migrated', async () => {
    const file = freshFile();
    // What drizzle's migrator does on a fresh file, caught between applying the migrations and committing them.
    const migrations = readMigrationFiles({ migrationsFolder: join(__dirname, '..', '..', 'db', 'migrations') });
    const applied = migrations.flatMap((migration) => [
      ...migration.sql,
      `INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES ('${migration.hash}', ${migration.folderMillis})`,
    ]);
    const before = [
      'PRAGMA journal_mode = WAL',
      'CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)',
    ];
    const db = await whileAnotherProcessWrites(file, { before, held: applied }, () => openDatabase(file));
    assert.equal(await isMigrated(db), true);
    const rows = db.$client.prepare('SELECT count(*) AS n FROM "__drizzle_migrations"').get() as { n: number };
    assert.equal(rows.n, migrations.length, 'each migration applied once');
    db.$client.close();
  });

  it('opens a fresh file that another process holds before it is in WAL: waits, where SQLite would answer "locked" at once', async () => {
    const file = freshFile();
    // The other process is already migrating the file (its write lock taken) before it has switched it to WAL.
    const db = await whileAnotherProcessWrites(file, { held: ['CREATE TABLE early (id INTEGER)'] }, () =>
      openDatabase(file),
    );
    assert.equal(db.$client.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(await isMigrated(db), true);
    db.$client.close();
  });
});
