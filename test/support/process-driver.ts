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
import { eventually } from './wait';

export const person = (subject: string, name = subject): Actor & { kind: 'person' } => ({
  kind: 'person',
  subject,
  name,
});
export const operator: Actor = { kind: 'operator', keyId: 'operator:test' };

/** `step` as the status query shows it, once pending (the workflow reaches it within its next tasks). */
export function pendingStep(
  client: Client,
  workflowId: string,
  step: StepName,
  key?: string,
): Promise<PendingStepView> {
  return eventually(`step ${step} to be pending in ${workflowId}`, async () => {
    const status = await client.workflow
      .getHandle(workflowId)
      .query(processStatusQuery)
      .catch((error: unknown) => {
        // A process started by another one (e.g. setup) may not exist yet.
        if (error instanceof WorkflowNotFoundError) return undefined;
        throw error;
      });
    return status?.pendingSteps.find((s) => s.step === step && (key === undefined || s.key === key));
  });
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
    if (!reason.test(message)) throw new Error(`refused for another reason: ${message}`, { cause: error });
    return;
  }
  throw new Error(`expected a refusal matching ${reason}`);
}
