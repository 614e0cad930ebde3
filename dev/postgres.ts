// A throwaway PostgreSQL server on this machine, for tests and `npm run start:cluster`: Debian's binaries
// (`apt-get install postgresql`, or PG_BIN), a cluster initialised in a temporary directory, listening on a free
// loopback port and a unix socket in that directory, stopped and removed when this process exits. The server
// refuses to run as root, so as root it runs as `postgres`.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
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

/** Why no local PostgreSQL can be started here, or undefined when it can. */
export const missingPostgres =
  binaries && existsSync(join(binaries, 'initdb'))
    ? undefined
    : `PostgreSQL not found in ${process.env.PG_BIN ?? '/usr/lib/postgresql/*/bin'}: apt-get install postgresql (or set PG_BIN)`;

export interface LocalPostgres {
  /** Creates an empty database `name`; its `postgres://` URL. */
  createDatabase(name: string): Promise<string>;
}

const asRoot = process.getuid?.() === 0;

/** The command line that runs `program` as the server's owner: this user, or `postgres` for root. */
function asOwner(program: string, args: string[]): [string, string[]] {
  const path = join(binaries ?? '', program);
  return asRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

export async function startLocalPostgres(): Promise<LocalPostgres> {
  if (missingPostgres) throw new Error(missingPostgres);
  const dir = mkdtempSync(join(tmpdir(), 'local-postgres-'));
  process.on('exit', () => stopServer(dir));
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  // Trust: the server listens on loopback and on a socket in its owner's directory, for this machine alone.
  await run(...asOwner('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '-N']));
  // Durability off: a throwaway database never outlives a crash, and fsync is most of its write time.
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
    throw new Error(`the local PostgreSQL did not start:\n${existsSync(log) ? readFileSync(log, 'utf8') : ''}`, {
      cause: error,
    });
  }
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    async createDatabase(name) {
      const admin = new Client({ connectionString: url('postgres') });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
  };
}

/** Synchronous, for the process's `exit`: stops the server at once and removes its directory. */
function stopServer(dir: string): void {
  const [command, args] = asOwner('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  spawnSync(command, args, { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
}
