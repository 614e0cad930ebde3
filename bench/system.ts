// The system as `npm start` runs it (Temporal dev server, worker and API as child processes, dev SMTP and
// dev login in the launcher) on a fresh DATA_DIR and free ports, for benchmarks: they then measure what an
// installation would do, each part in its own process, and can read the worker's own peak memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { loadConfig, type AppConfig } from '../config/env';
import { connectClient } from '../config/temporal';
import { closeDatabase, openAppDatabase, type Db } from '../db/open';
import { operatorHttp, type OperatorHttp } from '../test/support/operator-http';
import { assignFreePorts } from '../test/support/ports';

const root = join(__dirname, '..');

export interface RunningSystem extends OperatorHttp {
  config: AppConfig;
  dataDir: string;
  db: Db;
  client: Client;
  /** The system's processes: `npm start`'s launcher (dev SMTP, dev login), worker, API, Temporal dev server. */
  pids: { launcher: number; worker: number; api: number; temporal: number };
  /** The worker process's peak resident set so far (Linux `VmHWM`), in MiB. */
  workerPeakRssMiB(): number;
  stop(): Promise<void>;
}

/** The launcher's child running `script`. */
function childRunning(parent: number, script: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = /PPid:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      if (Number(ppid) === parent && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(script))
        return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  throw new Error(`no child running ${script}`);
}

function launch(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const launcher = spawn(process.execPath, ['--import', 'tsx', join(root, 'dev/start.ts')], {
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

export async function startSystem(overrides: Record<string, string> = {}): Promise<RunningSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-system-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...overrides };
  await assignFreePorts(env);
  const config = loadConfig(env);
  const launcher = await launch(env);
  const workerPid = childRunning(launcher.pid!, 'workers/main.ts');
  const pids = {
    launcher: launcher.pid!,
    worker: workerPid,
    api: childRunning(launcher.pid!, 'api/main.ts'),
    temporal: childRunning(launcher.pid!, 'start-dev'),
  };
  const db = await openAppDatabase(config);
  const client = await connectClient(config);
  return {
    config,
    dataDir,
    db,
    client,
    pids,
    ...operatorHttp(config.publicBaseUrl, config.env.OPERATOR_API_KEY),
    workerPeakRssMiB() {
      const line = readFileSync(`/proc/${workerPid}/status`, 'utf8')
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
