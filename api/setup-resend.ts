// Fresh setup links for the administrators of an organisation who have not set up (POST
// /api/organizations/:orgId/setup/resend). While the setup process runs, its pending steps are re-sent
// (the old links answer 410); once it has ended, expired or otherwise, a new run under the same workflow
// id waits for those administrators. Temporal starts one run per id at a time, so two calls at once never
// start two: the second is told someone else just restarted it.
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow';
import { administratorsNotSetUp, reopenExpiredSetup, type Organization } from '../db/organizations';
import type { SeparateMeans } from '../domain/step-inputs';
import { bindToLogins, setupWorkflowId, type OrganizationSetupInput } from '../workflows/organization-setup.messages';
import { processStatusQuery, resendStepUpdate, type Actor } from '../workflows/process.messages';
import type { ApiDeps } from './deps';
import { HttpError } from './errors';
import { startWorkflow } from '../config/temporal';

export interface SetupResent {
  workflowId: string;
  /** A new setup run was started (the earlier one had ended); otherwise the running one's links were re-sent. */
  restarted: boolean;
  administrators: Array<{ name: string; email: string }>;
}

async function isRunning(deps: Pick<ApiDeps, 'temporal'>, workflowId: string): Promise<boolean | undefined> {
  try {
    return (await deps.temporal.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

/**
 * The logins the ended run bound its administrators to (an administrator who logged in earlier in the case, as
 * initiator or representative, sets up with that same login): its input carries them, from the connection
 * and from one restart to the next, so a restart binds them as well.
 */
async function boundLogins(deps: Pick<ApiDeps, 'temporal'>, workflowId: string): Promise<Map<string, string>> {
  const history = await deps.temporal.workflow.getHandle(workflowId).fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  const [input] = (await decodeArrayFromPayloads(
    deps.temporal.options.loadedDataConverter,
    started?.input?.payloads,
  )) as [OrganizationSetupInput | undefined];
  return new Map(
    (input?.administrators ?? []).flatMap((administrator) =>
      administrator.subject ? [[administrator.email.toLowerCase(), administrator.subject] as const] : [],
    ),
  );
}

/** Re-sends every pending setup step of the running process. */
async function resendPending(deps: Pick<ApiDeps, 'temporal'>, workflowId: string, actor: Actor): Promise<SetupResent> {
  const handle = deps.temporal.workflow.getHandle(workflowId);
  const { pendingSteps } = await handle.query(processStatusQuery);
  const resent: SetupResent['administrators'] = [];
  for (const step of pendingSteps.filter((pending) => pending.step === 'setup-organization')) {
    try {
      await handle.executeUpdate(resendStepUpdate, { args: [{ step: 'setup-organization', key: step.key, actor }] });
      resent.push(step.recipient);
    } catch (error) {
      // Completed or lapsed meanwhile: nothing to re-send for this one.
      if (!(error instanceof WorkflowUpdateFailedError)) throw error;
    }
  }
  if (resent.length === 0)
    throw new HttpError(
      409,
      'setup_not_pending',
      'No setup link is waiting to be re-sent just now; try again in a moment',
    );
  return { workflowId, restarted: false, administrators: resent };
}

export async function resendSetup(
  deps: Pick<ApiDeps, 'db' | 'temporal' | 'config'>,
  org: Organization,
  actor: Actor,
): Promise<SetupResent> {
  const { db, temporal, config } = deps;
  const workflowId = setupWorkflowId(org.orgId);
  const waiting = await administratorsNotSetUp(db, org.orgId);
  if (waiting.length === 0)
    throw new HttpError(409, 'setup_completed', 'Every administrator of the organisation has set up');

  const running = await isRunning(deps, workflowId);
  if (running) return resendPending(deps, workflowId, actor);
  // The connection starts the first setup once its receipts are out: until then there is nothing to restart.
  if (running === undefined && (await isRunning(deps, `connection-${org.orgId}`))) {
    throw new HttpError(
      409,
      'setup_not_started',
      'The setup starts once the connection has sent its receipts; try again in a moment',
    );
  }
  const logins = running === false ? await boundLogins(deps, workflowId) : new Map<string, string>();
  const input: OrganizationSetupInput = {
    organization: { orgId: org.orgId, name: org.name, country: org.country },
    administrators: bindToLogins(waiting, logins),
    timing: config.durations.setup,
    ...(org.allowPrivateMitId !== null
      ? {
          loginPolicy: {
            allowPrivateMitId: org.allowPrivateMitId,
            separateMeans: (org.separateMeans ?? []) as SeparateMeans[],
          },
        }
      : {}),
  };
  try {
    await startWorkflow(temporal, 'organizationSetup', {
      workflowId,
      taskQueue: config.temporal.taskQueue,
      args: [input],
      // The ended run (expired, cancelled, ...) is followed by this one; a running one is never doubled.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError)
      throw new HttpError(409, 'setup_restarting', 'The setup was restarted by someone else just now');
    throw error;
  }
  await reopenExpiredSetup(
    db,
    org.orgId,
    waiting.map((admin) => admin.email),
  );
  return { workflowId, restarted: true, administrators: waiting };
}
