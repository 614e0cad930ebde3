// The setup process's effects: the organisation's login policy, its administrators' own logins, and
// setup links that lapsed.
import type { Db } from '../db/open';
import { activateAdministrator, activateOrganization, expireSetup } from '../db/organizations';
import type { CompletedAdministratorSetup } from '../domain/setup';
import type { LoginPolicy } from '../workflows/organization-setup.messages';

export function createSetupActivities(deps: { db: Db }) {
  const { db } = deps;

  return {
    async activateOrganization(request: {
      eventKey: string;
      orgId: string;
      loginPolicy: LoginPolicy;
      administrator: CompletedAdministratorSetup;
      actor: string;
    }): Promise<void> {
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
    }): Promise<void> {
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
