// Benchmark: a terms update notified to every administrator of N connected organisations on the real
// stack (Temporal dev server, worker, API, dev SMTP server that stores each mail on disk).
//   npx tsx bench/terms-notify.ts [organisations=10000] [administrators each=1]
import { mailDir, readMailIndex } from '../dev/mail-store';
import { startStack } from '../test/support/stack';
import { seedOrganizations } from '../test/support/terms-fixtures';

async function main(): Promise<void> {
  const organizations = Number(process.argv[2] ?? 10_000);
  const adminsEach = Number(process.argv[3] ?? 1);
  const stack = await startStack();
  try {
    const admins = await seedOrganizations(stack.db, organizations, { adminsEach });
    const started = performance.now();
    const published = await stack.api('POST', '/api/terms', {
      version: 'bench-1',
      title: 'Benchmark terms',
      url: 'https://example.dk/terms/bench-1',
      kind: 'update',
    });
    if (published.status !== 201)
      throw new Error(`publishing answered ${published.status}: ${JSON.stringify(published.body)}`);
    let effectiveAt: string | undefined;
    while (!effectiveAt) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { body } = await stack.api('GET', '/api/terms');
      effectiveAt = body.pending.find((p: { version: string }) => p.version === 'bench-1')?.effectiveAt ?? undefined;
    }
    const seconds = (performance.now() - started) / 1000;
    const delivered = (await readMailIndex(mailDir(stack.config.dataDir))).length;
    const handle = stack.client.workflow.getHandle(published.body.workflowId);
    const description = await handle.describe();
    const historyEvents = (await handle.fetchHistory()).events?.length ?? 0;
    const continued = description.runId !== description.raw.workflowExecutionInfo?.firstRunId;
    console.log(`organisations           ${organizations}`);
    console.log(`administrators (e-mails) ${admins.length}`);
    console.log(`delivered to dev SMTP    ${delivered}`);
    console.log(`time to all notified     ${seconds.toFixed(1)} s`);
    console.log(`e-mails per second       ${(delivered / seconds).toFixed(0)}`);
    console.log(
      `history events           ${historyEvents} in the current run${continued ? ' (continued as new)' : ''}`,
    );
    console.log(`effective at             ${effectiveAt}`);
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
