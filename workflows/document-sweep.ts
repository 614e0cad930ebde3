// Settles uploads the API kept but never saw attached (asks their process: attached, or removed) and removes
// stored document files that no `documents` row refers to and abandoned upload temp files, once they are
// `grace` old. A Temporal Schedule starts it
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
