// A 2,000-user bulk activation interrupted halfway, by a worker restart or by stopping everything (API,
// worker, dev SMTP, the Temporal dev server) and starting again on the same DATA_DIR: every user gets
// exactly one activation e-mail, none lost, none doubled (counted in the dev mailbox).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mailDir, readMailIndex } from '../../dev/mail-store';
import { startDevServer } from '../../dev/temporal-dev-server';
import { freePort } from '../support/ports';
import { startStack, type Stack } from '../support/stack';
import { nemidExport, postExport, seedActiveOrganization } from '../support/user-fixtures';
import { eventually } from '../support/wait';

const users = 2000;

async function startActivation(stack: Stack, orgId: string): Promise<string> {
  await seedActiveOrganization(stack.db, orgId);
  assert.equal(
    (await postExport(stack.baseUrl, stack.config.env.OPERATOR_API_KEY, orgId, nemidExport(users, `${orgId}.example`)))
      .body.imported,
    users,
  );
  return (await stack.api('POST', `/api/organizations/${orgId}/activations`, { all: true, loginMethod: 'private' }))
    .body.batchId;
}

/** The batch's progress once `enough` holds; 2,000 e-mails take most of a test's four minutes on a busy machine. */
function progressUntil(
  stack: Stack,
  orgId: string,
  batchId: string,
  enough: (progress: { emailed: number; done: boolean }) => boolean,
) {
  return eventually(
    `the activation's progress ${enough}`,
    async () => {
      const progress = (await stack.api('GET', `/api/organizations/${orgId}/activations/${batchId}`)).body;
      return enough(progress) && progress;
    },
    { timeoutMs: 200_000 },
  );
}

async function assertEachMailedOnce(dataDir: string): Promise<void> {
  const recipients = (await readMailIndex(mailDir(dataDir))).flatMap((entry) => entry.to);
  assert.equal(recipients.length, users, 'one e-mail per user');
  assert.equal(new Set(recipients).size, users, 'every user mailed');
}

describe('bulk activation across restarts', () => {
  it('mails each of 2,000 users exactly once across a worker restart', async function () {
    this.timeout(240_000);
    const stack = await startStack();
    try {
      const orgId = 'dk-cvr-restart';
      const batchId = await startActivation(stack, orgId);
      await progressUntil(stack, orgId, batchId, (p) => p.emailed >= users / 4);
      await stack.restartWorker();
      const after = await progressUntil(stack, orgId, batchId, () => true);
      assert.ok(after.emailed < users, `the restart came mid-way (${after.emailed} e-mailed by then)`);
      const final = await progressUntil(stack, orgId, batchId, (p) => p.done);
      assert.equal(final.emailed, users);
      await assertEachMailedOnce(stack.config.dataDir);
    } finally {
      await stack.stop();
    }
  });

  it('mails each of 2,000 users exactly once when everything stops halfway and starts again', async function () {
    this.timeout(240_000);
    const dataDir = mkdtempSync(join(tmpdir(), 'activation-restart-'));
    const serverOptions = { dbFile: join(dataDir, 'temporal.sqlite'), port: await freePort() };
    const env = { TEMPORAL_TASK_QUEUE: 'activation-restart' };
    const orgId = 'dk-cvr-system-restart';

    const firstServer = await startDevServer(serverOptions);
    const first = await startStack({ dataDir, temporal: firstServer, env });
    const batchId = await startActivation(first, orgId);
    await progressUntil(first, orgId, batchId, (p) => p.emailed >= users / 4);
    await first.stop();
    await firstServer.stop();
    const sentBefore = (await readMailIndex(mailDir(dataDir))).length;
    assert.ok(sentBefore < users, `stopped halfway (${sentBefore} of ${users} sent)`);

    const secondServer = await startDevServer(serverOptions);
    const second = await startStack({ dataDir, temporal: secondServer, env });
    try {
      const final = await progressUntil(second, orgId, batchId, (p) => p.done);
      assert.equal(final.emailed, users);
      await assertEachMailedOnce(dataDir);
    } finally {
      await second.stop();
      await secondServer.stop();
    }
  });
});
