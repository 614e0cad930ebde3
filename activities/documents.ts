// Stored documents' upkeep: files no process refers to any more are removed (db/document-files.ts).
import type { AppConfig } from '../config/env';
import type { Logger } from '../config/logger';
import { documentsDir, sweepDocumentFiles } from '../db/document-files';
import type { Db } from '../db/open';

export function createDocumentActivities(deps: { db: Db; config: AppConfig; logger: Logger }) {
  return {
    /** Idempotent: a second run finds nothing more to remove. */
    async sweepOrphanDocuments(request: { graceMs: number }): Promise<{ removed: number }> {
      const removed = sweepDocumentFiles(deps.db, documentsDir(deps.config.dataDir), new Date(Date.now() - request.graceMs));
      if (removed.length > 0) deps.logger.info({ removed: removed.length }, 'orphan document files removed');
      return { removed: removed.length };
    },
  };
}

export type DocumentActivities = ReturnType<typeof createDocumentActivities>;
