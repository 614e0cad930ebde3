// The system as separate processes, as `npm start` runs it, for tests that kill parts of it: the Temporal
// dev server, the worker and the API are child processes that can be SIGKILLed and started again on the
// same DATA_DIR and ports; the dev SMTP server and dev login stay in the test's own process (they stand for
// services outside the system, and the test reads what SMTP received). The app's database is the one the
// environment names: SQLite under DATA_DIR, or PostgreSQL when the test passes a DATABASE_URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConfig, type AppConfig } from '../../config/env';
import { closeDatabase, openAppDatabase, type Db } from '../../db/open';
import { mailDir } from '../../dev/mail-store';
import { startDevOidcProvider, type DevOidcProvider } from '../../dev/oidc-provider';
import { startDevSmtpServer, type DevSmtpServer, type DevSmtpServerOptions } from '../../dev/smtp-server';
import { DevServerExitedError, startDevServer, type DevServer } from '../../dev/temporal-dev-server';
import { operatorHttp, type OperatorHttp } from './operator-http';
import { freePort } from './ports';
import { eventually } from './wait';

const root = join(__dirname, '..', '..');

/** One part of the system that a test can kill and start again. */
export interface Component {
  readonly name: 'temporal' | 'worker' | 'api';
  /** Starts it and resolves once it serves (the API's /readyz, the worker's /metrics, Temporal's frontend). */
  start(): Promise<void>;
  /** SIGKILL: no shutdown handler runs, whatever was in flight is cut where it stood. */
  kill(): Promise<void>;
  running(): boolean;
  /** The process id while it runs: a worker's Temporal identity is the SDK's default, `<pid>@<hostname>`. */
  pid(): number | undefined;
}

export interface SystemProcesses extends OperatorHttp {
  config: AppConfig;
  dataDir: string;
  db: Db;
  baseUrl: string;
  /** The parts a test may kill (`api` is the operator HTTP call). */
  parts: { temporal: Component; worker: Component; api: Component };
  /**
   * Starts another API process on the same environment (keys, DATA_DIR, Temporal) and PUBLIC_BASE_URL, on a
   * port of its own: a second node behind the load balancer that PUBLIC_BASE_URL names. `stop` stops it too.
   */
  startApiNode(): Promise<ApiNode>;
  /** Starts another worker process on the same environment, with metrics ports of its own. `stop` stops it too. */
  startWorkerNode(): Promise<Component>;
  devLogin: DevOidcProvider;
  /** An operator call answered as it came, for callers that judge a 5xx or a cut connection themselves. */
  fetchApi(method: string, path: string, body?: unknown): Promise<Response>;
  smtp(): DevSmtpServer;
  /** Stops the dev SMTP server: connections are refused until `startSmtp`. */
  stopSmtp(): Promise<void>;
  startSmtp(): Promise<void>;
  stop(): Promise<void>;
}

/** An API process besides `parts.api`, answering on `baseUrl` directly. */
export interface ApiNode {
  baseUrl: string;
  part: Component;
}

export interface SystemProcessOptions {
  env?: Record<string, string>;
  smtp?: Pick<DevSmtpServerOptions, 'rejectRecipients' | 'onReceived'>;
}

const readyTimeoutMs = 120_000;

class PartExitedError extends Error {}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function killed(child: ChildProcess | undefined): Promise<void> {
  if (!child) return;
  child.kill('SIGKILL');
  await exited(child);
}

async function waitUntilAnswering(name: string, url: string, child: ChildProcess, output: () => string): Promise<void> {
  await eventually(
    () => `${name} to answer ${url}: ${output()}`,
    async () => {
      if (child.exitCode !== null)
        throw new PartExitedError(`${name} exited with ${child.exitCode} while starting: ${output()}`);
      // A refused connection: not listening yet.
      return (await fetch(url, { signal: AbortSignal.timeout(2000) }).catch(() => undefined))?.ok;
    },
    { timeoutMs: readyTimeoutMs, intervalMs: 100 },
  );
}

/** A node child running `script` with `env`, ready once `readyUrl` answers 2xx; its output goes to `<logName>.log`. */
function nodeComponent(
  name: 'worker' | 'api',
  script: string,
  env: NodeJS.ProcessEnv,
  readyUrl: string,
  { nodeFlags = [], logName = name }: { nodeFlags?: string[]; logName?: string } = {},
): Component {
  let child: ChildProcess | undefined;
  return {
    name,
    async start() {
      // Appended across restarts, for whoever looks into a failed run.
      const log = openSync(join(String(env.DATA_DIR), `${logName}.log`), 'a');
      child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', join(root, script)], {
        env,
        cwd: root,
        stdio: ['ignore', log, log],
      });
      closeSync(log);
      await waitUntilAnswering(name, readyUrl, child, () => `see ${name}.log in ${env.DATA_DIR}`);
    },
    kill: () => killed(child),
    running: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    pid: () => child?.pid,
  };
}

function temporalComponent(dbFile: string, port: number, namespace: string): Component {
  let server: DevServer | undefined;
  return {
    name: 'temporal',
    async start() {
      // The server picks more ports of its own at random as it starts; if one was taken meanwhile, it exits.
      for (let attempt = 1; ; attempt++) {
        try {
          server = await startDevServer({
            dbFile,
            port,
            namespace,
            logFile: join(dirname(dbFile), 'temporal-server.log'),
          });
          return;
        } catch (error) {
          if (!(error instanceof DevServerExitedError) || attempt === 3) throw error;
        }
      }
    },
    kill: () => killed(server?.child),
    running: () => server !== undefined && server.child.exitCode === null && server.child.signalCode === null,
    pid: () => server?.child.pid,
  };
}

/**
 * Starts every part on a fresh DATA_DIR and free ports, in the order `npm start` does. A port handed out
 * here is free only until something binds it, and the Temporal dev server binds ports of its own at
 * random as it starts: when one of ours was taken that way, everything stops and another try begins.
 */
export async function startSystemProcesses(options: SystemProcessOptions = {}): Promise<SystemProcesses> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (!(error instanceof PartExitedError) || attempt === 3) throw error;
    }
  }
}

async function startOnce(options: SystemProcessOptions): Promise<SystemProcesses> {
  const dataDir = mkdtempSync(join(tmpdir(), 'system-processes-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    ...options.env,
  };
  for (const name of [
    'PORT',
    'TEMPORAL_PORT',
    'WORKER_METRICS_PORT',
    'WORKER_SDK_METRICS_PORT',
    'DEV_SMTP_PORT',
    'DEV_OIDC_PORT',
  ])
    env[name] = String(await freePort());
  env.TEMPORAL_ADDRESS = `127.0.0.1:${env.TEMPORAL_PORT}`;
  env.OIDC_ISSUER = `http://127.0.0.1:${env.DEV_OIDC_PORT}`;
  env.SMTP_URL = `smtp://127.0.0.1:${env.DEV_SMTP_PORT}`;
  const config = loadConfig(env);

  const devLogin = await startDevOidcProvider({
    port: config.env.DEV_OIDC_PORT,
    issuer: config.oidc.issuer,
    client: {
      clientId: config.oidc.clientId,
      clientSecret: config.oidc.clientSecret,
      redirectUris: [config.oidc.redirectUrl],
    },
  });
  const smtpOptions: DevSmtpServerOptions = { port: config.env.DEV_SMTP_PORT, dir: mailDir(dataDir), ...options.smtp };
  let smtp: DevSmtpServer | undefined = await startDevSmtpServer(smtpOptions);

  const temporal = temporalComponent(
    join(dataDir, 'temporal.sqlite'),
    config.env.TEMPORAL_PORT,
    config.temporal.namespace,
  );
  const workerComponent = (workerEnv: NodeJS.ProcessEnv, logName?: string) =>
    nodeComponent('worker', 'workers/main.ts', workerEnv, `http://127.0.0.1:${workerEnv.WORKER_METRICS_PORT}/metrics`, {
      nodeFlags: [`--max-old-space-size=${config.env.WORKER_HEAP_MB}`],
      logName,
    });
  const worker = workerComponent(env);
  const api = nodeComponent('api', 'api/main.ts', env, `${config.publicBaseUrl}/readyz`);
  // Migrated here first, so that the worker and the API do not both migrate a fresh database at once.
  const db = await openAppDatabase(config);
  try {
    await temporal.start();
    await Promise.all([worker.start(), api.start()]);
  } catch (error) {
    await Promise.all([api.kill(), worker.kill()]);
    await temporal.kill();
    await closeDatabase(db);
    await smtp.stop();
    await devLogin.stop();
    throw error;
  }
  const nodes: Component[] = [];

  return {
    config,
    dataDir,
    db,
    baseUrl: config.publicBaseUrl,
    parts: { temporal, worker, api },
    async startApiNode() {
      const port = await freePort();
      const node = nodeComponent(
        'api',
        'api/main.ts',
        { ...env, PORT: String(port), PUBLIC_BASE_URL: config.publicBaseUrl },
        `http://127.0.0.1:${port}/readyz`,
        { logName: `api-${port}` },
      );
      nodes.push(node);
      await node.start();
      return { baseUrl: `http://127.0.0.1:${port}`, part: node };
    },
    async startWorkerNode() {
      const metricsPort = await freePort();
      const node = workerComponent(
        { ...env, WORKER_METRICS_PORT: String(metricsPort), WORKER_SDK_METRICS_PORT: String(await freePort()) },
        `worker-${metricsPort}`,
      );
      nodes.push(node);
      await node.start();
      return node;
    },
    devLogin,
    ...operatorHttp(config.publicBaseUrl, config.env.OPERATOR_API_KEY),
    fetchApi(method, path, body) {
      return fetch(`${config.publicBaseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${config.env.OPERATOR_API_KEY}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(60_000),
      });
    },
    smtp() {
      if (!smtp) throw new Error('the dev SMTP server is stopped');
      return smtp;
    },
    async stopSmtp() {
      await smtp?.stop();
      smtp = undefined;
    },
    async startSmtp() {
      smtp ??= await startDevSmtpServer(smtpOptions);
    },
    async stop() {
      await Promise.all([api.kill(), worker.kill(), ...nodes.map((node) => node.kill())]);
      await temporal.kill();
      await closeDatabase(db);
      await smtp?.stop();
      await devLogin.stop();
    },
  };
}
