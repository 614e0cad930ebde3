// The real stack in one test process: Temporal dev server (child process, SQLite file), the real
// worker and the real API app on free loopback ports, with a fresh DATA_DIR.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import { IllegalStateError } from '@temporalio/common';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { createMailer } from '../../activities/mail/mailer';
import { createApp } from '../../api/app';
import { prepareDocumentStorage } from '../../api/document-upload';
import { createReadinessCheck } from '../../api/health';
import { dataConverterFor } from '../../config/codec';
import { loadConfig, type AppConfig } from '../../config/env';
import { createLogger, type Logger } from '../../config/logger';
import { closeDatabase, openAppDatabase, type Db } from '../../db/open';
import { mailDir } from '../../dev/mail-store';
import { startDevOidcProvider, type DevOidcProvider } from '../../dev/oidc-provider';
import { startDevSmtpServer, type DevSmtpServer } from '../../dev/smtp-server';
import { DevServerExitedError, startDevServer, type DevServer } from '../../dev/temporal-dev-server';
import { createWorker, type Workers } from '../../workers/worker';
import { workflowBundle } from './bundle';
import { operatorHttp, type OperatorHttp } from './operator-http';
import { freePort } from './ports';
import { createPostgresDatabase } from './postgres';

let sdkMetricsUrl: string | undefined;

/** A free loopback port, found synchronously: the runtime is installed by synchronous callers too. */
function freePortSync(): number {
  const script =
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

/**
 * The SDK runtime of the test process: quiet, and exporting its metrics (the stack's /metrics merges them).
 * The SDK shuts its runtime down once its last worker and connection close, and would create it again at the
 * next connection on the same port, which a dev server started meanwhile may have taken at random (and every
 * later stack of the run then failed on it). So each call installs it anew where it is down, on a port picked
 * that moment, and another should a process take that one all the same.
 */
export function quietRuntime(): void {
  for (let attempt = 1; ; attempt++) {
    const bindAddress = `127.0.0.1:${freePortSync()}`;
    try {
      Runtime.install({
        logger: new DefaultLogger('ERROR'),
        telemetryOptions: {
          logging: { filter: { core: 'ERROR', other: 'ERROR' } },
          metrics: { prometheus: { bindAddress } },
        },
      });
      sdkMetricsUrl = `http://${bindAddress}/metrics`;
      return;
    } catch (error) {
      // Installed and running: it keeps its port.
      if (error instanceof IllegalStateError) return;
      if (attempt === 3 || !/address already in use/i.test(String(error))) throw error;
    }
  }
}

/**
 * A dev server on a free port. The server picks more ports of its own (HTTP API, metrics, cluster
 * membership) at random as it starts; if one was taken in between, it exits, and another try succeeds.
 */
async function startFreshDevServer(dbFile: string): Promise<DevServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServer({ dbFile, port: await freePort() });
    } catch (error) {
      if (!(error instanceof DevServerExitedError) || attempt === 3) throw error;
    }
  }
}

/** A debug logger whose lines a test reads afterwards (to prove a secret never reached the logs). */
export function debugLogCapture(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('debug', sink), lines };
}

export interface StackOptions {
  dataDir?: string;
  /** The environment beside the stack's own; DATABASE_URL puts the app's state in that PostgreSQL database. */
  env?: Record<string, string>;
  /** The API's port (default: a free one), e.g. when a dev server's Web UI was pointed at its codec. */
  port?: number;
  /** Reuse a running Temporal dev server instead of starting one. */
  temporal?: DevServer;
  /** Used by the worker and the API instead of a silent logger, e.g. one writing to a buffer a test reads. */
  logger?: Logger;
  /** Recipients the dev SMTP server refuses with a permanent 550. */
  rejectRecipients?: RegExp;
}

export interface Stack extends OperatorHttp {
  config: AppConfig;
  db: Db;
  client: Client;
  baseUrl: string;
  temporal: DevServer;
  logger: Logger;
  worker: Workers;
  /** The dev login provider the API's OIDC login goes to. */
  devLogin: DevOidcProvider;
  /** The dev SMTP server every mail goes to (SMTP_URL), keeping it under DATA_DIR/mail. */
  smtp: DevSmtpServer;
  /** Stops the worker and the API; stops Temporal too unless it was handed in. */
  stop(): Promise<void>;
  /** Stops the worker mid-work (as a deploy or crash would) and starts a new one on the same task queue. */
  restartWorker(): Promise<void>;
}

const postgresDatabases = new Map<string, Promise<string>>();

/** With STACK_DATABASE=postgres, the PostgreSQL database of the stacks on `dataDir`: a restart finds its state. */
function postgresDatabaseFor(dataDir: string): Promise<string> {
  let url = postgresDatabases.get(dataDir);
  if (!url) postgresDatabases.set(dataDir, (url = createPostgresDatabase()));
  return url;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  quietRuntime();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'onboarding-test-'));
  const temporal = options.temporal ?? (await startFreshDevServer(join(dataDir, 'temporal.sqlite')));
  try {
    return await startStackOn(temporal, dataDir, options);
  } catch (error) {
    // A stack that did not start leaves no dev server behind to hold its ports for the rest of the run.
    if (!options.temporal) await temporal.stop();
    throw error;
  }
}

async function startStackOn(temporal: DevServer, dataDir: string, options: StackOptions): Promise<Stack> {
  // Picked once the dev server is up: as it starts it binds ports of its own at random, and one picked
  // before could be taken by then.
  const port = options.port ?? (await freePort());
  const oidcPort = await freePort();
  const smtpPort = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    PORT: String(port),
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
    OIDC_REDIRECT_URL: `http://127.0.0.1:${port}/auth/callback`,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    ...(process.env.STACK_DATABASE === 'postgres' ? { DATABASE_URL: await postgresDatabaseFor(dataDir) } : {}),
    ...options.env,
  });
  const devLogin = await startDevOidcProvider({
    port: oidcPort,
    issuer: config.oidc.issuer,
    client: {
      clientId: config.oidc.clientId,
      clientSecret: config.oidc.clientSecret,
      redirectUris: [config.oidc.redirectUrl],
    },
  });
  const smtp = await startDevSmtpServer({
    port: smtpPort,
    dir: mailDir(config.dataDir),
    rejectRecipients: options.rejectRecipients,
  });
  const logger = options.logger ?? createLogger(config.env.LOG_LEVEL);
  const db = await openAppDatabase(config);
  await prepareDocumentStorage({ db, config, logger });
  const mailer = createMailer({ db, config, logger });
  const nativeConnection = await NativeConnection.connect({ address: config.temporal.address });
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: dataConverterFor(config.env.PAYLOAD_ENCRYPTION_KEYS),
  });
  const newWorker = async () =>
    createWorker({
      connection: nativeConnection,
      deps: { config, db, logger, mailer, temporal: client },
      workflowBundle: await workflowBundle(),
    });
  let worker = await newWorker();
  let workerRun = worker.run();
  const app = createApp({
    config,
    db,
    temporal: client,
    logger,
    readiness: createReadinessCheck(config, client, db),
    newId: randomUUID,
    sdkMetricsUrl,
  });
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
    get worker() {
      return worker;
    },
    devLogin,
    smtp,
    ...operatorHttp(baseUrl, config.env.OPERATOR_API_KEY),
    async restartWorker() {
      worker.shutdown();
      await workerRun;
      worker = await newWorker();
      workerRun = worker.run();
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      worker.shutdown();
      await workerRun;
      mailer.close();
      await connection.close();
      await nativeConnection.close();
      await closeDatabase(db);
      await devLogin.stop();
      await smtp.stop();
      if (!options.temporal) await temporal.stop();
    },
  };
}

/**
 * The real stack for the tests of one `describe` (call inside it, before any hook that uses the stack): started
 * once before them, stopped after them, and the DATA_DIR it made removed (kept, and named, when a test failed).
 * `options` may be a function, for options prepared as the stack starts. What it returns stands for the stack
 * started: use it in tests and hooks, not while the file loads.
 */
export function withStack(options: StackOptions | (() => StackOptions | Promise<StackOptions>) = {}): Stack {
  let started: Stack | undefined;
  let ownDataDir: string | undefined;
  let failed = false;
  before(async () => {
    const resolved = typeof options === 'function' ? await options() : options;
    started = await startStack(resolved);
    if (!resolved.dataDir) ownDataDir = started.config.dataDir;
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });
  after(async () => {
    await started?.stop();
    if (!ownDataDir) return;
    if (failed) console.log(`      kept ${ownDataDir}`);
    else rmSync(ownDataDir, { recursive: true, force: true });
  });
  return new Proxy({} as Stack, {
    get(_target, property) {
      if (!started)
        throw new Error(`the stack starts in a before hook: read stack.${String(property)} in a test or hook`);
      return Reflect.get(started, property);
    },
  });
}
