// Stored documents' upkeep: uploads whose process never took them are removed, their bytes with them
// (db/documents.ts).
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Logger } from '../config/logger';
import { discardDocument, markDocumentAttached, unattachedDocuments } from '../db/documents';
import type { Db } from '../db/open';
import { holdsDocumentQuery } from '../workflows/process.messages';

export interface DocumentSweepResult {
  /** Documents (row and bytes) of uploads the process does not hold: the API stopped before attaching. */
  discarded: number;
  /** Rows of uploads the process holds whose confirmation the API never wrote. */
  attached: number;
}

export function createDocumentActivities(deps: { db: Db; logger: Logger; temporal: Client }) {
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
    /** Idempotent: a second run finds nothing more to settle. */
    async sweepOrphanDocuments(request: { graceMs: number }): Promise<DocumentSweepResult> {
      const olderThan = new Date(Date.now() - request.graceMs);
      let discarded = 0;
      let attached = 0;
      // Older than the grace period, an upload's Update has long ended: what the process holds now is final.
      for (const { documentId, workflowId } of await unattachedDocuments(deps.db, olderThan)) {
        const holds = await held(workflowId, documentId);
        if (holds === true) {
          await markDocumentAttached(deps.db, documentId);
          attached++;
        } else if (holds === false) {
          await discardDocument(deps.db, documentId);
          discarded++;
        }
      }
      if (discarded + attached > 0) deps.logger.info({ discarded, attached }, 'document sweep');
      return { discarded, attached };
    },
  };
}

export type DocumentActivities = ReturnType<typeof createDocumentActivities>;
