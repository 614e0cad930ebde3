import type { Db } from '../db/open';
import { recordPingResult, type PingRecord } from '../db/ping';

export function createPingActivities(db: Db) {
  return {
    async recordPing(record: PingRecord): Promise<void> {
      await recordPingResult(db, record);
    },
  };
}

export type PingActivities = ReturnType<typeof createPingActivities>;
