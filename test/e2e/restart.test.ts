import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer } from '../../dev/temporal-dev-server';
import { freePort } from '../support/ports';
import { startStack } from '../support/stack';

describe('restart with the same DATA_DIR', () => {
  it('keeps a waiting workflow alive across a full stop and start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-restart-'));
    const port = await freePort();
    const serverOptions = { dbFile: join(dataDir, 'temporal.sqlite'), port };
    const env = { TEMPORAL_TASK_QUEUE: 'restart-test' };

    const firstServer = await startDevServer(serverOptions);
    const first = await startStack({ dataDir, temporal: firstServer, env });
    const started = await first.api('POST', '/api/ping', {});
    assert.equal(started.status, 201);
    const { workflowId } = started.body;
    await first.stop();
    await firstServer.stop();

    const secondServer = await startDevServer(serverOptions);
    const second = await startStack({ dataDir, temporal: secondServer, env });
    try {
      assert.equal((await second.api('GET', `/api/ping/${workflowId}`)).body.stage, 'waiting');
      assert.equal(
        (await second.api('POST', `/api/ping/${workflowId}/pong`, { message: 'after restart' })).status,
        202,
      );
      const result = await second.client.workflow.getHandle(workflowId).result();
      assert.deepEqual(result, { stage: 'answered', message: 'after restart' });
    } finally {
      await second.stop();
      await secondServer.stop();
    }
  });
});
