// After the run: the round trips of every link Update the benchmark's people sent, and what the processes did
// with every click their links decided, read from the histories of the processes whose links were mailed (the
// fresh DATA_DIR holds only the benchmark's), by step type. Each link's step comes from its row; the path from
// the connection it belongs to. A process's claims are matched to its `stepClaimed` signals in the order they
// were claimed (each is signalled as it is claimed; a benchmark's clicks are not sent again).
import { eq } from 'drizzle-orm';
import { tables } from '../db/tables';
import { stepTypes, stepTypeOf, type StepType } from './clicks';
import { runConcurrently } from './stats';
import type { RunningSystem } from './system';
import { claimTakings, updateRoundTrips, type ClaimTaking, type UpdateRoundTrip } from './update-round-trips';

/** History reads in flight: the server is still running the processes' follow-up work. */
const historyReads = 4;

export async function roundTripsByStep(
  system: RunningSystem,
  registrantWorkflows: Set<string>,
): Promise<{ updates: Map<StepType, UpdateRoundTrip[]>; claims: Map<StepType, ClaimTaking[]> }> {
  const { actionLinks, stepClaims } = tables(system.db);
  const links = await system.db
    .select({ linkId: actionLinks.linkId, workflowId: actionLinks.workflowId, step: actionLinks.step })
    .from(actionLinks);
  const linkOfUpdate = new Map(links.map((link) => [`link-${link.linkId}`, link]));
  const claimedSteps = new Map<string, string[]>();
  for (const claim of await system.db
    .select({ workflowId: stepClaims.workflowId, step: actionLinks.step })
    .from(stepClaims)
    .innerJoin(actionLinks, eq(actionLinks.linkId, stepClaims.linkId))
    .orderBy(stepClaims.claimedAt))
    claimedSteps.set(claim.workflowId, [...(claimedSteps.get(claim.workflowId) ?? []), claim.step]);
  const workflowIds = [...new Set(links.map((link) => link.workflowId))];
  const updates = new Map<StepType, UpdateRoundTrip[]>(stepTypes.map((type) => [type, []]));
  const claims = new Map<StepType, ClaimTaking[]>(stepTypes.map((type) => [type, []]));
  const typeOf = (step: string, workflowId: string) =>
    stepTypeOf(step, registrantWorkflows.has(workflowId) ? 'registrant' : 'direct');
  await runConcurrently(workflowIds.length, historyReads, async (i) => {
    const workflowId = workflowIds[i]!;
    const history = await system.client.workflow.getHandle(workflowId).fetchHistory();
    for (const trip of updateRoundTrips(history)) {
      const link = linkOfUpdate.get(trip.updateId);
      const type = link && typeOf(link.step, link.workflowId);
      if (type) updates.get(type)!.push(trip);
    }
    const steps = claimedSteps.get(workflowId) ?? [];
    claimTakings(history).forEach((taking, index) => {
      const type = steps[index] && typeOf(steps[index], workflowId);
      if (type) claims.get(type)!.push(taking);
    });
  });
  return { updates, claims };
}
