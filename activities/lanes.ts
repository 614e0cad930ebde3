// Runs an activity's items a few at a time (sharing the SMTP pool), heartbeating as they finish, and stops
// starting new ones after the first failure or a cancellation, so the retry finds the rest undone.
import { Context } from '@temporalio/activity';

/** Each heartbeat is encoded (and encrypted); the server only needs one well within the heartbeat timeout. */
const heartbeatEveryMs = 1000;

export async function inLanes<Item>(
  items: readonly Item[],
  lanes: number,
  work: (item: Item, index: number) => Promise<void>,
): Promise<void> {
  const context = Context.current();
  let next = 0;
  let stopped = false;
  let lastHeartbeat = 0;
  const lane = async () => {
    while (!stopped && !context.cancellationSignal.aborted && next < items.length) {
      const index = next++;
      await work(items[index]!, index).catch((error: unknown) => {
        stopped = true;
        throw error;
      });
      if (performance.now() - lastHeartbeat >= heartbeatEveryMs) {
        lastHeartbeat = performance.now();
        context.heartbeat(index);
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(lanes, items.length) }, lane));
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
}
