// The benchmark's count of what a link click waits for inside the process, on recorded histories whose
// events were read by hand (test/histories/, loaded as the replay test loads them).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import {
  claimTakings,
  describeClaimTakings,
  describeRoundTrips,
  summarizeRoundTrips,
  updateRoundTrips,
  type UpdateRoundTrip,
} from '../../bench/update-round-trips';

const recorded = (file: string) =>
  historyFromJSON(JSON.parse(readFileSync(join(__dirname, '..', 'histories', file), 'utf8')));
const counts = ({ workflowTasks, activities, localActivities }: UpdateRoundTrip) => ({
  workflowTasks,
  activities,
  localActivities,
});

describe('update round trips from a workflow history (bench/update-round-trips.ts)', () => {
  it('counts the tasks, activities and local activities between each link Update’s acceptance and completion', () => {
    const [prepare, approve, ...rest] = updateRoundTrips(recorded('connection-direct-path.json'));
    assert.equal(rest.length, 0);
    // Prepare: accepted after task 15, two audit/terms local activities and the invitation's activity, completed after task 26.
    assert.equal(prepare!.updateId, 'link-a11c64db-7f42-45a0-ab39-d6830ef3a467');
    assert.deepEqual(counts(prepare!), { workflowTasks: 2, activities: 1, localActivities: 2 });
    assert.ok(Math.abs(prepare!.acceptedToCompletedMs - 43.327) < 0.01, String(prepare!.acceptedToCompletedMs));
    // Approve: the register check, the connection record and the receipt mail's activity; tasks 31, 41 and 47.
    assert.equal(approve!.updateId, 'link-29e6b35f-6fe3-4279-9015-eab412b5145b');
    assert.deepEqual(counts(approve!), { workflowTasks: 3, activities: 3, localActivities: 1 });
    assert.ok(Math.abs(approve!.acceptedToCompletedMs - 34.516) < 0.01, String(approve!.acceptedToCompletedMs));
  });

  it('a click its link decided: no Update, and what the task that took its signal did (events 15 to 19)', () => {
    const history = recorded('user-activation-links-decide.json');
    assert.deepEqual(updateRoundTrips(history), []);
    const [taking, ...rest] = claimTakings(history);
    assert.equal(rest.length, 0);
    assert.deepEqual(
      { ...taking!, recordedToTakenMs: Math.round(taking!.recordedToTakenMs * 1000) / 1000 },
      { activities: 0, localActivities: 1, searchAttributeUpserts: 0, recordedToTakenMs: 45.08 },
    );
    assert.match(
      describeClaimTakings([taking!]),
      /before any workflow task.* 0 activities, 1 local activity, 0 search-attribute upserts, signalled → taken 45\.1 ms \(median of 1\)$/,
    );
  });

  it('does not count a patch marker as a local activity, nor the means confirmation as a link Update', () => {
    const trips = updateRoundTrips(recorded('user-activation-means.json'));
    // The first answered in the task that accepted it, beside a patch marker; the broker's `means-` Update is left out.
    assert.deepEqual(
      trips.map((trip) => trip.updateId),
      ['link-dd839d45-6c06-439c-9206-3b3a51646f52', 'link-a3b7feef-be48-441c-8da4-f096289d5f15'],
    );
    assert.deepEqual(trips.map(counts), [
      { workflowTasks: 1, activities: 1, localActivities: 1 },
      { workflowTasks: 2, activities: 1, localActivities: 1 },
    ]);
  });

  it('counts the search-attribute upserts between acceptance and answer: the stages and each patch’s TemporalChangeVersion', () => {
    const [prepare, approve] = updateRoundTrips(recorded('connection-click-in-one-task.json'));
    // Prepare: the stage awaiting-approval and one patch (events 25, 27).
    assert.equal(prepare!.searchAttributeUpserts, 2);
    // Approve: four patches, checking-company-register, then connected (events 43, 45, 47, 48, 50, 54).
    assert.deepEqual(
      { ...counts(approve!), searchAttributeUpserts: approve!.searchAttributeUpserts },
      { workflowTasks: 1, activities: 1, localActivities: 3, searchAttributeUpserts: 6 },
    );
  });

  it('takes any Update the caller selects: an older history without link- update ids', () => {
    const history = recorded('connection-registrant-path.json');
    assert.deepEqual(updateRoundTrips(history), []);
    const [documentAttached] = updateRoundTrips(history, () => true);
    assert.deepEqual(counts(documentAttached!), { workflowTasks: 1, activities: 0, localActivities: 0 });
  });

  it('summarises by the median and says it in words', () => {
    const trip = (workflowTasks: number, activities: number, acceptedToCompletedMs: number) => ({
      updateId: 'x',
      workflowTasks,
      activities,
      localActivities: 1,
      searchAttributeUpserts: 2,
      acceptedToCompletedMs,
    });
    const summary = summarizeRoundTrips([trip(3, 2, 30), trip(1, 0, 5), trip(3, 2, 12)]);
    assert.deepEqual(summary, {
      updates: 3,
      workflowTasks: 3,
      activities: 2,
      localActivities: 1,
      searchAttributeUpserts: 2,
      acceptedToCompletedMs: 12,
    });
    assert.equal(
      describeRoundTrips(summary),
      '3 workflow tasks, 2 activities, 1 local activity, 2 search-attribute upserts, accepted → completed 12.0 ms (median of 3)',
    );
  });
});
