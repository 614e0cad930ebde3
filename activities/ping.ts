import { pingResults } from '../db/schema';
import type { Db } from '../db/open';

export interface PingRecord {
  workflowId: string;
  outcome: 'answered' | 'timed-out';
  message?: string;
}

export function createPingActivities(db: Db) {
  return {
    /** Idempotent: a retry after a crash finds the row and changes nothing. */
    async recordPing(record: PingRecord): Promise<void> {
      db.insert(pingResults)
        .values({ workflowId: record.workflowId, outcome: record.outcome, message: record.message ?? null })
        .onConflictDoNothing()
        .run();
    },
  };
}

export type PingActivities = ReturnType<typeof createPingActivities>;
