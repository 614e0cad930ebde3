// The one way db/ functions run several statements as a unit: `transaction(db, async (tx) => …)`, its body
// given `tx`, on which every statement of the unit runs.
import { sql } from 'drizzle-orm';
import { asPostgres, isPostgres, sqliteConnection, type Db } from './open';

/** How often a PostgreSQL transaction is run again after a serialization failure or a deadlock. */
const postgresAttempts = 5;

/**
 * Runs `body` as one transaction, committed when it resolves and rolled back when it throws, with the
 * guarantee SQLite's serial writers give: the transaction runs as if no other ran at the same time.
 *
 * SQLite: it begins IMMEDIATE (the write lock taken at its start, so two writers of the file run one after
 * the other), and the connection is the transaction's until it ends: every other statement on `db` waits,
 * and so does another transaction.
 *
 * PostgreSQL: SERIALIZABLE, so writers on different machines cannot both act on what the other changes; one
 * that fails to serialize (40001) or deadlocks (40P01) is run again, body and all, up to five times. A body
 * must therefore only read and write through `tx` (and may throw to refuse).
 *
 * `keyed`: READ COMMITTED instead, for a body that first takes `lockKey` on what its decisions are about, and
 * reads those things only after it. Such transactions on one key run one after the other, each reading what the
 * one before committed; on different keys they neither wait for nor abort each other. SERIALIZABLE's predicate
 * locks, on a small table read by a sequential scan, cover the whole table: a burst of clicks on different
 * processes then aborted one another until five tries were spent.
 */
export async function transaction<T>(
  db: Db,
  body: (tx: Db) => Promise<T>,
  options: { keyed?: boolean } = {},
): Promise<T> {
  return isPostgres(db) ? postgresTransaction(db, body, options.keyed === true) : sqliteTransaction(db, body);
}

/**
 * Holds `key` until the transaction on `tx` ends: another transaction that locks it waits until then. On SQLite
 * a transaction already has the database to itself.
 */
export async function lockKey(tx: Db, key: string): Promise<void> {
  if (isPostgres(tx)) await asPostgres(tx).execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

async function sqliteTransaction<T>(db: Db, body: (tx: Db) => Promise<T>): Promise<T> {
  const connection = sqliteConnection(db);
  if (db === connection.tx) throw new Error('A transaction cannot be opened inside another');
  while (connection.open) await connection.open;
  let end!: () => void;
  connection.open = new Promise((resolve) => (end = resolve));
  try {
    connection.sqlite.exec('BEGIN IMMEDIATE');
    try {
      const result = await body(connection.tx);
      connection.sqlite.exec('COMMIT');
      return result;
    } catch (error) {
      if (connection.sqlite.inTransaction) connection.sqlite.exec('ROLLBACK');
      throw error;
    }
  } finally {
    connection.open = undefined;
    end();
  }
}

async function postgresTransaction<T>(db: Db, body: (tx: Db) => Promise<T>, keyed: boolean): Promise<T> {
  const isolationLevel = keyed ? 'read committed' : 'serializable';
  for (let attempt = 1; ; attempt++) {
    try {
      return await asPostgres(db).transaction((tx) => body(tx as unknown as Db), { isolationLevel });
    } catch (error) {
      if (attempt >= postgresAttempts || !mustRetry(error)) throw error;
    }
  }
}

/** A serialization failure or a deadlock, as pg reports it (drizzle wraps it, keeping it as the cause). */
function mustRetry(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as Error & { code?: unknown }).code;
    if (code === '40001' || code === '40P01') return true;
  }
  return false;
}
