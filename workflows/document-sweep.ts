// Settles uploads the API kept but never saw attached, once they are `grace` old: asks their process, and
// marks them attached or removes them with their bytes. A Temporal Schedule starts it
// (workers/document-sweep-schedule.ts).
import { proxyActivities } from '@temporalio/workflow';
import type { DocumentActivities, DocumentSweepResult } from '../activities/documents';
import { durationMs } from '../domain/duration';
import { sweepActivity } from '../temporal.config';

const { sweepOrphanDocuments } = proxyActivities<DocumentActivities>(sweepActivity);

export interface DocumentSweepInput {
  grace: string;
}

export async function documentSweep(input: DocumentSweepInput): Promise<DocumentSweepResult> {
  return sweepOrphanDocuments({ graceMs: durationMs(input.grace) });
}
