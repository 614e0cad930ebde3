// The real stack in one test process: Temporal dev server (child process, SQLite file), the real
// worker and the real API app on free loopback ports, with a fresh DATA_DIR.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { createReadinessCheck } from '../../api/health';
import { loadConfig, type AppConfig } from '../../config/env';
import { createLogger, type Logger } from '../../config/logger';
import { databaseFile, openDatabase, type Db } from '../../db/open';
import { startDevServer, type DevServer } from '../../dev/temporal-dev-server';
import { createWorker } from '../../workers/worker';
import { workflowBundle } from './bundle';
import { freePort } from './ports';

let runtimeInstalled = false;
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('ERROR') });
}

export interface StackOptions {
  dataDir?: string;
  env?: Record<string, string>;
  /** Reuse a running Temporal dev server instead of starting one. */
  temporal?: DevServer;
}

export interface Stack {
  config: AppConfig;
  db: Db;
  client: Client;
  baseUrl: string;
  temporal: DevServer;
  logger: Logger;
  worker: Worker;
  /** Stops the worker and the API; stops Temporal too unless it was handed in. */
  stop(): Promise<void>;
  /** Operator-authenticated JSON request against the API. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  quietRuntime();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'onboarding-test-'));
  const port = await freePort();
  const temporal = options.temporal ?? (await startDevServer({ dbFile: join(dataDir, 'temporal.sqlite'), port: await freePort() }));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    PORT: String(port),
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    ...options.env,
  });
  const logger = createLogger(config.env.LOG_LEVEL);
  const db = openDatabase(databaseFile(config.dataDir));
  const nativeConnection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createWorker({ connection: nativeConnection, deps: { config, db, logger }, workflowBundle: await workflowBundle() });
  const workerRun = worker.run();
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const app = createApp({ config, db, temporal: client, logger, readiness: createReadinessCheck(config, client, db), newId: randomUUID });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    config,
    db,
    client,
    baseUrl,
    temporal,
    logger,
    worker,
    async api(method, path, body) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${config.env.OPERATOR_API_KEY}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      worker.shutdown();
      await workerRun;
      await connection.close();
      await nativeConnection.close();
      db.$client.close();
      if (!options.temporal) await temporal.stop();
    },
  };
}
