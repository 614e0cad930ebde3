// Drives a process from a test the way the API does: waits for a pending step, completes it.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  completeStepUpdate,
  processStatusQuery,
  type Actor,
  type CompleteStepResult,
  type PendingStepView,
} from '../../workflows/process.messages';
import type { StepName } from '../../domain/steps';

export const person = (subject: string, name = subject): Actor & { kind: 'person' } => ({
  kind: 'person',
  subject,
  name,
});
export const operator: Actor = { kind: 'operator', keyId: 'operator:test' };

/** Polls the status query until `step` is pending (bounded: the workflow reaches it within its next tasks). */
export async function pendingStep(
  client: Client,
  workflowId: string,
  step: StepName,
  key?: string,
): Promise<PendingStepView> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const status = await client.workflow
      .getHandle(workflowId)
      .query(processStatusQuery)
      .catch((error: unknown) => {
        // A process started by another one (e.g. setup) may not exist yet.
        if (error instanceof WorkflowNotFoundError) return undefined;
        throw error;
      });
    const found = status?.pendingSteps.find((s) => s.step === step && (key === undefined || s.key === key));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`step ${step} never became pending in ${workflowId}`);
}

export async function complete(
  client: Client,
  workflowId: string,
  step: StepName,
  actor: Actor,
  input: unknown,
  key?: string,
): Promise<CompleteStepResult> {
  const pending = await pendingStep(client, workflowId, step, key);
  return client.workflow.getHandle(workflowId).executeUpdate(completeStepUpdate, {
    args: [{ step, key: pending.key, linkId: pending.linkId, actor, input }],
  });
}

/** Asserts that an Update was refused, matching the workflow's own reason (the failure's cause). */
export async function refusedWith(promise: Promise<unknown>, reason: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    const message = (error as { cause?: { message?: string } }).cause?.message ?? String(error);
    if (!reason.test(message)) throw new Error(`refused for another reason: ${message}`);
    return;
  }
  throw new Error(`expected a refusal matching ${reason}`);
}
