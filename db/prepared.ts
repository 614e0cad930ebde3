// Statements a busy path runs on every call (a click, an e-mail), prepared once per database: each call then
// only binds its values, instead of building the query and having SQLite compile it again.
import { sql, type Placeholder } from 'drizzle-orm';
import type { Db } from './open';

/**
 * `build`'s statements, prepared on first use for each database instance; a transaction's body gets its own
 * (prepared on its `tx`), so they run in that transaction. Run them with `.execute(values)`, which both
 * dialects' prepared queries have (a select's rows; take `[0]` for one).
 */
export function preparedFor<Statements>(build: (db: Db) => Statements): (db: Db) => Statements {
  const prepared = new WeakMap<Db, Statements>();
  return (db) => {
    let statements = prepared.get(db);
    if (!statements) prepared.set(db, (statements = build(db)));
    return statements;
  };
}

/** `{ name: sql.placeholder('name') }` for each name: a prepared insert's values, bound by the row's own field names. */
export function placeholders<Name extends string>(...names: Name[]): Record<Name, Placeholder<Name>> {
  return Object.fromEntries(names.map((name) => [name, sql.placeholder(name)])) as Record<Name, Placeholder<Name>>;
}
