// Saves a workflow's event history as JSON under test/histories/, for the replay tests that guard
// running workflows against incompatible code changes.
// Usage: npx tsx scripts/record-history.ts <workflowId> [name]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigOrExit } from '../config/env';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { connectClient } from '../config/temporal';

async function main(): Promise<void> {
  const [workflowId, name = workflowId] = process.argv.slice(2);
  if (!workflowId) throw new Error('usage: record-history.ts <workflowId> [name]');
  const client = await connectClient(loadConfigOrExit());
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const file = join(__dirname, '..', 'test', 'histories', `${name}.json`);
  writeFileSync(file, historyToJSON(history));
  console.log(`wrote ${file}`);
  await client.connection.close();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
