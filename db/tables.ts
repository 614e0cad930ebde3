// The tables a db/ function queries, of the dialect of the database it was given.
import { isPostgres, type Db } from './open';
import * as sqlite from './schema';
import * as postgres from './schema.pg';

/**
 * `db`'s tables: db/schema.ts's on SQLite, db/schema.pg.ts's on PostgreSQL (the same names, columns and JS
 * types, test/unit/schema-dialects.test.ts checks; typed as SQLite's so one body serves both).
 */
export function tables(db: Db): typeof sqlite {
  return isPostgres(db) ? (postgres as unknown as typeof sqlite) : sqlite;
}
