// The one way tests wait for what the system does on its own time (a process moving on, a mail going out,
// visibility catching up): ask a probe again until it answers, bounded, and say what was awaited if it never does.

export interface Patience {
  /** How long to keep asking before failing (default 30 s). */
  timeoutMs?: number;
  /** The pause between two asks (default 50 ms). */
  intervalMs?: number;
}

/** What a probe answers once the awaited thing happened: anything but "not yet". */
export type Answer<T> = Exclude<T, undefined | null | false>;

/**
 * Asks `probe` until it answers something other than `undefined`, `null` or `false`, and returns that answer.
 * A probe that throws fails the wait at once. After `timeoutMs` the wait fails with `what` (a function is
 * read only then, so it can tell what the probe saw last).
 */
export async function eventually<T>(
  what: string | (() => string),
  probe: () => T | Promise<T>,
  { timeoutMs = 30_000, intervalMs = 50 }: Patience = {},
): Promise<Answer<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await probe();
    if (answer !== undefined && answer !== null && answer !== false) return answer as Answer<T>;
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
