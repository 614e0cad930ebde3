// Where a process stands, for people and operators: the stage (also the `OnboardingStage` search
// attribute the Web UI filters by), recent events, and the pending steps, behind one query.
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { ProcessType } from '../domain/process-types';
import { searchAttributes } from '../temporal.config';
import type { PendingStepView, ProcessEvent, ProcessStatus } from './process.messages';

export interface ProcessIdentity {
  processType: ProcessType;
  organizationId: string;
  organizationName: string;
  /** The organisation's (ISO 3166-1 alpha-2): DK, DE, or a foreign company's own. */
  country: string;
}

/** Enough history for a person to follow a case; the full record is the audit table. */
const keptEvents = 100;

export class ProcessTracker {
  stage: string;
  readonly events: ProcessEvent[] = [];
  private details: () => Record<string, unknown> = () => ({});

  /** Sets the identity and the first stage as the process's search attributes (what the Web UI filters by). */
  constructor(
    readonly identity: ProcessIdentity,
    initialStage: string,
  ) {
    this.stage = initialStage;
    const pairs: SearchAttributeUpdatePair[] = [
      { key: searchAttributes.processType, value: identity.processType },
      { key: searchAttributes.organizationId, value: identity.organizationId },
      { key: searchAttributes.organizationName, value: identity.organizationName },
      { key: searchAttributes.country, value: identity.country },
      { key: searchAttributes.onboardingStage, value: initialStage },
    ];
    upsertSearchAttributes(pairs);
  }

  /** Processes describe their own extra state (documents, application, ...) for the status query. */
  describeWith(details: () => Record<string, unknown>): void {
    this.details = details;
  }

  /** The stage, also as the `OnboardingStage` search attribute, and as an event. */
  setStage(stage: string): void {
    if (stage === this.stage) return;
    this.stage = stage;
    upsertSearchAttributes([{ key: searchAttributes.onboardingStage, value: stage }]);
    this.record({ type: 'stage-changed', detail: stage });
  }

  record(event: Omit<ProcessEvent, 'at'>): ProcessEvent {
    const full = { at: new Date().toISOString(), ...event };
    this.events.push(full);
    if (this.events.length > keptEvents) this.events.splice(0, this.events.length - keptEvents);
    return full;
  }

  /** The `processStatus` query's answer; `pendingSteps` from the process's HumanSteps, if it has any. */
  status(pendingSteps: PendingStepView[] = []): ProcessStatus {
    return {
      processType: this.identity.processType,
      stage: this.stage,
      pendingSteps,
      events: this.events,
      details: this.details(),
    };
  }
}
