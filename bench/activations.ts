// Benchmark: N imported users activated with one call on the real stack (Temporal dev server on its
// SQLite file, worker, API, dev SMTP server writing every mail to disk), in one process. Prints the time
// until every activation e-mail was accepted by SMTP and every user is activation_pending, users per
// second, the process's peak RSS (worker, API and SMTP server together), the largest history among the
// run's processes, and, on the same server in the same run, the bare rate of trivial workflows.
//   npx tsx bench/activations.ts [users=1000] [trivial workflows=2000]
import { and, count, eq } from 'drizzle-orm';
import { importedUsers } from '../db/schema';
import { mailDir, readMailIndex } from '../dev/mail-store';
import { startStack } from '../test/support/stack';
import { nemidExport, postExport, seedActiveOrganization } from '../test/support/user-fixtures';
import { measureWorkflowStartRate } from './workflow-start-rate';

async function main(): Promise<void> {
  const users = Number(process.argv[2] ?? 1000);
  const trivialCount = Number(process.argv[3] ?? 2000);
  const stack = await startStack({ env: { LOG_LEVEL: 'silent' } });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 250);
  try {
    const bare = trivialCount > 0 ? await measureWorkflowStartRate(stack.client, stack.temporal.address, trivialCount) : undefined;
    const orgId = 'dk-cvr-bench';
    seedActiveOrganization(stack.db, orgId);
    const importStarted = performance.now();
    const imported = await postExport(stack.baseUrl, stack.config.env.OPERATOR_API_KEY, orgId, nemidExport(users, 'bench.example'));
    if (imported.status !== 200 || imported.body.imported !== users) throw new Error(`import answered ${imported.status}: ${JSON.stringify(imported.body).slice(0, 300)}`);
    const importSeconds = (performance.now() - importStarted) / 1000;

    const started = performance.now();
    const activation = await stack.api('POST', `/api/organizations/${orgId}/activations`, { all: true, loginMethod: 'app' });
    if (activation.status !== 202) throw new Error(`activation answered ${activation.status}: ${JSON.stringify(activation.body)}`);
    const { batchId, workflowId } = activation.body;
    let progress: any;
    let lastPrint = 0;
    for (;;) {
      progress = (await stack.api('GET', `/api/organizations/${orgId}/activations/${batchId}`)).body;
      const pending = stack.db.select({ n: count() }).from(importedUsers).where(and(eq(importedUsers.orgId, orgId), eq(importedUsers.status, 'activation_pending'))).get()!.n;
      if (progress.done && pending === users) break;
      if (performance.now() - lastPrint > 10_000) {
        lastPrint = performance.now();
        console.log(`  ${((performance.now() - started) / 1000).toFixed(0)} s: ${progress.emailed} e-mailed, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const seconds = (performance.now() - started) / 1000;
    const delivered = (await readMailIndex(mailDir(stack.config.dataDir))).length;
    const bulk = stack.client.workflow.getHandle(workflowId);
    await bulk.result();
    const bulkEvents = (await bulk.fetchHistory()).events?.length ?? 0;
    const group = stack.client.workflow.getHandle(`activation-${orgId}-${batchId}-00000`);
    const groupEvents = (await group.fetchHistory()).events?.length ?? 0;

    if (bare) console.log(`bare trivial workflows   ${bare.workflows}: ${bare.startsPerSecond.toFixed(0)} starts/s, ${bare.completedPerSecond.toFixed(0)} started+completed/s`);
    console.log(`users                    ${users} (import ${importSeconds.toFixed(1)} s)`);
    console.log(`e-mails accepted by SMTP ${progress.emailed} (failed ${progress.failed}; dev mailbox holds ${delivered})`);
    console.log(`time to all e-mailed     ${seconds.toFixed(1)} s`);
    console.log(`users per second         ${(users / seconds).toFixed(0)}`);
    console.log(`peak RSS (one process)   ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
    console.log(`history events           bulk ${bulkEvents} (current run), first group ${groupEvents}`);
  } finally {
    clearInterval(sampler);
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
