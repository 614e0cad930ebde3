// Everything Temporal-shaped in one place: where the cluster is, which task queue this system polls,
// the search attributes operators filter by, and every duration a process waits for.
// Workflow code imports this file too, so it must stay free of I/O and of `process`.
import {
  defineSearchAttributeKey,
  type ActivityOptions,
  type LocalActivityOptions,
  type RetryPolicy,
} from '@temporalio/common';

export const temporalDefaults = {
  address: '127.0.0.1:7233',
  namespace: 'default',
  taskQueue: 'onboarding',
} as const;

/**
 * The task queue of the work a step leads to that nobody waits for (mail, a completed step's audit row),
 * beside the queue the processes run on: the worker takes it only while the machine has CPU to spare
 * (workers/worker.ts), so it runs after the clicks that led to it are answered, never before them.
 */
export function followUpTaskQueue(taskQueue: string): string {
  return `${taskQueue}-follow-up`;
}

/** Users per user-activation process: small enough for its history and pending activities, large enough to start few. */
export const activationGroupSize = 250;

/**
 * Updates one workflow may have in flight at once (the server's dynamic config `history.maxInFlightUpdates`,
 * 10 by default): every user of an activation group may answer at once. Beyond the limit the server refuses
 * an Update and the client backs off for seconds, so the 11th person clicking at once waited up to 40 s.
 */
export const maxInFlightUpdatesPerWorkflow = activationGroupSize;

/**
 * How every activity is retried: with backoff and no limit on attempts (an SMTP or database outage should
 * delay a person's step, never fail their process), at most 5 minutes apart.
 */
export const activityRetry: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '5 minutes',
};

/** One call that answers in seconds: a DB write, one e-mail, a register or portal lookup, starting a process. */
export const quickActivity: ActivityOptions = { startToCloseTimeout: '1 minute', retry: activityRetry };

/**
 * Many items in one call (a group's e-mails, a page of organisations), a few at a time: it heartbeats as items
 * finish (activities/lanes.ts), so a dead worker is noticed within a minute however long the batch runs.
 */
export const batchActivity: ActivityOptions = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: activityRetry,
};

/** What a click waits for, run inside the workflow task that took it (a DB write): no server round trip. */
export const localQuickActivity: LocalActivityOptions = { startToCloseTimeout: '30 seconds', retry: activityRetry };

/** The document sweep: a few attempts only, since the schedule's next run tries again anyway. */
export const sweepActivity: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  retry: { ...activityRetry, maximumAttempts: 5 },
};

export const searchAttributes = {
  organizationId: defineSearchAttributeKey('OrganizationId', 'KEYWORD'),
  organizationName: defineSearchAttributeKey('OrganizationName', 'TEXT'),
  country: defineSearchAttributeKey('Country', 'KEYWORD'),
  onboardingStage: defineSearchAttributeKey('OnboardingStage', 'KEYWORD'),
  processType: defineSearchAttributeKey('ProcessType', 'KEYWORD'),
  progressTotal: defineSearchAttributeKey('ProgressTotal', 'INT'),
  progressDone: defineSearchAttributeKey('ProgressDone', 'INT'),
} as const;

/** The CLI's type names, for `temporal server start-dev --search-attribute Name=Type`. */
export const searchAttributeCliTypes: Record<string, string> = {
  KEYWORD: 'Keyword',
  TEXT: 'Text',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** A human step waits this long before the first reminder, and gives up after `expireAfter`. */
export interface StepTiming {
  remindAfter: string;
  expireAfter: string;
}

/**
 * Every duration of every process. Values are Temporal duration strings ('3 days', '90 minutes').
 * `DURATIONS_JSON` in the environment may override any of them (tests shorten expiries that way);
 * a starter resolves them once and passes them in the workflow's input, so a running workflow never
 * changes its mind when the configuration does.
 */
export const defaultDurations = {
  ping: { waitForPong: '90 days' },
  connection: {
    prepare: { remindAfter: '3 days', expireAfter: '14 days' },
    approve: { remindAfter: '3 days', expireAfter: '14 days' },
    resubmitDocuments: { remindAfter: '3 days', expireAfter: '14 days' },
    /** Case workers are reminded when a document has waited this many working days. */
    documentReviewReminderWorkingDays: 10,
  },
  setup: { remindAfter: '7 days', expireAfter: '60 days' },
  /**
   * `means`: once a user chose to activate a separate means (MitID app, code display, ...), the wait for the
   * activation with the one-time code; `activationCodeValidFor`: how long one such code works (the person
   * gets a new one from their step page while the wait lasts).
   */
  activation: {
    remindAfter: '27 days',
    expireAfter: '30 days',
    means: { remindAfter: '3 days', expireAfter: '14 days' },
  },
  activationCode: { validFor: '30 minutes' },
  /**
   * Updates apply `noticeMonths` after the last notice; every administrator is reminded `reminderBefore`
   * the date; organisations connecting meanwhile are sought out `lateConnectionSweepEvery`; an update
   * waiting for an earlier one's notice looks again `earlierUpdatePollEvery`.
   */
  terms: {
    noticeMonths: 3,
    reminderBefore: '14 days',
    lateConnectionSweepEvery: '1 day',
    earlierUpdatePollEvery: '1 minute',
  },
  /** Uploads kept but never seen attached are settled `every`, once `grace` old (workflows/document-sweep.ts). */
  documentSweep: { every: '1 hour', grace: '1 hour' },
  /**
   * Clicks claimed on their link that no process was told of are sent again `every`, once `grace` old; delivered
   * ones are forgotten once `keepDelivered` old (api/link-claims.ts).
   */
  claimDelivery: { every: '15 seconds', grace: '10 seconds', keepDelivered: '30 minutes' },
  muk: {
    confirmMunicipalityData: { remindAfter: '3 days', expireAfter: '30 days' },
    vorhabenSubmitted: { remindAfter: '3 days', expireAfter: '30 days' },
    vorhabenConfirmed: { remindAfter: '7 days', expireAfter: '60 days' },
    serviceProviderCreated: { remindAfter: '3 days', expireAfter: '30 days' },
    serviceProviderApproved: { remindAfter: '7 days', expireAfter: '60 days' },
    integrationTested: { remindAfter: '3 days', expireAfter: '30 days' },
  },
} as const;

type Widen<T> = T extends string ? string : T extends number ? number : { [K in keyof T]: Widen<T[K]> };
export type Durations = Widen<typeof defaultDurations>;
