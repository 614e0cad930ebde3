// The key a process's idempotency and audit keys start with, built alike by workflows and activities.

/**
 * The workflow id and its first run's id: a process started again under the same workflow id (a restarted
 * setup) writes rows of its own, while a run continued as new keeps the first run's id and so its keys.
 */
export function runKeyOf(run: { workflowId: string; firstExecutionRunId: string }): string {
  return `${run.workflowId}/${run.firstExecutionRunId}`;
}
