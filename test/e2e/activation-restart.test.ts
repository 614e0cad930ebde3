// A worker stopped in the middle of a 2,000-user bulk activation and a new one started: every user gets
// exactly one activation e-mail, none lost, none doubled (counted in the dev mailbox).
import assert from 'node:assert/strict';
import { mailDir, readMailIndex } from '../../dev/mail-store';
import { startStack, type Stack } from '../support/stack';
import { nemidExport, postExport, seedActiveOrganization } from '../support/user-fixtures';

describe('bulk activation across a worker restart', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });

  it('mails each of 2,000 users exactly once', async function () {
    this.timeout(240_000);
    const users = 2000;
    const orgId = 'dk-cvr-restart';
    seedActiveOrganization(stack.db, orgId);
    assert.equal((await postExport(stack.baseUrl, stack.config.env.OPERATOR_API_KEY, orgId, nemidExport(users, 'restart.example'))).body.imported, users);
    const { batchId } = (await stack.api('POST', `/api/organizations/${orgId}/activations`, { all: true, loginMethod: 'private' })).body;
    const progress = async () => (await stack.api('GET', `/api/organizations/${orgId}/activations/${batchId}`)).body;

    while ((await progress()).emailed < users / 4) await new Promise((resolve) => setTimeout(resolve, 100));
    const before = (await progress()).emailed;
    await stack.restartWorker();
    assert.ok((await progress()).emailed < users, `the restart came mid-way (${before} e-mailed before it)`);

    let final = await progress();
    while (!final.done) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      final = await progress();
    }
    assert.equal(final.emailed, users);
    const mail = await readMailIndex(mailDir(stack.config.dataDir));
    const recipients = mail.flatMap((entry) => entry.to);
    assert.equal(recipients.length, users, 'one e-mail per user');
    assert.equal(new Set(recipients).size, users, 'every user mailed');
  });
});
