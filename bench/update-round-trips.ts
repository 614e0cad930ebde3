// What a link click waits for inside the process, read from its workflow history: for each Update the
// API sent for a link (update id `link-<linkId>`), the workflow tasks from the one that accepted it up to
// and including the one that completed it (1 at best: answered in the task that took it), and the
// activities, local activities and search-attribute upserts (a stage, or a patch's `TemporalChangeVersion`:
// each a visibility write on the server) the process wrote in between. An activity scheduled before the
// completing task is a server round trip the person waits for; in a group process (many people's Updates
// at once) the events in between may also be other people's.
import type { temporal } from '@temporalio/proto';
import { percentile } from './stats';

type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface UpdateRoundTrip {
  updateId: string;
  workflowTasks: number;
  activities: number;
  localActivities: number;
  searchAttributeUpserts: number;
  /** From the accepted event's timestamp to the completed event's. */
  acceptedToCompletedMs: number;
}

const isLinkUpdate = (updateId: string) => updateId.startsWith('link-');

/** A proto int64 as the client (Long) or a JSON history (string) carries it. */
const toNumber = (value: unknown): number => Number(String(value ?? 0));

function eventMs(event: HistoryEvent): number {
  return toNumber(event.eventTime?.seconds) * 1000 + (event.eventTime?.nanos ?? 0) / 1e6;
}

function acceptedUpdateId(event: HistoryEvent): string | undefined {
  const accepted = event.workflowExecutionUpdateAcceptedEventAttributes;
  return accepted ? (accepted.acceptedRequest?.meta?.updateId ?? accepted.protocolInstanceId ?? undefined) : undefined;
}

function measure(events: HistoryEvent[], acceptedAt: number, completedAt: number, updateId: string): UpdateRoundTrip {
  // The task that accepted the Update is the last one completed before the accepted event (its commands follow it).
  let firstTask = acceptedAt;
  while (firstTask > 0 && !events[firstTask]!.workflowTaskCompletedEventAttributes) firstTask--;
  const count = (from: number, predicate: (event: HistoryEvent) => unknown) =>
    events.slice(from, completedAt).filter(predicate).length;
  return {
    updateId,
    workflowTasks: count(firstTask, (event) => event.workflowTaskCompletedEventAttributes),
    activities: count(acceptedAt + 1, (event) => event.activityTaskScheduledEventAttributes),
    // Patches are markers too; only the local activities' markers count.
    localActivities: count(
      acceptedAt + 1,
      (event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity',
    ),
    searchAttributeUpserts: count(acceptedAt + 1, (event) => event.upsertWorkflowSearchAttributesEventAttributes),
    acceptedToCompletedMs: eventMs(events[completedAt]!) - eventMs(events[acceptedAt]!),
  };
}

/**
 * A click its link decided (api/link-claims.ts): answered once Temporal recorded its `stepClaimed` signal, before
 * any workflow task. What the process then did in the task that took it: its activities, local activities and
 * search-attribute upserts, and the time from the signal's event to that task's completion.
 */
export interface ClaimTaking {
  activities: number;
  localActivities: number;
  searchAttributeUpserts: number;
  recordedToTakenMs: number;
}

/** The commands a completed workflow task wrote: the events right after it, up to the first that is none. */
function commandsAfter(events: HistoryEvent[], completedAt: number): HistoryEvent[] {
  const commands: HistoryEvent[] = [];
  for (const event of events.slice(completedAt + 1)) {
    const isCommand =
      event.activityTaskScheduledEventAttributes ||
      event.markerRecordedEventAttributes ||
      event.upsertWorkflowSearchAttributesEventAttributes ||
      event.timerStartedEventAttributes ||
      event.timerCanceledEventAttributes ||
      event.workflowExecutionCompletedEventAttributes;
    if (!isCommand) break;
    commands.push(event);
  }
  return commands;
}

/** Each `stepClaimed` signal of the history, in order, with what the task that took it did. */
export function claimTakings(history: History): ClaimTaking[] {
  const events = history.events ?? [];
  const takings: ClaimTaking[] = [];
  events.forEach((event, index) => {
    if (event.workflowExecutionSignaledEventAttributes?.signalName !== 'stepClaimed') return;
    const completedAt = events.findIndex((later, at) => at > index && later.workflowTaskCompletedEventAttributes);
    if (completedAt < 0) return;
    const commands = commandsAfter(events, completedAt);
    takings.push({
      activities: commands.filter((command) => command.activityTaskScheduledEventAttributes).length,
      localActivities: commands.filter(
        (command) => command.markerRecordedEventAttributes?.markerName === 'core_local_activity',
      ).length,
      searchAttributeUpserts: commands.filter((command) => command.upsertWorkflowSearchAttributesEventAttributes)
        .length,
      recordedToTakenMs: eventMs(events[completedAt]!) - eventMs(event),
    });
  });
  return takings;
}

/** E.g. `answered before any workflow task; taken in the next: 1 activity, 1 local activity, ... (median of 50)`. */
export function describeClaimTakings(takings: ClaimTaking[]): string {
  const of = (key: keyof ClaimTaking) =>
    percentile(
      takings.map((taking) => taking[key]),
      50,
    );
  return [
    `answered as its link took it, before any workflow task; the process took it in its next: ${counted(of('activities'), 'activity', 'activities')}`,
    counted(of('localActivities'), 'local activity', 'local activities'),
    counted(of('searchAttributeUpserts'), 'search-attribute upsert'),
    `signalled → taken ${of('recordedToTakenMs').toFixed(1)} ms (median of ${takings.length})`,
  ].join(', ');
}

/** Every Update of the history that `include` selects (by default the link Updates) and that completed, in order of completion. */
export function updateRoundTrips(
  history: History,
  include: (updateId: string) => boolean = isLinkUpdate,
): UpdateRoundTrip[] {
  const events = history.events ?? [];
  const acceptedIndex = new Map<string, number>();
  const idOfAcceptedEvent = new Map<number, string>();
  const trips: UpdateRoundTrip[] = [];
  events.forEach((event, index) => {
    const accepted = acceptedUpdateId(event);
    if (accepted !== undefined) {
      acceptedIndex.set(accepted, index);
      idOfAcceptedEvent.set(toNumber(event.eventId), accepted);
    }
    const completed = event.workflowExecutionUpdateCompletedEventAttributes;
    if (!completed) return;
    const updateId = completed.meta?.updateId ?? idOfAcceptedEvent.get(toNumber(completed.acceptedEventId));
    const acceptedAt = updateId === undefined ? undefined : acceptedIndex.get(updateId);
    if (updateId === undefined || acceptedAt === undefined || !include(updateId)) return;
    trips.push(measure(events, acceptedAt, index, updateId));
  });
  return trips;
}

export interface RoundTripSummary {
  updates: number;
  workflowTasks: number;
  activities: number;
  localActivities: number;
  searchAttributeUpserts: number;
  acceptedToCompletedMs: number;
}

/** The median of each over `trips` (the lower middle of an even count, so counts stay whole). */
export function summarizeRoundTrips(trips: UpdateRoundTrip[]): RoundTripSummary {
  const of = (key: Exclude<keyof UpdateRoundTrip, 'updateId'>) =>
    percentile(
      trips.map((trip) => trip[key]),
      50,
    );
  return {
    updates: trips.length,
    workflowTasks: of('workflowTasks'),
    activities: of('activities'),
    localActivities: of('localActivities'),
    searchAttributeUpserts: of('searchAttributeUpserts'),
    acceptedToCompletedMs: of('acceptedToCompletedMs'),
  };
}

const counted = (n: number, noun: string, plural = `${noun}s`) => `${n} ${n === 1 ? noun : plural}`;

/** E.g. `3 workflow tasks, 2 activities, 1 local activity, 2 search-attribute upserts, accepted → completed 12.0 ms (median of 50)`. */
export function describeRoundTrips(summary: RoundTripSummary): string {
  return [
    counted(summary.workflowTasks, 'workflow task'),
    counted(summary.activities, 'activity', 'activities'),
    counted(summary.localActivities, 'local activity', 'local activities'),
    counted(summary.searchAttributeUpserts, 'search-attribute upsert'),
    `accepted → completed ${summary.acceptedToCompletedMs.toFixed(1)} ms (median of ${summary.updates})`,
  ].join(', ');
}
