// `npm start` (dev/start.ts) on a fresh DATA_DIR and free ports: once /readyz first answers 200 it says how
// long that took from its own start, then lists the addresses; a second start on the same DATA_DIR says so too.
// `--workers N` and `--api-nodes N` start that many of each, every further one on its own ports.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodePort } from '../../dev/ports';
import { assignFreePorts } from '../support/ports';
import { eventually } from '../support/wait';

const root = join(__dirname, '..', '..');

interface Started {
  launcher: ChildProcess;
  /** What it printed up to its last line before Ctrl-C would stop it. */
  output: string;
  /** /readyz's status, asked the moment the launcher said it was ready. */
  readyStatus: number;
  /** From spawning the launcher to reading its "Ready in" line, as measured here. */
  elapsedMs: number;
}

function start(env: NodeJS.ProcessEnv, args: string[] = []): Promise<Started> {
  const spawnedAt = performance.now();
  const launcher = spawn(process.execPath, ['--import', 'tsx', join(root, 'dev/start.ts'), ...args], {
    env,
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    let readyStatus: Promise<number> | undefined;
    let elapsedMs = 0;
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /^Ready in \d+\.\d s \((\S+)\)$/m.exec(output);
      if (ready && !readyStatus) {
        elapsedMs = performance.now() - spawnedAt;
        readyStatus = fetch(ready[1]!).then((response) => response.status);
      }
      if (output.includes('Press Ctrl-C to stop.')) {
        if (!readyStatus) reject(new Error(`ready without a "Ready in" line:\n${output}`));
        else void readyStatus.then((status) => resolve({ launcher, output, readyStatus: status, elapsedMs }), reject);
      }
    };
    launcher.stdout!.on('data', read);
    launcher.stderr!.on('data', read);
    launcher.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
}

async function stop(launcher: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => launcher.once('exit', resolve));
  launcher.kill('SIGTERM');
  await exited;
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  /**
   * Started on free ports. The Temporal dev server binds more ports of its own at random as it starts; when
   * it took one of ours meanwhile it exits, and the start is tried again on other ports.
   */
  async function startOnFreePorts(args: string[] = [], nodes = 1): Promise<Started> {
    for (let attempt = 1; ; attempt++) {
      await assignFreePorts(env, nodes);
      try {
        return await start(env, args);
      } catch (error) {
        if (attempt === 3 || !String(error).includes('temporal dev server exited')) throw error;
      }
    }
  }

  it('prints how long it took until /readyz answered 200, fresh and again on the same DATA_DIR', async () => {
    for (const run of ['fresh', 'again']) {
      const started = await startOnFreePorts();
      try {
        const [line, seconds, url] = /^Ready in (\d+\.\d) s \((\S+)\)$/m.exec(started.output)!;
        assert.equal(url, `http://127.0.0.1:${env.PORT}/readyz`, run);
        assert.equal(started.readyStatus, 200, `${run}: /readyz when the launcher said ready`);
        // Counted from the launcher's own start: more than nothing, and not more than the time seen from outside.
        assert.ok(
          Number(seconds) > 0 && Number(seconds) * 1000 <= started.elapsedMs + 50,
          `${run}: ${line} within ${Math.round(started.elapsedMs)} ms seen here`,
        );
        assert.ok(
          started.output.indexOf(line) < started.output.indexOf('Onboarding orchestrator is running:'),
          `${run}: said before the addresses`,
        );
      } finally {
        await stop(started.launcher);
      }
    }
  });

  it('starts as many workers and API processes as --workers and --api-nodes say, each on its own ports', async () => {
    const started = await startOnFreePorts(['--workers', '2', '--api-nodes', '2'], 2);
    try {
      for (const i of [0, 1]) {
        const api = `http://127.0.0.1:${nodePort(Number(env.PORT), i)}`;
        assert.ok(started.output.includes(`API node ${i + 1}          ${api}`), started.output);
        assert.equal((await fetch(`${api}/readyz`)).status, 200, `API node ${i + 1} ready`);
        const metrics = `http://127.0.0.1:${nodePort(Number(env.WORKER_METRICS_PORT), i)}/metrics`;
        assert.ok(started.output.includes(`Worker ${i + 1}            ${metrics}`), started.output);
        await eventually(`worker ${i + 1}'s metrics`, async () => (await fetch(metrics).catch(() => undefined))?.ok);
      }
    } finally {
      await stop(started.launcher);
    }
  });

  it('refuses a count of processes below one, before starting anything', async () => {
    await assignFreePorts(env);
    await assert.rejects(start(env, ['--workers', '0']), /--workers must be a whole number of at least 1/);
  });
});
