// openPostgres: migrations applied once however many processes start at once, what the migrations set up
// beside the tables (the seeded terms, the append-only audit trail), and rows that read back as on SQLite.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { asc, inArray } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { openDatabase, type Db } from '../../db/open';
import { isPostgresMigrated, openPostgres, type PgDb } from '../../db/open.pg';
import * as sqliteSchema from '../../db/schema';
import * as pgSchema from '../../db/schema.pg';
import { createPostgresDatabase, describeWithPostgres } from '../support/postgres';

const migrations = readMigrationFiles({ migrationsFolder: join(__dirname, '..', '..', 'db', 'migrations-pg') });

const appliedMigrations = async (db: PgDb) =>
  (await db.$client.query<{ hash: string }>('SELECT hash FROM drizzle.__drizzle_migrations ORDER BY id')).rows.map(
    (row) => row.hash,
  );

describeWithPostgres('openPostgres', () => {
  const opened: PgDb[] = [];
  const open = async (url: string) => {
    const db = await openPostgres(url);
    opened.push(db);
    return db;
  };

  after(() => Promise.all(opened.map((db) => db.$client.end())));

  it('applies each migration once when two processes open a fresh database at once', async () => {
    const url = await createPostgresDatabase();
    const [first, second] = await Promise.all([open(url), open(url)]);
    assert.deepEqual(
      await appliedMigrations(first),
      migrations.map((migration) => migration.hash),
    );
    assert.equal(await isPostgresMigrated(first), true);
    assert.equal(await isPostgresMigrated(second), true);
    // Opened again later: nothing left to apply.
    const third = await open(url);
    assert.equal((await appliedMigrations(third)).length, migrations.length);
  });

  it('is not ready while a committed migration is unapplied', async () => {
    const db = await open(await createPostgresDatabase());
    await db.$client.query(
      'DELETE FROM drizzle.__drizzle_migrations WHERE id = (SELECT max(id) FROM drizzle.__drizzle_migrations)',
    );
    assert.equal(await isPostgresMigrated(db), false);
  });

  describe('beside the tables', () => {
    let sqlite: Db;
    let pg: PgDb;

    before(async () => {
      sqlite = await openDatabase(':memory:');
      pg = await open(await createPostgresDatabase());
    });

    after(() => sqlite?.$client.close());

    it('starts with the same terms in force as SQLite', async () => {
      const terms = await sqlite.select().from(sqliteSchema.termsVersions);
      assert.equal(terms.length, 1);
      assert.deepEqual(await pg.select().from(pgSchema.termsVersions), terms);
    });

    it('refuses to change or remove an audit event', async () => {
      await pg.insert(pgSchema.auditEvents).values({
        eventKey: 'kept',
        at: '2026-01-01T00:00:00.000Z',
        actor: 'system',
        action: 'test',
        outcome: 'ok',
      });
      for (const statement of [
        "UPDATE audit_events SET outcome = 'changed'",
        'DELETE FROM audit_events',
        'TRUNCATE audit_events',
      ])
        await assert.rejects(pg.$client.query(statement), /audit_events is append-only/, statement);
      assert.deepEqual(
        (await pg.select({ outcome: pgSchema.auditEvents.outcome }).from(pgSchema.auditEvents)).map(
          (row) => row.outcome,
        ),
        ['ok'],
      );
    });

    it('gives back what was written as SQLite does: numbers, booleans, JSON, creation times', async () => {
      const organization = {
        orgId: 'org-1',
        name: 'Eksempel ApS',
        kind: 'company',
        country: 'DK',
        cvr: '12345678',
        language: 'da',
        status: 'connected' as const,
        allowPrivateMitId: false,
        separateMeans: ['app', 'chip'],
        connectedAt: '2026-01-01T00:00:00.000Z',
      };
      const session = { idHash: 'h', data: '{"subject":"s"}', expiresAt: Date.UTC(2100, 0, 1) };
      const events = [1, 2].map((n) => ({
        eventKey: `event-${n}`,
        at: '2026-01-01T00:00:00.000Z',
        actor: 'system',
        orgId: 'org-1',
        action: 'test',
        outcome: 'ok',
        details: { n, nested: { list: [n] } },
      }));
      await sqlite.insert(sqliteSchema.organizations).values(organization);
      await sqlite.insert(sqliteSchema.sessions).values(session);
      await sqlite.insert(sqliteSchema.auditEvents).values(events);
      await pg.insert(pgSchema.organizations).values(organization);
      await pg.insert(pgSchema.sessions).values(session);
      await pg.insert(pgSchema.auditEvents).values(events);

      assert.deepEqual(
        await pg.select().from(pgSchema.organizations),
        await sqlite.select().from(sqliteSchema.organizations),
      );
      const withoutCreation = <T extends { createdAt: string }>({ createdAt, ...row }: T) => {
        assert.match(createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        return row;
      };
      assert.deepEqual(
        (await pg.select().from(pgSchema.sessions)).map(withoutCreation),
        (await sqlite.select().from(sqliteSchema.sessions)).map(withoutCreation),
      );
      const sqliteEvents = await sqlite
        .select()
        .from(sqliteSchema.auditEvents)
        .orderBy(asc(sqliteSchema.auditEvents.id));
      const pgEvents = await pg
        .select()
        .from(pgSchema.auditEvents)
        .where(inArray(pgSchema.auditEvents.eventKey, ['event-1', 'event-2']))
        .orderBy(asc(pgSchema.auditEvents.id));
      // Ids are numbers the database hands out in order; which ones depends on what came before.
      const withoutId = ({ id, ...row }: { id: number }) => {
        assert.equal(typeof id, 'number');
        return row;
      };
      assert.deepEqual(pgEvents.map(withoutId), sqliteEvents.map(withoutId));
    });

    it('keeps a document’s bytes as SQLite does, and deletes them with its row', async () => {
      const document = {
        documentId: 'doc-1',
        workflowId: 'connection-1',
        step: 'prepare-connection',
        documentType: 'payslip',
        sha256: '0'.repeat(64),
        sizeBytes: 256,
        mediaType: 'application/pdf',
      };
      const contents = { documentId: 'doc-1', bytes: Buffer.from(Array.from({ length: 256 }, (_, n) => n)) };
      await sqlite.insert(sqliteSchema.documents).values(document);
      await sqlite.insert(sqliteSchema.documentContents).values(contents);
      await pg.insert(pgSchema.documents).values(document);
      await pg.insert(pgSchema.documentContents).values(contents);
      assert.deepEqual(
        await pg.select().from(pgSchema.documentContents),
        await sqlite.select().from(sqliteSchema.documentContents),
      );
      await pg.delete(pgSchema.documents);
      assert.deepEqual(await pg.select().from(pgSchema.documentContents), []);
    });
  });
});
