// Benchmark: N imported users activated with one call on the system as `npm start` runs it (Temporal dev
// server on its SQLite file; worker and API as child processes; the dev SMTP server writing every mail to
// disk in the launcher), on a fresh DATA_DIR. Prints the time until every activation e-mail was accepted
// by SMTP and every user is activation_pending, users per second, the worker's peak RSS, the largest
// histories, and, on the same server in the same run, the bare rate of trivial workflows.
//   npm run bench:activations -- [users=1000] [trivial workflows=2000]
import { and, count, eq } from 'drizzle-orm';
import { tables } from '../db/tables';
import { mailDir, readMailIndex } from '../dev/mail-store';
import { nemidExport, postExport, seedActiveOrganization } from '../test/support/user-fixtures';
import type { ActivationProgress } from '../workflows/bulk-activation.messages';
import { startSystem } from './system';
import { measureWorkflowStartRate } from './workflow-start-rate';

async function main(): Promise<void> {
  const userCount = Number(process.argv[2] ?? 1000);
  const trivialCount = Number(process.argv[3] ?? 2000);
  const system = await startSystem();
  const { config, db, client, api } = system;
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
          `  ${((performance.now() - started) / 1000).toFixed(0)} s: ${progress.emailed} e-mailed, worker peak RSS ${system.workerPeakRssMiB().toFixed(0)} MiB`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const seconds = (performance.now() - started) / 1000;
    const workerPeak = system.workerPeakRssMiB();
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
    console.log(`worker peak RSS          ${workerPeak.toFixed(0)} MiB`);
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
