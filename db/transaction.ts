// The one way db/ functions run several statements as a unit: `transaction(db, async (tx) => …)`, its body
// given `tx`, on which every statement of the unit runs.
import { sqliteConnection, type Db } from './open';

/**
 * Runs `body` in an immediate transaction (the write lock taken at its start, so two writers of the file
 * run one after the other), committed when it resolves and rolled back when it throws. The connection is
 * the transaction's until it ends: every other statement on `db` waits, and so does another transaction.
 */
export async function transaction<T>(db: Db, body: (tx: Db) => Promise<T>): Promise<T> {
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
