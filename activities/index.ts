// Builds every activity from its dependencies; the worker registers the result.
import type { AppConfig } from '../config/env';
import type { Logger } from '../config/logger';
import type { Db } from '../db/open';
import { createPingActivities } from './ping';

export interface ActivityDeps {
  config: AppConfig;
  db: Db;
  logger: Logger;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createPingActivities(deps.db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
