// After the run: the round trips of every link Update the benchmark's people sent, read from the
// histories of the processes whose links were mailed (the fresh DATA_DIR holds only the benchmark's),
// by step type. Each link's step comes from its row; the path from the connection it belongs to.
import { tables } from '../db/tables';
import { stepTypes, stepTypeOf, type StepType } from './clicks';
import { runConcurrently } from './stats';
import type { RunningSystem } from './system';
import { updateRoundTrips, type UpdateRoundTrip } from './update-round-trips';

/** History reads in flight: the server is still running the processes' follow-up work. */
const historyReads = 4;

export async function roundTripsByStep(
  system: RunningSystem,
  registrantWorkflows: Set<string>,
): Promise<Map<StepType, UpdateRoundTrip[]>> {
  const { actionLinks } = tables(system.db);
  const links = await system.db
    .select({ linkId: actionLinks.linkId, workflowId: actionLinks.workflowId, step: actionLinks.step })
    .from(actionLinks);
  const linkOfUpdate = new Map(links.map((link) => [`link-${link.linkId}`, link]));
  const workflowIds = [...new Set(links.map((link) => link.workflowId))];
  const byStep = new Map<StepType, UpdateRoundTrip[]>(stepTypes.map((type) => [type, []]));
  await runConcurrently(workflowIds.length, historyReads, async (i) => {
    const history = await system.client.workflow.getHandle(workflowIds[i]!).fetchHistory();
    for (const trip of updateRoundTrips(history)) {
      const link = linkOfUpdate.get(trip.updateId);
      const type = link && stepTypeOf(link.step, registrantWorkflows.has(link.workflowId) ? 'registrant' : 'direct');
      if (type) byStep.get(type)!.push(trip);
    }
  });
  return byStep;
}
