// A finished ping's outcome: written once by the ping workflow's activity, read by GET /api/pings/:id.
import { eq } from 'drizzle-orm';
import type { Db } from './open';
import { tables } from './tables';

export interface PingRecord {
  workflowId: string;
  outcome: 'answered' | 'timed-out';
  message?: string;
}

/** Idempotent: a retry after a crash finds the row and changes nothing. */
export async function recordPingResult(db: Db, record: PingRecord): Promise<void> {
  const { pingResults } = tables(db);
  await db
    .insert(pingResults)
    .values({ workflowId: record.workflowId, outcome: record.outcome, message: record.message ?? null })
    .onConflictDoNothing();
}

export async function findPingResult(db: Db, workflowId: string): Promise<typeof pingResults.$inferSelect | undefined> {
  const { pingResults } = tables(db);
  return (await db.select().from(pingResults).where(eq(pingResults.workflowId, workflowId)).limit(1))[0];
}
