// The few things the app's SQL says differently in SQLite and PostgreSQL, each behind one name.
import { and, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { asPostgres, isPostgres, type Db } from './open';

/**
 * `column` holds `text`, ignoring case (ASCII), `text`'s `%`, `_` and `\` taken literally. SQLite's LIKE
 * ignores case; PostgreSQL's does not, its ILIKE does.
 */
export function containsText(db: Db, column: SQLiteColumn, text: string): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return isPostgres(db) ? sql`${column} ilike ${pattern} escape '\\'` : sql`${column} like ${pattern} escape '\\'`;
}

/**
 * `column` begins with `prefix`. On SQLite a range, which its index serves; PostgreSQL orders text by the
 * database's collation, under which a range need not hold exactly the strings with the prefix.
 */
export function startsWith(db: Db, column: SQLiteColumn, prefix: string): SQL {
  return isPostgres(db)
    ? sql`starts_with(${column}, ${prefix})`
    : and(gte(column, prefix), lt(column, `${prefix}\uffff`))!;
}

/**
 * Runs a statement the query builders cannot say (an INSERT … SELECT into some of a table's columns);
 * returns how many rows it returned (with `returning 1`, how many it wrote).
 */
export async function runStatement(db: Db, statement: SQL): Promise<number> {
  if (isPostgres(db)) return (await asPostgres(db).execute(statement)).rows.length;
  return (await db.all(statement)).length;
}
