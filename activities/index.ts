// Builds every activity from its dependencies; the worker registers the result.
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../config/env';
import type { Logger } from '../config/logger';
import type { Db } from '../db/open';
import { identityDigestKey } from '../config/identity-digest';
import { fixtureCompanyRegister, type CompanyRegister } from './company-register';
import { createActivationActivities } from './activations';
import { createConnectedFollowUp } from './connected-follow-up';
import { createConnectionActivities } from './connection';
import { createDocumentActivities } from './documents';
import { createMailActivities } from './mail/activities';
import type { Mailer } from './mail/mailer';
import { createMukActivities } from './muk';
import { createPingActivities } from './ping';
import { createSetupActivities, createSetupStart } from './setup';
import { createStepActivities } from './steps';
import { createTermsActivities } from './terms';
import { createUserActivities } from './users';

export interface ActivityDeps {
  config: AppConfig;
  db: Db;
  logger: Logger;
  mailer: Mailer;
  /** For activities that start processes (a bulk activation starts one user-activation process per group). */
  temporal: Client;
  /** Defaults to the fixture file named by COMPANY_REGISTER_FILE. */
  companyRegister?: CompanyRegister;
}

export function createActivities(deps: ActivityDeps) {
  const mail = createMailActivities(deps.mailer);
  const setupStart = createSetupStart(deps);
  return {
    ...createPingActivities(deps.db),
    ...mail,
    ...createStepActivities(deps),
    ...createConnectionActivities({
      db: deps.db,
      companyRegister:
        deps.companyRegister ??
        fixtureCompanyRegister(deps.config.env.COMPANY_REGISTER_FILE, identityDigestKey(deps.config.env.PSEUDONYM_KEY)),
    }),
    ...createSetupActivities(deps),
    ...setupStart,
    ...createConnectedFollowUp({ ...setupStart, ...mail }),
    ...createMukActivities(deps),
    ...createTermsActivities(deps),
    ...createUserActivities(deps),
    ...createActivationActivities(deps),
    ...createDocumentActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
