// The system as `npm start` runs it (Temporal dev server, worker and API as child processes, dev SMTP and
// dev login in the launcher) on a fresh DATA_DIR and free ports, for benchmarks: they then measure what an
// installation would do, each part in its own process, and can read the workers' own peak memory. The command
// line's `--postgres`, `--workers N` and `--api-nodes N` choose the shape (`benchCommandLine`); without them it is
// `npm start`'s own: SQLite, one worker, one API process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Client } from '@temporalio/client';
import { loadConfig, type AppConfig } from '../config/env';
import { connectClient } from '../config/temporal';
import { closeDatabase, openAppDatabase, type Db } from '../db/open';
import { nodePort } from '../dev/ports';
import { startLocalPostgres } from '../dev/postgres';
import { operatorHttp, type OperatorHttp } from '../test/support/operator-http';
import { assignFreePorts } from '../test/support/ports';

const root = join(__dirname, '..');

/** Which database, and how many workers and API processes, a benchmark runs on. */
export interface SystemShape {
  /** PostgreSQL: DATABASE_URL when it names one, else a throwaway local cluster (dev/postgres.ts); else SQLite. */
  postgres: boolean;
  workers: number;
  apiNodes: number;
}

/** A benchmark's command line: its positional figures, and the shape from `--postgres`, `--workers N`, `--api-nodes N`. */
export function benchCommandLine(args = process.argv.slice(2)): { figures: string[]; shape: SystemShape } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      postgres: { type: 'boolean', default: false },
      workers: { type: 'string', default: '1' },
      'api-nodes': { type: 'string', default: '1' },
    },
  });
  return {
    figures: positionals,
    shape: { postgres: values.postgres, workers: Number(values.workers), apiNodes: Number(values['api-nodes']) },
  };
}

export interface RunningSystem extends OperatorHttp {
  config: AppConfig;
  dataDir: string;
  db: Db;
  client: Client;
  /**
   * The system's processes by name: `npm start`'s launcher (dev SMTP, dev login), the Temporal dev server, the
   * workers and the API processes, `worker` and `api` when there is one, `worker 1`, `worker 2`, … when more.
   */
  pids: Record<string, number>;
  /** The workers' names (as in `pids`) and process ids, in the order they were started. */
  workers: { name: string; pid: number }[];
  /** Each API process's own address, the first's on PUBLIC_BASE_URL's port. */
  apiNodes: string[];
  /** A process's peak resident set so far (Linux `VmHWM`), in MiB. */
  peakRssMiB(pid: number): number;
  stop(): Promise<void>;
}

/**
 * The launcher's children running `script`, by process id: the launcher starts them one after another, and
 * Linux hands out ids in increasing order (until they wrap, at `/proc/sys/kernel/pid_max`).
 */
function childrenRunning(parent: number, script: string): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = /PPid:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      if (Number(ppid) === parent && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(script))
        children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  if (children.length === 0) throw new Error(`no child running ${script}`);
  return children.sort((a, b) => a - b);
}

/** `role` for one process, `role 1`, `role 2`, … for several, with their ids. */
function named(role: string, pids: number[]): { name: string; pid: number }[] {
  return pids.map((pid, i) => ({ name: pids.length === 1 ? role : `${role} ${i + 1}`, pid }));
}

function launch(env: NodeJS.ProcessEnv, shape: SystemShape): Promise<ChildProcess> {
  const shapeFlags = ['--workers', String(shape.workers), '--api-nodes', String(shape.apiNodes)];
  const launcher = spawn(process.execPath, ['--import', 'tsx', join(root, 'dev/start.ts'), ...shapeFlags], {
    env,
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    launcher.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl-C to stop.')) resolve(launcher);
    });
    launcher.once('exit', (code) => reject(new Error(`npm start exited with ${code}`)));
  });
}

/** DATABASE_URL when it names a PostgreSQL database. */
function givenPostgresUrl(): string | undefined {
  const given = process.env.DATABASE_URL;
  return given && /^postgres(ql)?:\/\//.test(given) ? given : undefined;
}

/** The DATABASE_URL of the benchmark's database: unset for SQLite. */
async function databaseUrl(shape: SystemShape): Promise<string | undefined> {
  if (!shape.postgres) return undefined;
  // Stopped and removed when this process exits, after the system it served.
  return givenPostgresUrl() ?? (await startLocalPostgres()).createDatabase('onboarding');
}

export async function startSystem(shape: SystemShape, overrides: Record<string, string> = {}): Promise<RunningSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-system-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...overrides };
  delete env.DATABASE_URL;
  const database = await databaseUrl(shape);
  if (database) env.DATABASE_URL = database;
  await assignFreePorts(env, Math.max(shape.workers, shape.apiNodes));
  const config = loadConfig(env);
  const launcher = await launch(env, shape);
  const workers = named('worker', childrenRunning(launcher.pid!, 'workers/main.ts'));
  const apis = named('api', childrenRunning(launcher.pid!, 'api/main.ts'));
  const pids = {
    launcher: launcher.pid!,
    ...Object.fromEntries(workers.map(({ name, pid }) => [name, pid])),
    ...Object.fromEntries(apis.map(({ name, pid }) => [name, pid])),
    temporal: childrenRunning(launcher.pid!, 'start-dev')[0]!,
  };
  const db = await openAppDatabase(config);
  const client = await connectClient(config);
  return {
    config,
    dataDir,
    db,
    client,
    pids,
    workers,
    apiNodes: apis.map((_, i) => `http://${config.env.HOST}:${nodePort(config.env.PORT, i)}`),
    ...operatorHttp(config.publicBaseUrl, config.env.OPERATOR_API_KEY),
    peakRssMiB(pid) {
      const line = readFileSync(`/proc/${pid}/status`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('VmHWM:'));
      return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
    },
    async stop() {
      await client.connection.close();
      await closeDatabase(db);
      launcher.kill('SIGTERM');
      await new Promise((resolve) => launcher.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The shape in words, for a benchmark's output. */
export function describeShape(shape: SystemShape): string {
  const database = !shape.postgres
    ? 'SQLite'
    : givenPostgresUrl()
      ? 'PostgreSQL (DATABASE_URL)'
      : 'PostgreSQL (a throwaway local cluster)';
  return `${database}, ${shape.workers} worker(s), ${shape.apiNodes} API process(es)`;
}
