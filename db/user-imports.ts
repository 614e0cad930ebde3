// A users import in progress: its rows staged in `user_import_rows` under the import's id while the file
// streams in (api/user-import.ts reads it), then moved into `users` at once.
import { and, eq, lt, sql } from 'drizzle-orm';
import { runStatement } from './dialect';
import type { Db } from './open';
import { transaction } from './transaction';
import type { userImportRows } from './schema';
import { tables } from './tables';

export type StagedImportRow = typeof userImportRows.$inferInsert;

/** Registers the import; imports begun before `sweptBefore` were cut off by a crash, and go with their rows. */
export async function openImport(db: Db, importId: string, orgId: string, sweptBefore: string): Promise<void> {
  const { userImports } = tables(db);
  await db.delete(userImports).where(lt(userImports.startedAt, sweptBefore));
  await db.insert(userImports).values({ importId, orgId });
}

export async function stageImportRows(db: Db, rows: StagedImportRow[]): Promise<void> {
  const { userImportRows } = tables(db);
  if (rows.length > 0) await db.insert(userImportRows).values(rows);
}

/** Removes the import and its staged rows, whether they were moved into `users` or not. */
export async function closeImport(db: Db, importId: string): Promise<void> {
  const { userImports } = tables(db);
  await db.delete(userImports).where(eq(userImports.importId, importId));
}

/**
 * One transaction: the first row of each nemidUserId that the organisation does not have yet (a
 * deleted user's is gone) becomes an imported user; every other row is a duplicate, whose lines (the first
 * `listLimit`) are returned.
 */
export async function moveStagedIntoUsers(
  db: Db,
  importId: string,
  orgId: string,
  listLimit: number,
): Promise<{ imported: number; duplicateLines: number[] }> {
  const { users, userImportRows } = tables(db);
  const r = userImportRows;
  const earlierInFile = sql`exists (select 1 from ${r} as e where e.import_id = ${r.importId} and e.nemid_user_id = ${r.nemidUserId} and e.line < ${r.line})`;
  const alreadyThere = sql`exists (select 1 from ${users} where ${users.orgId} = ${orgId} and ${users.nemidUserId} = ${r.nemidUserId})`;
  return transaction(db, async (tx) => {
    const duplicates = await tx
      .select({ row: r.line })
      .from(r)
      .where(and(eq(r.importId, importId), sql`(${earlierInFile} or ${alreadyThere})`))
      .orderBy(r.line)
      .limit(listLimit);
    // An existing nemidUserId stays as it is. A deleted user's row no longer carries theirs
    // (db/user-deletion.ts): imported again, they are a new imported user.
    const imported = await runStatement(
      tx,
      sql`
      insert into ${users} (user_id, org_id, name, email, nemid_user_id, imported_at, status)
      select ${r.userId}, ${orgId}, ${r.name}, ${r.email}, ${r.nemidUserId}, ${r.importedAt}, 'imported' from ${r}
      where ${r.importId} = ${importId} and not ${earlierInFile}
      on conflict (org_id, nemid_user_id) do nothing returning 1`,
    );
    return { imported, duplicateLines: duplicates.map(({ row }) => row) };
  });
}
