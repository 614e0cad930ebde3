// Benchmark: N imported users activated with one call on the system as `npm start` runs it (Temporal dev
// server on its SQLite file; worker and API as child processes; the dev SMTP server writing every mail to
// disk in the launcher), on a fresh DATA_DIR. Prints the time until every activation e-mail was accepted
// by SMTP and every user is activation_pending, users per second, the worker's peak RSS, the largest
// histories, and, on the same server in the same run, the bare rate of trivial workflows.
//   npm run bench:activations -- [users=1000] [trivial workflows=2000]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { loadConfig } from '../config/env';
import { connectClient } from '../config/temporal';
import { openDatabase, databaseFile } from '../db/open';
import { importedUsers } from '../db/schema';
import { mailDir, readMailIndex } from '../dev/mail-store';
import { freePort } from '../test/support/ports';
import { nemidExport, postExport, seedActiveOrganization } from '../test/support/user-fixtures';
import { measureWorkflowStartRate } from './workflow-start-rate';

const root = join(__dirname, '..');

/** The process's peak resident set so far (Linux), in MiB. */
function peakRssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
}

/** The launcher's child running `script` (the worker, the API). */
function childRunning(parent: number, script: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = /PPid:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      if (Number(ppid) === parent && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(script)) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  throw new Error(`no child running ${script}`);
}

async function startSystem(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const launcher = spawn(process.execPath, ['--import', 'tsx', join(root, 'dev/start.ts')], { env, cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    launcher.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl-C to stop.')) resolve();
    });
    launcher.once('exit', (code) => reject(new Error(`npm start exited with ${code}`)));
  });
  return launcher;
}

async function main(): Promise<void> {
  const users = Number(process.argv[2] ?? 1000);
  const trivialCount = Number(process.argv[3] ?? 2000);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-activations-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  for (const name of ['PORT', 'TEMPORAL_PORT', 'TEMPORAL_UI_PORT', 'WORKER_METRICS_PORT', 'WORKER_SDK_METRICS_PORT', 'DEV_SMTP_PORT', 'DEV_OIDC_PORT']) env[name] = String(await freePort());
  const config = loadConfig(env);
  const launcher = await startSystem(env);
  const workerPid = childRunning(launcher.pid!, 'workers/main.ts');
  const db = openDatabase(databaseFile(dataDir));
  const client = await connectClient(config);
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${config.publicBaseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${config.env.OPERATOR_API_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  try {
    const bare = trivialCount > 0 ? await measureWorkflowStartRate(client, config.temporal.address, trivialCount) : undefined;
    const orgId = 'dk-cvr-bench';
    seedActiveOrganization(db, orgId);
    const importStarted = performance.now();
    const imported = await postExport(config.publicBaseUrl, config.env.OPERATOR_API_KEY, orgId, nemidExport(users, 'bench.example'));
    if (imported.status !== 200 || imported.body.imported !== users) throw new Error(`import answered ${imported.status}: ${JSON.stringify(imported.body).slice(0, 300)}`);
    const importSeconds = (performance.now() - importStarted) / 1000;

    const started = performance.now();
    const activation = await api('POST', `/api/organizations/${orgId}/activations`, { all: true, loginMethod: 'app' });
    if (activation.status !== 202) throw new Error(`activation answered ${activation.status}: ${JSON.stringify(activation.body)}`);
    const { batchId, workflowId } = activation.body;
    let progress: any;
    let lastPrint = 0;
    for (;;) {
      progress = (await api('GET', `/api/organizations/${orgId}/activations/${batchId}`)).body;
      const pending = db.select({ n: count() }).from(importedUsers).where(and(eq(importedUsers.orgId, orgId), eq(importedUsers.status, 'activation_pending'))).get()!.n;
      if (progress.done && pending === users) break;
      if (performance.now() - lastPrint > 10_000) {
        lastPrint = performance.now();
        console.log(`  ${((performance.now() - started) / 1000).toFixed(0)} s: ${progress.emailed} e-mailed, worker peak RSS ${peakRssMiB(workerPid).toFixed(0)} MiB`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const seconds = (performance.now() - started) / 1000;
    const workerPeak = peakRssMiB(workerPid);
    const delivered = (await readMailIndex(mailDir(dataDir))).length;
    const bulk = client.workflow.getHandle(workflowId);
    await bulk.result();
    const bulkEvents = (await bulk.fetchHistory()).events?.length ?? 0;
    const group = client.workflow.getHandle(`activation-${orgId}-${batchId}-00000`);
    const groupHistory = (await group.fetchHistory()).events ?? [];
    const at = (type: string) => {
      const event = groupHistory.find((e) => (e as Record<string, unknown>)[type]);
      return event?.eventTime ? Number(event.eventTime.seconds) * 1000 + (event.eventTime.nanos ?? 0) / 1e6 : NaN;
    };
    const groupMailSeconds = (at('activityTaskCompletedEventAttributes') - at('activityTaskStartedEventAttributes')) / 1000;
    if (bare) console.log(`bare trivial workflows   ${bare.workflows}: ${bare.startsPerSecond.toFixed(0)} starts/s, ${bare.completedPerSecond.toFixed(0)} started+completed/s`);
    console.log(`users                    ${users} (import ${importSeconds.toFixed(1)} s)`);
    console.log(`e-mails accepted by SMTP ${progress.emailed} (failed ${progress.failed}; dev mailbox holds ${delivered})`);
    console.log(`time to all e-mailed     ${seconds.toFixed(1)} s`);
    console.log(`users per second         ${(users / seconds).toFixed(0)}`);
    console.log(`worker peak RSS          ${workerPeak.toFixed(0)} MiB`);
    console.log(`history events           bulk ${bulkEvents} (current run), first group ${groupHistory.length}`);
    console.log(`first group's e-mails    ${groupMailSeconds.toFixed(1)} s in one activity`);
  } finally {
    await client.connection.close();
    db.$client.close();
    launcher.kill('SIGTERM');
    await new Promise((resolve) => launcher.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
