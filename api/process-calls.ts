// How the API reaches a process, with its HTTP answers written once: start one (409 when one is already
// running under that id), send it an Update (404 when there is none, 409 when it has ended), and every
// refusal a process answers, turned into HTTP by its failure type.
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { AppConfig } from '../config/env';
import { startWorkflow, type Workflows } from '../config/temporal';
import { workflowTypes } from '../domain/process-types';
import { HttpError } from './errors';
import { stepFailureTypes, type AttachDocumentVerdict } from '../workflows/process.messages';

/** Every refusal a process answers, by its `stepFailureTypes` value: the one place a failure becomes HTTP. */
const failureStatus: Record<string, [number, string]> = {
  [stepFailureTypes.notPending]: [409, 'step_not_pending'],
  [stepFailureTypes.superseded]: [410, 'link_superseded'],
  [stepFailureTypes.wrongPerson]: [403, 'not_your_step'],
  [stepFailureTypes.invalid]: [422, 'invalid_step_input'],
  [stepFailureTypes.conflict]: [409, 'step_conflict'],
  [stepFailureTypes.tooManyDocuments]: [409, 'too_many_documents'],
  [stepFailureTypes.unknownDocument]: [404, 'unknown_document'],
};

/** A process's refusal as HTTP: a typed failure is its row above; one of no known type is a 409. */
function refusalAsHttp(failure: { type?: string | null; message?: string; details?: unknown }): HttpError {
  const message = failure.message ?? 'The step was refused';
  const known = failure.type ? failureStatus[failure.type] : undefined;
  if (!known) return new HttpError(409, 'step_refused', message);
  return new HttpError(known[0], known[1], message, failure.details);
}

/**
 * The HTTP answer to a refused Update, or to the refusal a process answers a query that asks ahead
 * (`canAttachDocument`, `mayAct`); a process that no longer runs has no pending step. Anything else (the
 * outcome unknown) is undefined, for the caller to throw as it is.
 */
export function httpErrorFromUpdate(error: unknown): HttpError | undefined {
  if (error instanceof WorkflowNotFoundError) return new HttpError(409, 'step_not_pending', 'The process has ended');
  if (isVerdict(error)) return refusalAsHttp(error);
  if (!(error instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = error.cause;
  if (cause instanceof ApplicationFailure)
    return refusalAsHttp({ type: cause.type, message: cause.message, details: cause.details?.[0] });
  return refusalAsHttp({ message: cause?.message });
}

function isVerdict(value: unknown): value is AttachDocumentVerdict & { allowed: false } {
  return typeof value === 'object' && value !== null && (value as { allowed?: unknown }).allowed === false;
}

/** The processes an operator starts, by process type, as the Web UI names them beside the organisation. */
const processLabels = {
  connection: 'MitID Erhverv connection',
  'muk-connection': 'MUK connection',
} as const;

export async function startProcessOnce<Type extends keyof typeof processLabels>(
  temporal: Client,
  config: AppConfig,
  start: {
    processType: Type;
    workflowId: string;
    args: Parameters<Workflows[(typeof workflowTypes)[Type]]>;
    organizationName: string;
    alreadyRunning: { message: string; details: unknown };
  },
): Promise<void> {
  try {
    await startWorkflow(temporal, workflowTypes[start.processType], {
      workflowId: start.workflowId,
      taskQueue: config.temporal.taskQueue,
      args: start.args,
      memo: { organizationName: start.organizationName },
      // What the Web UI shows beside the id; the organisation only, never a person.
      staticSummary: `${processLabels[start.processType]}: ${start.organizationName}`,
      staticDetails: `**${start.organizationName}**\n\nFind the case's stage in the search attribute \`OnboardingStage\`; operators: \`npm run ops -- show ${start.workflowId}\``,
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError)
      throw new HttpError(409, 'already_running', start.alreadyRunning.message, start.alreadyRunning.details);
    throw error;
  }
}

export async function updateProcess<Result, Args extends [unknown, ...unknown[]]>(
  temporal: Client,
  workflowId: string,
  update: UpdateDefinition<Result, Args>,
  args: Args,
  notFound: string,
): Promise<Result> {
  try {
    return await temporal.workflow.getHandle(workflowId).executeUpdate(update, { args });
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw await endedOrUnknown(temporal, workflowId, notFound);
    throw httpErrorFromUpdate(error) ?? error;
  }
}

/** The server answers "not found" for an Update to a closed process too; the caller should learn which it is. */
async function endedOrUnknown(temporal: Client, workflowId: string, notFound: string): Promise<HttpError> {
  try {
    const { status } = await temporal.workflow.getHandle(workflowId).describe();
    return new HttpError(409, 'process_ended', `The process has already ended (${status.name.toLowerCase()})`);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return new HttpError(404, 'not_found', notFound);
    throw error;
  }
}
