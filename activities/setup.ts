// The setup process's effects: the organisation's login policy, its administrators' own logins, and
// setup links that lapsed.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { startWorkflow } from '../config/temporal';
import { appendAuditEvents, type AuditEvent } from '../db/audit';
import type { Db } from '../db/open';
import { activateAdministrator, activateOrganization, expireSetup } from '../db/organizations';
import type { CompletedAdministratorSetup } from '../domain/setup';
import {
  setupWorkflowId,
  type LoginPolicy,
  type OrganizationSetupInput,
} from '../workflows/organization-setup.messages';

export function createSetupActivities(deps: { db: Db }) {
  const { db } = deps;

  return {
    async activateOrganization(request: {
      eventKey: string;
      orgId: string;
      loginPolicy: LoginPolicy;
      administrator: CompletedAdministratorSetup;
      actor: string;
      /** The setup step's own audit rows (workflows/human-step.ts `takeAudits`). */
      audit?: AuditEvent[];
    }): Promise<void> {
      await appendAuditEvents(db, request.audit);
      const { orgId, loginPolicy, administrator } = request;
      const at = new Date().toISOString();
      await activateOrganization(
        db,
        { orgId, loginPolicy, administrator, at },
        {
          eventKey: request.eventKey,
          at,
          actor: request.actor,
          orgId,
          action: 'setup-organization',
          outcome: 'organization-activated',
          details: { ...loginPolicy },
        },
      );
    },

    async activateAdministrator(request: {
      eventKey: string;
      orgId: string;
      administrator: CompletedAdministratorSetup;
      actor: string;
      audit?: AuditEvent[];
    }): Promise<void> {
      await appendAuditEvents(db, request.audit);
      await activateAdministrator(db, request.orgId, request.administrator, {
        eventKey: request.eventKey,
        at: new Date().toISOString(),
        actor: request.actor,
        orgId: request.orgId,
        action: 'setup-organization',
        outcome: 'administrator-activated',
      });
    },

    /**
     * The setup links of these administrators lapsed: they are `expired`, and an organisation nobody has set
     * up is `setup_expired`, until a restart (POST /api/organizations/:orgId/setup/resend) reopens them.
     */
    async recordSetupExpired(request: { eventKey: string; orgId: string; administrators: string[] }): Promise<void> {
      await expireSetup(db, request.orgId, request.administrators, {
        eventKey: request.eventKey,
        at: new Date().toISOString(),
        actor: 'system',
        orgId: request.orgId,
        action: 'setup-organization',
        outcome: 'setup-expired',
        details: { administrators: request.administrators.length },
      });
    },
  };
}

export type SetupActivities = ReturnType<typeof createSetupActivities>;

/**
 * Starting the setup that a connection leads to, as follow-up work (workflows/follow-up.ts): the connection no
 * longer starts it as a child in the approval's task, so the setup's first task waits, with the mail, until the
 * worker has CPU to spare instead of running within a burst of clicks.
 */
export function createSetupStart(deps: { temporal: Client }) {
  return {
    async startOrganizationSetup(request: { taskQueue: string; input: OrganizationSetupInput }): Promise<void> {
      try {
        await startWorkflow(deps.temporal, 'organizationSetup', {
          workflowId: setupWorkflowId(request.input.organization.orgId),
          taskQueue: request.taskQueue,
          args: [request.input],
          // A retry finds the setup started: never a second one (a lapsed setup is restarted by its own call).
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    },
  };
}

export type SetupStartActivities = ReturnType<typeof createSetupStart>;
