// Opens the app's database: PostgreSQL when DATABASE_URL names one (db/open.pg.ts), else the SQLite file under
// DATA_DIR, tuned for many small concurrent writers, its migrations applied. The app reaches SQLite through
// drizzle's asynchronous SQLite driver (sqlite-proxy), as it reaches PostgreSQL: one body per db/ function,
// awaited, for both.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type AsyncRemoteCallback, type SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { isPostgresMigrated, openPostgres, type PgDb } from './open.pg';
import * as schema from './schema';

/**
 * The app's database as db/ functions see it. On PostgreSQL, drizzle's node-postgres database (or one of its
 * transactions) stands behind this type at run time: db/ functions use only what both dialects share, and
 * take their tables from `tables(db)` (db/tables.ts).
 */
export type Db = SqliteRemoteDatabase<typeof schema> & { $client: Database.Database };

/**
 * One SQLite connection and what the app's two drizzle instances on it share: the statements compiled so
 * far (by SQL text), and the transaction open on it, if any. `db` runs a statement once no transaction is
 * open; `tx` runs it at once, and is used only by the open transaction's body (db/transaction.ts).
 */
export interface SqliteConnection {
  sqlite: Database.Database;
  /** The statements compiled, by SQL text, the most recently used last; at most `compiledStatementLimit`. */
  statements: Map<string, Database.Statement>;
  db: Db;
  tx: Db;
  /** Settles when the open transaction ends; undefined while none is open. */
  open: Promise<void> | undefined;
}

const migrationsFolder = join(__dirname, 'migrations');

/**
 * How many compiled statements a connection keeps. A list's length is part of its SQL (`in (?, ?, …)`, a
 * multi-row insert), so the texts a process runs are not few: the least recently used one goes.
 */
export const compiledStatementLimit = 500;

const connections = new WeakMap<Db, SqliteConnection>();

/** The connection under `db` (the app's instance or its transaction's). */
export function sqliteConnection(db: Db): SqliteConnection {
  const connection = connections.get(db);
  if (!connection) throw new Error('Not a database opened by openDatabase');
  return connection;
}

function connect(sqlite: Database.Database): SqliteConnection {
  const statements = new Map<string, Database.Statement>();
  const execute = (query: string, params: unknown[], method: string): { rows: unknown[] } => {
    let statement = statements.get(query);
    if (statement) statements.delete(query);
    else {
      statement = sqlite.prepare(query);
      if (statements.size >= compiledStatementLimit) statements.delete(statements.keys().next().value!);
    }
    statements.set(query, statement);
    if (!statement.reader) {
      statement.run(params);
      return { rows: [] };
    }
    statement.raw(true);
    return { rows: method === 'get' ? (statement.get(params) as unknown[]) : statement.all(params) };
  };
  const instance = (callback: AsyncRemoteCallback): Db =>
    Object.assign(drizzle(callback, { schema }), { $client: sqlite });
  const connection: SqliteConnection = {
    sqlite,
    statements,
    open: undefined,
    // While a transaction is open, every other statement waits for it to end: none slips into it.
    db: instance(async (query, params, method) => {
      while (connection.open) await connection.open;
      return execute(query, params, method);
    }),
    tx: instance(async (query, params, method) => execute(query, params, method)),
  };
  connections.set(connection.db, connection);
  connections.set(connection.tx, connection);
  return connection;
}

/** The database the environment names: PostgreSQL at `databaseUrl`, else `app.sqlite` under `dataDir`. */
export async function openAppDatabase(config: { databaseUrl?: string; dataDir: string }): Promise<Db> {
  if (config.databaseUrl) return (await openPostgres(config.databaseUrl)) as unknown as Db;
  return openDatabase(databaseFile(config.dataDir));
}

/** Whether `db` (or a transaction's `tx`) is PostgreSQL's: every database that is not SQLite's is. */
export function isPostgres(db: Db): boolean {
  return !connections.has(db);
}

/** `db` as what it is on PostgreSQL. */
export function asPostgres(db: Db): PgDb {
  return db as unknown as PgDb;
}

/** Closes SQLite's connection, or ends PostgreSQL's pool. */
export async function closeDatabase(db: Db): Promise<void> {
  if (isPostgres(db)) await asPostgres(db).$client.end();
  else db.$client.close();
}

export async function openDatabase(file: string): Promise<Db> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('busy_timeout = 10000');
  await switchToWal(sqlite);
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  migrate(sqlite);
  return connect(sqlite).db;
}

/**
 * Sets the file to WAL. A file not yet in WAL needs a moment to itself for that, and SQLite answers "database is
 * locked" at once, without waiting out the busy timeout, while another process opening it holds it (npm start's
 * worker and API open a new file together; about one start in fifty failed on it): so it is asked again, for up
 * to the busy timeout.
 */
async function switchToWal(sqlite: Database.Database): Promise<void> {
  const retryMs = 20;
  for (let waited = 0; ; waited += retryMs) {
    try {
      sqlite.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || waited >= 10_000) throw error;
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }
}

/**
 * drizzle's migrator (its table, its bookkeeping), but in one IMMEDIATE transaction. drizzle's own reads
 * what was applied before its deferred BEGIN, so of two processes opening a fresh file at once (npm start's
 * worker and API) the second ran every migration again and failed on a table the first had just created.
 * Holding the write lock from the start, the second waits (busy_timeout) and finds them applied.
 */
function migrate(sqlite: Database.Database): void {
  const migrations = readMigrationFiles({ migrationsFolder });
  // eslint-disable-next-line no-restricted-syntax -- the bare connection, before the app's gate (connect) is made
  sqlite
    .transaction(() => {
      sqlite.exec(
        'CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)',
      );
      const last = sqlite
        .prepare('SELECT created_at FROM "__drizzle_migrations" ORDER BY created_at DESC LIMIT 1')
        .get() as { created_at: number } | undefined;
      const record = sqlite.prepare('INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)');
      for (const migration of migrations) {
        if (last && Number(last.created_at) >= migration.folderMillis) continue;
        for (const statement of migration.sql) sqlite.exec(statement);
        record.run(migration.hash, migration.folderMillis);
      }
    })
    .immediate();
}

/** True when every committed migration has been applied (used by /readyz). */
export async function isMigrated(db: Db): Promise<boolean> {
  if (isPostgres(db)) return isPostgresMigrated(asPostgres(db));
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  const row = db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
  return row.n >= journal.entries.length;
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'app.sqlite');
}
