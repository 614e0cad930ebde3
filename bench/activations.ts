// Benchmark: N imported users activated with one call on the system as `npm start` runs it (Temporal dev
// server on its SQLite file; worker and API as child processes; the dev SMTP server writing every mail to
// disk in the launcher), on a fresh DATA_DIR. Prints the time until every activation e-mail was accepted
// by SMTP and every user is activation_pending, users per second, per worker the users it e-mailed (users per
// second per worker) and its peak RSS, the largest histories, and, on the same server in the same run, the bare
// rate of trivial workflows.
//   npm run bench:activations -- [users=1000] [trivial workflows=2000] [--postgres] [--workers N] [--api-nodes N]
import { and, count, eq } from 'drizzle-orm';
import { tables } from '../db/tables';
import { mailDir, readMailIndex } from '../dev/mail-store';
import { nemidExport, postExport, seedActiveOrganization } from '../test/support/user-fixtures';
import type { ActivationProgress } from '../workflows/bulk-activation.messages';
import { runConcurrently } from './stats';
import { benchCommandLine, describeShape, startSystem, type RunningSystem } from './system';
import { measureWorkflowStartRate } from './workflow-start-rate';

/**
 * The users each worker e-mailed, from the histories: a group's users (by their `activation_workflow_id`) count
 * for the worker whose identity (the SDK's default, `<pid>@<host>`) started the group's mail activity
 * (`sendStepMessages`, one per group, all its invitations).
 */
async function usersByWorker(system: RunningSystem, orgId: string): Promise<Map<string, number>> {
  const { users } = tables(system.db);
  const groups = await system.db
    .select({ workflowId: users.activationWorkflowId, n: count() })
    .from(users)
    .where(eq(users.orgId, orgId))
    .groupBy(users.activationWorkflowId);
  const workerByPid = new Map(system.workers.map(({ name, pid }) => [String(pid), name]));
  const counts = new Map(system.workers.map(({ name }) => [name, 0]));
  await runConcurrently(groups.length, 16, async (i) => {
    const { workflowId, n } = groups[i]!;
    const events = (await system.client.workflow.getHandle(workflowId!).fetchHistory()).events ?? [];
    const mail = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendStepMessages');
    const identity = events.find(
      (e) => String(e.activityTaskStartedEventAttributes?.scheduledEventId) === String(mail?.eventId),
    )?.activityTaskStartedEventAttributes?.identity;
    const worker = workerByPid.get(identity?.split('@')[0] ?? '') ?? `${workflowId}: no worker (${identity})`;
    counts.set(worker, (counts.get(worker) ?? 0) + n);
  });
  return counts;
}

async function main(): Promise<void> {
  const { figures, shape } = benchCommandLine();
  const userCount = Number(figures[0] ?? 1000);
  const trivialCount = Number(figures[1] ?? 2000);
  const system = await startSystem(shape);
  const { config, db, client, api } = system;
  const peakRss = () => system.workers.map(({ name, pid }) => ({ name, mib: system.peakRssMiB(pid) }));
  const { users } = tables(db);
  try {
    const bare =
      trivialCount > 0 ? await measureWorkflowStartRate(client, config.temporal.address, trivialCount) : undefined;
    const orgId = 'dk-cvr-bench';
    await seedActiveOrganization(db, orgId);
    const importStarted = performance.now();
    const imported = await postExport(
      config.publicBaseUrl,
      config.env.OPERATOR_API_KEY,
      orgId,
      nemidExport(userCount, 'bench.example'),
    );
    if (imported.status !== 200 || imported.body.imported !== userCount)
      throw new Error(`import answered ${imported.status}: ${JSON.stringify(imported.body).slice(0, 300)}`);
    const importSeconds = (performance.now() - importStarted) / 1000;

    const started = performance.now();
    const activation = await api('POST', `/api/organizations/${orgId}/activations`, { all: true, loginMethod: 'app' });
    if (activation.status !== 202)
      throw new Error(`activation answered ${activation.status}: ${JSON.stringify(activation.body)}`);
    const { batchId, workflowId } = activation.body;
    let progress: ActivationProgress;
    let lastPrint = 0;
    for (;;) {
      progress = (await api('GET', `/api/organizations/${orgId}/activations/${batchId}`)).body;
      const pending = (
        await db
          .select({ n: count() })
          .from(users)
          .where(and(eq(users.orgId, orgId), eq(users.status, 'activation_pending')))
      )[0]!.n;
      if (progress.done && pending === userCount) break;
      if (performance.now() - lastPrint > 10_000) {
        lastPrint = performance.now();
        console.log(
          `  ${((performance.now() - started) / 1000).toFixed(0)} s: ${progress.emailed} e-mailed, ${peakRss()
            .map(({ name, mib }) => `${name} peak RSS ${mib.toFixed(0)} MiB`)
            .join(', ')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const seconds = (performance.now() - started) / 1000;
    const workerPeaks = peakRss();
    const delivered = (await readMailIndex(mailDir(system.dataDir))).length;
    const bulk = client.workflow.getHandle(workflowId);
    await bulk.result();
    const bulkEvents = (await bulk.fetchHistory()).events?.length ?? 0;
    const group = client.workflow.getHandle(`activation-${orgId}-${batchId}-00000`);
    const groupHistory = (await group.fetchHistory()).events ?? [];
    const at = (type: string) => {
      const event = groupHistory.find((e) => (e as Record<string, unknown>)[type]);
      return event?.eventTime ? Number(event.eventTime.seconds) * 1000 + (event.eventTime.nanos ?? 0) / 1e6 : NaN;
    };
    const groupMailSeconds =
      (at('activityTaskCompletedEventAttributes') - at('activityTaskStartedEventAttributes')) / 1000;
    const byWorker = await usersByWorker(system, orgId);
    console.log(`system                   ${describeShape(shape)}`);
    if (bare)
      console.log(
        `bare trivial workflows   ${bare.workflows}: ${bare.startsPerSecond.toFixed(0)} starts/s, ${bare.completedPerSecond.toFixed(0)} started+completed/s`,
      );
    console.log(`users                    ${userCount} (import ${importSeconds.toFixed(1)} s)`);
    console.log(
      `e-mails accepted by SMTP ${progress.emailed} (failed ${progress.failed}; dev mailbox holds ${delivered})`,
    );
    console.log(`time to all e-mailed     ${seconds.toFixed(1)} s`);
    console.log(`users per second         ${(userCount / seconds).toFixed(0)}`);
    console.log(
      `users/s per worker       ${(userCount / seconds / shape.workers).toFixed(0)} (mean); each worker's, counting a group's users for the worker that ran its mail activity (histories):`,
    );
    for (const [worker, users] of byWorker)
      console.log(`  ${worker.padEnd(23)}${(users / seconds).toFixed(0)} users/s (${users} users)`);
    for (const { name, mib } of workerPeaks) console.log(`${`${name} peak RSS`.padEnd(25)}${mib.toFixed(0)} MiB`);
    console.log(`history events           bulk ${bulkEvents} (current run), first group ${groupHistory.length}`);
    console.log(`first group's e-mails    ${groupMailSeconds.toFixed(1)} s in one activity`);
  } finally {
    await system.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
