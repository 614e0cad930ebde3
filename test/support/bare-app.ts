// The API app alone, on a loopback port, with an in-memory DB and no Temporal behind it: for what the HTTP
// layer decides before any process is involved (authentication, limits, parsing, pages).
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import type { ApiDeps } from '../../api/deps';
import { loadConfig } from '../../config/env';
import { createLogger } from '../../config/logger';
import { openDatabase } from '../../db/open';

export interface BareApp {
  baseUrl: string;
  deps: ApiDeps;
  close(): Promise<void>;
}

export async function startBareApp(
  env: Record<string, string> = { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
  overrides: Partial<ApiDeps> = {},
): Promise<BareApp> {
  const deps: ApiDeps = {
    config: loadConfig(env),
    db: await openDatabase(':memory:'),
    temporal: {} as Client,
    logger: createLogger('silent'),
    readiness: async () => ({ ready: true, checks: { temporal: true, worker: true, database: true } }),
    newId: randomUUID,
    ...overrides,
  };
  const app = createApp(deps);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  return {
    baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    deps,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
