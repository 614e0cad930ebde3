// Drives a process from a test the way the API does: waits for a pending step, completes it.
import assert from 'node:assert/strict';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  completeStepUpdate,
  processStatusQuery,
  stepFailureTypes,
  type Actor,
  type CompleteStepResult,
  type PendingStepView,
  type StepFailureKind,
  type StepRule,
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

/**
 * Asserts that an Update was refused with the `stepFailureTypes` value of `kind` (the ApplicationFailure the
 * WorkflowUpdateFailedError carries as its cause) and answers that failure, so a caller can check its `details`.
 * `rule`: the rule an `invalid` or `wrongPerson` refusal names in its details, where the test is about one of them.
 */
export async function refusedWith(
  promise: Promise<unknown>,
  kind: StepFailureKind,
  rule?: StepRule,
): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => assert.fail(`expected a refusal of kind ${kind}`),
    (rejection: unknown) => rejection,
  );
  const failure = applicationFailureIn(error);
  if (failure?.type !== stepFailureTypes[kind])
    throw new Error(`refused as ${failure?.type ?? String(error)}, not ${stepFailureTypes[kind]}`, { cause: error });
  const named = (failure.details?.[0] as { rule?: unknown } | undefined)?.rule;
  if (rule && named !== rule)
    throw new Error(`refused by the rule ${String(named)}, not ${rule}: ${failure.message}`, { cause: error });
  return failure;
}

function applicationFailureIn(error: unknown): ApplicationFailure | undefined {
  for (let at = error; at instanceof Error; at = at.cause) if (at instanceof ApplicationFailure) return at;
  return undefined;
}
