// Waiting in end-to-end tests for what the system does on its own time (a process moving on, visibility
// catching up): poll a probe until it answers, bounded.

/** Polls `probe` every 100 ms until it returns a value (30 s at most). */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
