// The smallest workflow there is: it returns at once. bench/workflow-start-rate.ts starts many of them to
// measure what the Temporal server itself can do, the floor for every process built on it.
export async function trivial(): Promise<void> {
  return undefined;
}
