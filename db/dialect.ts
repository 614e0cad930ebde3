// The few things the app's SQL says differently in SQLite and PostgreSQL, each behind one name.
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from './open';

/**
 * `column` holds `text`, ignoring case (ASCII), `text`'s `%`, `_` and `\` taken literally. SQLite's LIKE
 * ignores case.
 */
export function containsText(_db: Db, column: SQLiteColumn, text: string): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`${column} like ${pattern} escape '\\'`;
}

/**
 * Runs a statement the query builders cannot say (an INSERT … SELECT into some of a table's columns);
 * returns how many rows it returned (with `returning 1`, how many it wrote).
 */
export async function runStatement(db: Db, statement: SQL): Promise<number> {
  return (await db.all(statement)).length;
}
