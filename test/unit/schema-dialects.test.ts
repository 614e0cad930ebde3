// db/schema.ts (SQLite) and db/schema.pg.ts (PostgreSQL) say the same thing: as drizzle reads them, and as the
// databases their migrations build report it. A table or column added to one and not the other fails here.
import assert from 'node:assert/strict';
import { getTableName, is, SQL } from 'drizzle-orm';
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { openDatabase, type Db } from '../../db/open';
import { openPostgres, type PgDb } from '../../db/open.pg';
import * as sqliteSchema from '../../db/schema';
import * as pgSchema from '../../db/schema.pg';
import { createPostgresDatabase, describeWithPostgres } from '../support/postgres';

type TableConfig = ReturnType<typeof sqliteTableConfig> | ReturnType<typeof pgTableConfig>;

/** What a table says to the code that uses it, in terms both dialects share. */
function declared(config: TableConfig) {
  const columnNames = (columns: { name: string }[]) => columns.map((column) => column.name);
  return {
    columns: config.columns.map((column) => ({
      name: column.name,
      notNull: column.notNull,
      // The JS side: string, number, boolean, json, buffer (PostgreSQL's bytea is a custom type read as a Buffer).
      dataType: column.getSQLType() === 'bytea' ? 'buffer' : column.dataType,
      enumValues: column.enumValues,
      primary: column.primary,
      unique: column.isUnique ? column.uniqueName : undefined,
      // A literal default must match; a database-made one (the creation time, the row id) must exist on both.
      default: is(column.default, SQL) ? 'made by the database' : column.default,
      hasDefault: column.hasDefault,
    })),
    primaryKeys: config.primaryKeys.map((key) => columnNames(key.columns)),
    indexes: config.indexes.map(({ config: index }) => ({
      name: index.name,
      unique: index.unique,
      columns: columnNames(index.columns as { name: string }[]),
    })),
    uniqueConstraints: config.uniqueConstraints.map((unique) => ({
      name: unique.name,
      columns: columnNames(unique.columns),
    })),
    checks: config.checks.map((check) => check.name),
    foreignKeys: config.foreignKeys.map((key) => {
      const reference = key.reference();
      return {
        name: key.getName(),
        columns: columnNames(reference.columns),
        foreignTable: getTableName(reference.foreignTable),
        foreignColumns: columnNames(reference.foreignColumns),
        onDelete: key.onDelete ?? 'no action',
        onUpdate: key.onUpdate ?? 'no action',
      };
    }),
  };
}

function tablesOf<T>(schema: Record<string, unknown>, isTable: (value: unknown) => value is T): Map<string, T> {
  return new Map(
    Object.entries(schema)
      .filter((entry): entry is [string, T] => isTable(entry[1]))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

describe('the SQLite and PostgreSQL schemas', () => {
  const sqliteTables = tablesOf(sqliteSchema, (value): value is SQLiteTable => is(value, SQLiteTable));
  const pgTables = tablesOf(pgSchema, (value): value is PgTable => is(value, PgTable));

  it('export the same tables under the same names', () => {
    assert.ok(sqliteTables.size > 0);
    assert.deepEqual([...pgTables.keys()], [...sqliteTables.keys()]);
    for (const [name, table] of sqliteTables) assert.equal(getTableName(pgTables.get(name)!), getTableName(table));
  });

  it('declare the same columns, JS types, keys, indexes and references', () => {
    for (const [name, table] of sqliteTables) {
      const pgTable = pgTables.get(name);
      if (!pgTable) continue;
      assert.deepEqual(declared(pgTableConfig(pgTable)), declared(sqliteTableConfig(table)), `table ${name}`);
    }
  });
});

interface Shape {
  columns: { table: string; name: string; type: string; notNull: boolean }[];
  primaryKeys: { table: string; columns: string[] }[];
  indexes: { table: string; name: string; unique: boolean; columns: string[] }[];
  foreignKeys: {
    table: string;
    columns: string[];
    foreignTable: string;
    foreignColumns: string[];
    onDelete: string;
    onUpdate: string;
  }[];
}

const byTableAndName = <T extends { table: string; name?: string; columns?: string[] }>(rows: T[]): T[] =>
  rows.sort((a, b) =>
    `${a.table} ${a.name ?? a.columns?.join()}`.localeCompare(`${b.table} ${b.name ?? b.columns?.join()}`),
  );

/** What SQLite reports about the app's tables (its migrations' bookkeeping left out). */
function sqliteShape(db: Db): Shape {
  const pragma = <T>(query: string) => db.$client.prepare(query).all() as T[];
  const tables = pragma<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations'",
  ).map((row) => row.name);
  const shape: Shape = { columns: [], primaryKeys: [], indexes: [], foreignKeys: [] };
  for (const table of tables) {
    const columns = pragma<{ name: string; type: string; notnull: number; pk: number }>(
      `PRAGMA table_info('${table}')`,
    );
    for (const column of columns)
      shape.columns.push({ table, name: column.name, type: column.type.toLowerCase(), notNull: column.notnull === 1 });
    const key = columns.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk);
    shape.primaryKeys.push({ table, columns: key.map((column) => column.name) });
    for (const index of pragma<{ name: string; unique: number; origin: string }>(`PRAGMA index_list('${table}')`)) {
      if (index.origin === 'pk') continue;
      const columns = pragma<{ name: string }>(`PRAGMA index_info('${index.name}')`).map((column) => column.name);
      shape.indexes.push({ table, name: index.name, unique: index.unique === 1, columns });
    }
    const references = pragma<{
      id: number;
      table: string;
      from: string;
      to: string;
      on_update: string;
      on_delete: string;
    }>(`PRAGMA foreign_key_list('${table}')`);
    for (const id of new Set(references.map((reference) => reference.id))) {
      const parts = references.filter((reference) => reference.id === id);
      shape.foreignKeys.push({
        table,
        columns: parts.map((part) => part.from),
        foreignTable: parts[0].table,
        foreignColumns: parts.map((part) => part.to),
        onDelete: parts[0].on_delete.toLowerCase(),
        onUpdate: parts[0].on_update.toLowerCase(),
      });
    }
  }
  return normalised(shape);
}

/** The SQLite storage class drizzle gives each PostgreSQL type the schema uses. */
const sqliteTypeOf: Record<string, string> = {
  text: 'text',
  jsonb: 'text',
  integer: 'integer',
  bigint: 'integer',
  boolean: 'integer',
  bytea: 'blob',
};

const pgActions: Record<string, string> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

/** What PostgreSQL reports about the tables in `public`; each type named by its SQLite counterpart. */
async function pgShape(db: PgDb): Promise<Shape> {
  const query = async <T>(text: string) => (await db.$client.query(text)).rows as T[];
  const columns = await query<{ table: string; name: string; type: string; nullable: string }>(`
    SELECT table_name AS table, column_name AS name, data_type AS type, is_nullable AS nullable
    FROM information_schema.columns WHERE table_schema = 'public'`);
  const keys = await query<{ table: string; column: string; position: number }>(`
    SELECT tc.table_name AS table, kcu.column_name AS column, kcu.ordinal_position AS position
    FROM information_schema.table_constraints tc
    JOIN information_schema.key_column_usage kcu USING (constraint_schema, constraint_name)
    WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public'`);
  // pg_indexes gives an index's definition as text; the catalog gives its columns in order.
  const columnsOf = (relation: string, numbers: string) => `
    array(SELECT a.attname::text FROM unnest(${numbers}) WITH ORDINALITY AS k(number, position)
          JOIN pg_attribute a ON a.attrelid = ${relation} AND a.attnum = k.number ORDER BY k.position)`;
  const indexes = await query<Shape['indexes'][number]>(`
    SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique, ${columnsOf('t.oid', 'x.indkey::int2[]')} AS columns
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    WHERE t.relnamespace = 'public'::regnamespace AND NOT x.indisprimary`);
  const foreignKeys = await query<Shape['foreignKeys'][number]>(`
    SELECT c.conrelid::regclass::text AS table, ${columnsOf('c.conrelid', 'c.conkey')} AS columns,
      c.confrelid::regclass::text AS "foreignTable", ${columnsOf('c.confrelid', 'c.confkey')} AS "foreignColumns",
      c.confdeltype AS "onDelete", c.confupdtype AS "onUpdate"
    FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`);
  const tables = [...new Set(columns.map((column) => column.table))];
  return normalised({
    columns: columns.map((column) => ({
      table: column.table,
      name: column.name,
      type: sqliteTypeOf[column.type] ?? column.type,
      notNull: column.nullable === 'NO',
    })),
    primaryKeys: tables.map((table) => ({
      table,
      columns: keys
        .filter((key) => key.table === table)
        .sort((a, b) => a.position - b.position)
        .map((key) => key.column),
    })),
    indexes,
    foreignKeys: foreignKeys.map((key) => ({
      ...key,
      onDelete: pgActions[key.onDelete],
      onUpdate: pgActions[key.onUpdate],
    })),
  });
}

// Column order follows each database's migration history (SQLite appends added columns): compared by name.
function normalised(shape: Shape): Shape {
  return {
    columns: byTableAndName(shape.columns),
    primaryKeys: byTableAndName(shape.primaryKeys),
    indexes: byTableAndName(shape.indexes),
    foreignKeys: byTableAndName(shape.foreignKeys),
  };
}

describeWithPostgres('the SQLite and PostgreSQL migrations', () => {
  let sqlite: Db;
  let pg: PgDb;

  before(async () => {
    sqlite = await openDatabase(':memory:');
    pg = await openPostgres(await createPostgresDatabase());
  });

  after(async () => {
    sqlite?.$client.close();
    await pg?.$client.end();
  });

  it('build the same tables, columns, not-null, keys, indexes and references', async () => {
    const [fromSqlite, fromPg] = [sqliteShape(sqlite), await pgShape(pg)];
    assert.ok(fromSqlite.columns.length > 0);
    assert.deepEqual(fromPg.columns, fromSqlite.columns);
    assert.deepEqual(fromPg.primaryKeys, fromSqlite.primaryKeys);
    assert.deepEqual(fromPg.indexes, fromSqlite.indexes);
    assert.deepEqual(fromPg.foreignKeys, fromSqlite.foreignKeys);
  });
});
