// Opens the app's PostgreSQL database (a pool of connections) and applies its migrations: db/open.ts's
// counterpart for a `postgres://` DATABASE_URL.
import { join } from 'node:path';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { Pool } from 'pg';
import * as schema from './schema.pg';

export type PgDb = NodePgDatabase<typeof schema> & { $client: Pool };

const migrationsFolder = join(__dirname, 'migrations-pg');

/**
 * The key of the session-level advisory lock held while migrating (any number no other code of this
 * database uses as a lock key; this one spells "onboard").
 */
const migrationLockKey = 0x6f6e626f617264;

export async function openPostgres(url: string): Promise<PgDb> {
  const pool = new Pool({ connectionString: url });
  try {
    await migrateOnce(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return drizzle(pool, { schema });
}

/**
 * drizzle's migrator (its schema `drizzle`, its table, one transaction), behind an advisory lock on one
 * connection. drizzle's reads what was applied and then creates its table and every migration's objects, so of
 * two processes starting on a fresh database at once, the second failed on an object the first was creating.
 * Holding the lock, the second waits until the first committed and finds every migration applied.
 */
async function migrateOnce(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
    try {
      await migrate(drizzle(client), { migrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]);
    }
  } finally {
    client.release();
  }
}

const migrationCount = readMigrationFiles({ migrationsFolder }).length;

/** True when every committed migration has been applied (used by /readyz). */
export async function isPostgresMigrated(db: PgDb): Promise<boolean> {
  const { rows } = await db.$client.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
  return rows[0].n >= migrationCount;
}
