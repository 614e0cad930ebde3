// Stored documents' upkeep: uploads whose process never took them and files no process refers to any more
// are removed (db/document-files.ts).
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { AppConfig } from '../config/env';
import type { Logger } from '../config/logger';
import {
  discardDocument,
  documentsDir,
  markDocumentAttached,
  sweepDocumentFiles,
  unattachedDocuments,
} from '../db/document-files';
import type { Db } from '../db/open';
import { holdsDocumentQuery } from '../workflows/process.messages';

export interface DocumentSweepResult {
  /** Files no row refers to and abandoned upload temp files. */
  removed: number;
  /** Rows (and their files, unless shared) of uploads the process does not hold: the API stopped before attaching. */
  discarded: number;
  /** Rows of uploads the process holds whose confirmation the API never wrote. */
  attached: number;
}

export function createDocumentActivities(deps: { db: Db; config: AppConfig; logger: Logger; temporal: Client }) {
  /** Whether the row's process holds the document; undefined when it cannot tell now (the next run asks again). */
  async function held(workflowId: string, documentId: string): Promise<boolean | undefined> {
    try {
      return await deps.temporal.workflow.getHandle(workflowId).query(holdsDocumentQuery, documentId);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      deps.logger.warn({ err: error, workflowId }, 'document sweep could not ask the process');
      return undefined;
    }
  }

  return {
    /** Idempotent: a second run finds nothing more to settle or remove. */
    async sweepOrphanDocuments(request: { graceMs: number }): Promise<DocumentSweepResult> {
      const olderThan = new Date(Date.now() - request.graceMs);
      const dir = documentsDir(deps.config.dataDir);
      let discarded = 0;
      let attached = 0;
      // Older than the grace period, an upload's Update has long ended: what the process holds now is final.
      for (const { documentId, workflowId } of unattachedDocuments(deps.db, olderThan)) {
        const holds = await held(workflowId, documentId);
        if (holds === true) {
          markDocumentAttached(deps.db, documentId);
          attached++;
        } else if (holds === false) {
          discardDocument(deps.db, dir, documentId);
          discarded++;
        }
      }
      const removed = sweepDocumentFiles(deps.db, dir, olderThan).length;
      if (removed + discarded + attached > 0) deps.logger.info({ removed, discarded, attached }, 'document sweep');
      return { removed, discarded, attached };
    },
  };
}

export type DocumentActivities = ReturnType<typeof createDocumentActivities>;
