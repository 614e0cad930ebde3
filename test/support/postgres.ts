// A throwaway PostgreSQL server for tests: Debian's binaries (`apt-get install postgresql`, or PG_BIN), a cluster
// initialised in a temporary directory, listening on a free loopback port and a unix socket in that directory,
// started at the first database a test asks for and stopped and removed when the test process exits. Every
// call gets a database of its own. The server refuses to run as root, so as root it runs as `postgres`.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { describeNeeding } from './optional-suite';
import { freePort } from './ports';

const run = promisify(execFile);

/** The newest installed major version's bin directory, or PG_BIN. */
function findBinaries(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest && join(root, newest, 'bin');
}

const binaries = findBinaries();
const missingPostgres =
  binaries && existsSync(join(binaries, 'initdb'))
    ? undefined
    : `PostgreSQL not found in ${process.env.PG_BIN ?? '/usr/lib/postgresql/*/bin'}: apt-get install postgresql (or set PG_BIN)`;

/** `describe` for a suite that needs PostgreSQL, or one skipped line where it is missing outside CI. */
export function describeWithPostgres(title: string, suite: (this: Mocha.Suite) => void): void {
  describeNeeding(missingPostgres, title, suite);
}

interface Server {
  dir: string;
  port: number;
}

let server: Promise<Server> | undefined;
let databases = 0;

/** A new, empty database on the test server (started on first use); its `postgres://` URL. */
export async function createPostgresDatabase(): Promise<string> {
  const { port } = await (server ??= startServer());
  const name = `test_${++databases}`;
  const admin = new Client({ connectionString: serverUrl(port, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return serverUrl(port, name);
}

function serverUrl(port: number, database: string): string {
  return `postgres://postgres@127.0.0.1:${port}/${database}`;
}

const asRoot = process.getuid?.() === 0;

/** The command line that runs `program` as the server's owner: this user, or `postgres` for root. */
function asOwner(program: string, args: string[]): [string, string[]] {
  const path = join(binaries ?? '', program);
  return asRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

async function startServer(): Promise<Server> {
  if (missingPostgres) throw new Error(missingPostgres);
  const dir = mkdtempSync(join(tmpdir(), 'test-postgres-'));
  process.on('exit', () => stopServer(dir));
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  // Trust: the server listens on loopback and on a socket in its owner's directory, for this machine's tests.
  await run(...asOwner('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '-N']));
  // Durability off: a test database never outlives a crash, and fsync is most of a test's write time.
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=200',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
  const log = join(dir, 'server.log');
  try {
    await run(...asOwner('pg_ctl', ['-D', data, '-l', log, '-o', options, '-w', 'start']));
  } catch (error) {
    throw new Error(`the test PostgreSQL did not start:\n${existsSync(log) ? readFileSync(log, 'utf8') : ''}`, {
      cause: error,
    });
  }
  return { dir, port };
}

/** Synchronous, for the process's `exit`: stops the server at once and removes its directory. */
function stopServer(dir: string): void {
  const [command, args] = asOwner('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  spawnSync(command, args, { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
}
