// Statements a busy path runs on every call (a click, an e-mail), prepared once per database: each call then
// only binds its values, instead of building the query and having the database parse and plan it again.
import { sql, type Placeholder } from 'drizzle-orm';
import type { Db } from './open';

/** A query builder not yet run: drizzle's select, insert, update or delete. */
interface Preparable {
  prepare(): unknown;
}

export type Prepared<Queries extends Record<string, Preparable>> = {
  [Name in keyof Queries]: ReturnType<Queries[Name]['prepare']>;
};

/** The scopes named so far: two modules with one scope would give two statements one name. */
const scopes = new Set<string>();

/**
 * `build`'s queries, prepared on first use for each database instance; a transaction's body gets its own
 * (prepared on its `tx`), so they run in that transaction. Run them with `.execute(values)`, which both
 * dialects' prepared queries have (a select's rows; take `[0]` for one).
 *
 * Each is named `<scope>.<key>` (`links.find`). PostgreSQL keeps a named statement, parsed and planned, on
 * each pooled connection that has run it, and later calls there only bind their values; an unnamed one is
 * parsed again on every call. SQLite's builders take no name: db/open.ts keeps the compiled statement by its
 * text.
 */
export function preparedFor<Queries extends Record<string, Preparable>>(
  scope: string,
  build: (db: Db) => Queries,
): (db: Db) => Prepared<Queries> {
  if (scopes.has(scope)) throw new Error(`Prepared statements' scope "${scope}" is named twice`);
  scopes.add(scope);
  const prepared = new WeakMap<Db, Prepared<Queries>>();
  return (db) => {
    let statements = prepared.get(db);
    if (!statements) {
      const queries = Object.entries(build(db)).map(([key, query]) => [
        key,
        // Typed as SQLite's (db/open.ts's Db), whose prepare() takes no name; PostgreSQL's takes it.
        (query.prepare as (name: string) => unknown).call(query, `${scope}.${key}`),
      ]);
      prepared.set(db, (statements = Object.fromEntries(queries) as Prepared<Queries>));
    }
    return statements;
  };
}

/** `{ name: sql.placeholder('name') }` for each name: a prepared insert's values, bound by the row's own field names. */
export function placeholders<Name extends string>(...names: Name[]): Record<Name, Placeholder<Name>> {
  return Object.fromEntries(names.map((name) => [name, sql.placeholder(name)])) as Record<Name, Placeholder<Name>>;
}
