// Runs `temporal server start-dev` as a child process on a SQLite file, with this system's search
// attributes registered, and resolves once the frontend answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { maxInFlightUpdatesPerWorkflow, searchAttributeCliTypes, searchAttributes } from '../temporal.config';
import { temporalCliPath } from './temporal-binaries';

export interface DevServerOptions {
  dbFile: string;
  port: number;
  uiPort?: number;
  ip?: string;
  namespace?: string;
  cliPath?: string;
  /** Where the server's own output goes (it is verbose); default: discarded. */
  logFile?: string;
  /** The codec server the Web UI decodes payloads through (`--ui-codec-endpoint`). */
  codecEndpoint?: string;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * SQLite settings for the dev server's file: WAL with normal sync is the usual setting for a single
 * writer that must survive a process crash (not a power cut), and is many times faster than the default.
 */
const sqlitePragmas = ['journal_mode=wal', 'synchronous=normal', 'busy_timeout=10000'];

export function devServerArgs(options: DevServerOptions): string[] {
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    options.dbFile,
    '--port',
    String(options.port),
    '--ip',
    options.ip ?? '127.0.0.1',
    '--log-level',
    'warn',
  ];
  args.push(...(options.uiPort ? ['--ui-port', String(options.uiPort), '--ui-disable-news-fetch'] : ['--headless']));
  if (options.namespace && options.namespace !== 'default') args.push('--namespace', options.namespace);
  for (const key of Object.values(searchAttributes))
    args.push('--search-attribute', `${key.name}=${searchAttributeCliTypes[key.type]}`);
  for (const pragma of sqlitePragmas) args.push('--sqlite-pragma', pragma);
  if (options.uiPort && options.codecEndpoint) args.push('--ui-codec-endpoint', options.codecEndpoint);
  args.push('--dynamic-config-value', `history.maxInFlightUpdates=${maxInFlightUpdatesPerWorkflow}`);
  return args;
}

/** Thrown when the server process ends during start-up, with the end of what it printed. */
export class DevServerExitedError extends Error {}

async function waitUntilServing(
  address: string,
  child: ChildProcess,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new DevServerExitedError(
        `temporal dev server exited with code ${child.exitCode} before serving: ${output() || '(no output)'}`,
      );
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`temporal dev server did not answer on ${address}: ${String(lastError)}`);
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  mkdirSync(dirname(options.dbFile), { recursive: true });
  const out = options.logFile ? openSync(options.logFile, 'a') : 'pipe';
  const child = spawn(options.cliPath ?? temporalCliPath(), devServerArgs(options), { stdio: ['ignore', out, out] });
  // Without a log file, the last of the output is kept to say why a start failed.
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const address = `${options.ip ?? '127.0.0.1'}:${options.port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(forced);
    }
  };
  try {
    await waitUntilServing(address, child, 60_000, () => tail.trim());
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    address,
    uiUrl: options.uiPort ? `http://${options.ip ?? '127.0.0.1'}:${options.uiPort}` : undefined,
    child,
    stop,
  };
}
