// Login sessions' rows, keyed by the SHA-256 of the cookie's id (api/session.ts makes and reads the cookie).
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Db } from './open';
import { preparedFor } from './prepared';
import { tables } from './tables';

/** Stores a session's row; expired rows are swept here, by their index. */
export async function insertSession(
  db: Db,
  row: { idHash: string; data: string; expiresAt: number },
  now: number,
): Promise<void> {
  const { sessions } = tables(db);
  await db.delete(sessions).where(lte(sessions.expiresAt, now));
  await db.insert(sessions).values(row);
}

// Every request with a session cookie runs this.
const statements = preparedFor('sessions', (db) => {
  const { sessions } = tables(db);
  return {
    find: db
      .select({ data: sessions.data })
      .from(sessions)
      .where(and(eq(sessions.idHash, sql.placeholder('idHash')), gt(sessions.expiresAt, sql.placeholder('now')))),
  };
});

/** The stored session (as JSON) of a live row; an unknown or expired one is none. */
export async function liveSessionData(db: Db, idHash: string, now: number): Promise<string | undefined> {
  return (await statements(db).find.execute({ idHash, now }))[0]?.data;
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  const { sessions } = tables(db);
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}
