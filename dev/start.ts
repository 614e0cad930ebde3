// `npm start`: the whole system on embedded defaults. Temporal dev server (SQLite under DATA_DIR, with
// its Web UI), the worker and the API as child processes, plus the dev services. Ctrl-C stops it all;
// starting again with the same DATA_DIR carries on every running workflow.
//
// `npm run start:cluster` (`--cluster`): the worked example of README's "Production shape" on one machine, two
// API processes (PORT and PORT + 2, one public address) and two workers on one PostgreSQL: DATABASE_URL, or
// else a throwaway local cluster (dev/postgres.ts) and a fresh temporary DATA_DIR that go when it stops.
//
// `--workers N` and `--api-nodes N` set how many of each it starts (default one each, two each with
// `--cluster`), for the benchmarks to run one shape or another (bench/system.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config/env';
import { mailDir } from './mail-store';
import { nodePort } from './ports';
import { startLocalPostgres } from './postgres';
import { startDevOidcProvider, type DevOidcProvider } from './oidc-provider';
import { startDevSmtpServer, type DevSmtpServer } from './smtp-server';
import { startDevServer, type DevServer } from './temporal-dev-server';

const root = join(__dirname, '..');

function startChild(name: string, script: string, env: NodeJS.ProcessEnv, nodeFlags: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', join(root, script)], {
    env,
    stdio: 'inherit',
    cwd: root,
  });
  child.on('error', (error) => process.stderr.write(`${name}: ${error.message}\n`));
  return child;
}

function exitOf(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exitOf(child);
  clearTimeout(forced);
}

async function waitForReady(url: string, children: ChildProcess[]): Promise<void> {
  for (;;) {
    if (children.some((c) => c.exitCode !== null)) throw new Error('a component exited during start-up');
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    // Each check is one Temporal call: often enough that the start is seen as it happens, cheap meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const { values: flags } = parseArgs({
  options: {
    cluster: { type: 'boolean', default: false },
    workers: { type: 'string' },
    'api-nodes': { type: 'string' },
  },
});
const cluster = flags.cluster;

/** A count of processes from the command line: a whole number of at least 1. */
function processCount(flag: string, given: string | undefined, fallback: number): number {
  if (given === undefined) return fallback;
  const count = Number(given);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--${flag} must be a whole number of at least 1`);
  return count;
}

async function main(): Promise<void> {
  const throwawayDatabase = cluster && !process.env.DATABASE_URL;
  if (throwawayDatabase) {
    const dataDir = mkdtempSync(join(tmpdir(), 'cluster-'));
    process.env.DATA_DIR = dataDir;
    process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  }
  const config = loadConfigOrExit();
  mkdirSync(config.dataDir, { recursive: true });
  const embedded = !process.env.TEMPORAL_ADDRESS;
  let temporal: DevServer | undefined;
  let devLogin: DevOidcProvider | undefined;
  let devMail: DevSmtpServer | undefined;
  const children: ChildProcess[] = [];
  const readyUrl = `http://${config.env.HOST}:${config.env.PORT}/readyz`;
  const workers = processCount('workers', flags.workers, cluster ? 2 : 1);
  const apiPorts = Array.from({ length: processCount('api-nodes', flags['api-nodes'], cluster ? 2 : 1) }, (_, i) =>
    nodePort(config.env.PORT, i),
  );
  let stopping = false;
  /** Settles once every service's start has ended one way or the other: only then is it known what to stop. */
  let starting: Promise<unknown> = Promise.resolve();

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping...\n');
    await starting;
    // The API first (no new work), then the worker (finishes its activities), then Temporal.
    for (const child of [...children].reverse()) await stopChild(child);
    await devLogin?.stop();
    await temporal?.stop();
    // Last, so that every send the worker finished on its way out has landed.
    await devMail?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  // Temporal and the dev services start side by side; the worker and the API wait only for Temporal.
  const temporalUp = embedded
    ? startDevServer({
        dbFile: join(config.dataDir, 'temporal.sqlite'),
        port: config.env.TEMPORAL_PORT,
        uiPort: config.env.TEMPORAL_UI_PORT,
        namespace: config.temporal.namespace,
        logFile: join(config.dataDir, 'temporal-server.log'),
        // The UI decodes payloads through the API's codec server (in production for an operator logged in there).
        codecEndpoint: `${config.publicBaseUrl}/codec`,
      }).then((server) => {
        temporal = server;
      })
    : Promise.resolve();
  const devLoginIssuer =
    !process.env.OIDC_ISSUER && !config.production ? `http://127.0.0.1:${config.env.DEV_OIDC_PORT}` : undefined;
  const devLoginUp = devLoginIssuer
    ? startDevOidcProvider({
        port: config.env.DEV_OIDC_PORT,
        issuer: devLoginIssuer,
        client: {
          clientId: config.oidc.clientId,
          clientSecret: config.oidc.clientSecret,
          redirectUris: [config.oidc.redirectUrl],
        },
      }).then((provider) => {
        devLogin = provider;
      })
    : Promise.resolve();
  const devMailUp =
    !process.env.SMTP_URL && !config.production
      ? startDevSmtpServer({ port: config.env.DEV_SMTP_PORT, dir: mailDir(config.dataDir) }).then((server) => {
          devMail = server;
        })
      : Promise.resolve();
  const starts = [temporalUp, devLoginUp, devMailUp];
  starting = Promise.allSettled(starts);
  const allUp = Promise.all(starts);
  // Awaited below; until then a failed start must not count as an unhandled rejection.
  allUp.catch(() => undefined);
  try {
    await temporalUp;
    // Stopped (Ctrl-C) while Temporal started: shutdown stops it, and nothing more is started.
    if (stopping) return;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: config.dataDir,
      TEMPORAL_ADDRESS: config.temporal.address,
    };
    if (devLoginIssuer) env.OIDC_ISSUER = devLoginIssuer;
    if (throwawayDatabase) env.DATABASE_URL = await (await startLocalPostgres()).createDatabase('onboarding');
    for (let i = 0; i < workers; i++) {
      const workerEnv = {
        ...env,
        WORKER_METRICS_PORT: String(nodePort(config.env.WORKER_METRICS_PORT, i)),
        WORKER_SDK_METRICS_PORT: String(nodePort(config.env.WORKER_SDK_METRICS_PORT, i)),
      };
      children.push(
        startChild('worker', 'workers/main.ts', workerEnv, [`--max-old-space-size=${config.env.WORKER_HEAP_MB}`]),
      );
    }
    for (const port of apiPorts)
      children.push(
        startChild('api', 'api/main.ts', { ...env, PORT: String(port), PUBLIC_BASE_URL: config.publicBaseUrl }),
      );
    for (const child of children) {
      child.once('exit', (code) => {
        if (!stopping) {
          process.stderr.write(`A component exited unexpectedly (code ${code}); stopping everything.\n`);
          void shutdown(1);
        }
      });
    }
    await allUp;
    for (const port of apiPorts) await waitForReady(`http://${config.env.HOST}:${port}/readyz`, children);
  } catch (error) {
    process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
    await shutdown(1);
    return;
  }
  // From the launcher's own start (the process's time origin), as a person typing `npm start` waits.
  process.stdout.write(`Ready in ${(performance.now() / 1000).toFixed(1)} s (${readyUrl})\n`);

  const lines = [
    '',
    'Onboarding orchestrator is running:',
    `  API                 ${config.publicBaseUrl}  (operator key: Authorization: Bearer <OPERATOR_API_KEY>)`,
    `  Readiness           ${config.publicBaseUrl}/readyz`,
    ...(apiPorts.length > 1
      ? apiPorts.map((port, i) => `  API node ${i + 1}          http://${config.env.HOST}:${port}`)
      : []),
    ...(workers > 1
      ? Array.from(
          { length: workers },
          (_, i) =>
            `  Worker ${i + 1}            http://${config.env.HOST}:${nodePort(config.env.WORKER_METRICS_PORT, i)}/metrics`,
        )
      : []),
    ...(cluster
      ? [`  PostgreSQL          ${throwawayDatabase ? 'a throwaway local cluster, removed on stop' : 'DATABASE_URL'}`]
      : []),
    `  Temporal            ${config.temporal.address} (namespace ${config.temporal.namespace}, task queue ${config.temporal.taskQueue})`,
    ...(temporal?.uiUrl ? [`  Temporal Web UI     ${temporal.uiUrl}`] : []),
    ...(temporal?.uiUrl
      ? [
          config.production
            ? `  Decoded payloads    log in at ${config.publicBaseUrl}/codec/login, then in the Web UI's codec settings use your browser setting with "Include cross-origin credentials"`
            : `  Decoded payloads    the Web UI decodes through ${config.publicBaseUrl}/codec (development: no login)`,
        ]
      : []),
    ...(devLogin ? [`  Dev login           ${devLogin.issuer}`] : []),
    ...(devMail ? [`  Dev mail            ${config.publicBaseUrl}/dev/mail  (SMTP 127.0.0.1:${devMail.port})`] : []),
    ...(config.production
      ? []
      : [`  Dev MitID app       ${config.publicBaseUrl}/dev/mitid-app  (activates a separate means with its code)`]),
    `  Data                ${config.dataDir}`,
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

main().catch((error) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
