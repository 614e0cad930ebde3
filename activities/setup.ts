// The setup process's effects: the organisation's login policy, its administrators' own logins, and
// setup links that lapsed.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/open';
import { administrators, organizations } from '../db/schema';
import type { AdministratorLoginMethod } from '../domain/setup';
import type { LoginPolicy } from '../workflows/organization-setup.messages';
import { appendAudit } from './audit';

export interface AdministratorActivation {
  email: string;
  /** Pseudonymous subject of the administrator's login: how the API recognises their session later. */
  subject?: string;
  loginMethod: AdministratorLoginMethod;
  /** The person an operator re-sent the setup link to, who completed it: the row becomes theirs. */
  correctedTo?: { name: string; email: string };
}

export function createSetupActivities(deps: { db: Db }) {
  const { db } = deps;

  function activateAdmin(
    tx: Parameters<Parameters<Db['transaction']>[0]>[0],
    orgId: string,
    admin: AdministratorActivation,
  ): void {
    const person = admin.correctedTo;
    const rowOf = (email: string) => and(eq(administrators.orgId, orgId), eq(administrators.email, email));
    if (person && person.email !== admin.email) {
      // The corrected person may already be an administrator themselves: the wrong person's row then goes.
      // A retry finds the row under the corrected e-mail already, and the original one gone.
      const taken = tx.select({ email: administrators.email }).from(administrators).where(rowOf(person.email)).get();
      if (taken) tx.delete(administrators).where(rowOf(admin.email)).run();
      else tx.update(administrators).set({ email: person.email }).where(rowOf(admin.email)).run();
    }
    tx.update(administrators)
      .set({
        status: 'active',
        subject: admin.subject ?? null,
        loginMethod: admin.loginMethod,
        ...(person ? { name: person.name } : {}),
      })
      .where(rowOf(person?.email ?? admin.email))
      .run();
  }

  return {
    async activateOrganization(request: {
      eventKey: string;
      orgId: string;
      loginPolicy: LoginPolicy;
      administrator: AdministratorActivation;
      actor: string;
    }): Promise<void> {
      db.transaction(
        (tx) => {
          tx.update(organizations)
            .set({
              status: 'active',
              allowPrivateMitId: request.loginPolicy.allowPrivateMitId,
              separateMeans: request.loginPolicy.separateMeans,
              activatedAt: new Date().toISOString(),
            })
            .where(eq(organizations.orgId, request.orgId))
            .run();
          activateAdmin(tx, request.orgId, request.administrator);
          appendAudit(db, {
            eventKey: request.eventKey,
            at: new Date().toISOString(),
            actor: request.actor,
            orgId: request.orgId,
            action: 'setup-organization',
            outcome: 'organization-activated',
            details: { ...request.loginPolicy },
          });
        },
        { behavior: 'immediate' },
      );
    },

    async activateAdministrator(request: {
      eventKey: string;
      orgId: string;
      administrator: AdministratorActivation;
      actor: string;
    }): Promise<void> {
      db.transaction(
        (tx) => {
          activateAdmin(tx, request.orgId, request.administrator);
          appendAudit(db, {
            eventKey: request.eventKey,
            at: new Date().toISOString(),
            actor: request.actor,
            orgId: request.orgId,
            action: 'setup-organization',
            outcome: 'administrator-activated',
          });
        },
        { behavior: 'immediate' },
      );
    },

    /**
     * The setup links of these administrators lapsed: they are `expired`, and an organisation nobody has set
     * up is `setup_expired`, until a restart (POST /api/organizations/:orgId/setup/resend) reopens them.
     */
    async recordSetupExpired(request: { eventKey: string; orgId: string; administrators: string[] }): Promise<void> {
      db.transaction(
        (tx) => {
          tx.update(administrators)
            .set({ status: 'expired' })
            .where(
              and(
                eq(administrators.orgId, request.orgId),
                inArray(administrators.email, request.administrators),
                eq(administrators.status, 'appointed'),
              ),
            )
            .run();
          tx.update(organizations)
            .set({ status: 'setup_expired' })
            .where(and(eq(organizations.orgId, request.orgId), eq(organizations.status, 'connected')))
            .run();
          appendAudit(db, {
            eventKey: request.eventKey,
            at: new Date().toISOString(),
            actor: 'system',
            orgId: request.orgId,
            action: 'setup-organization',
            outcome: 'setup-expired',
            details: { administrators: request.administrators.length },
          });
        },
        { behavior: 'immediate' },
      );
    },
  };
}

export type SetupActivities = ReturnType<typeof createSetupActivities>;
