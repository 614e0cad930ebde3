// Every recorded history under test/histories/ must replay against today's workflow code: a change
// that would break a running workflow fails here (guard such changes with patched()).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { dataConverterFor } from '../config/codec';
import { loadConfig } from '../config/env';
import { workflowBundle } from './support/bundle';
import { quietRuntime } from './support/stack';

const folder = join(__dirname, 'histories');
const files = readdirSync(folder).filter((file) => file.endsWith('.json'));
// Histories recorded from a dev server carry payloads encrypted with the dev key; older ones are clear.
const dataConverter = dataConverterFor(loadConfig({}).env.PAYLOAD_ENCRYPTION_KEYS);

describe('replay of recorded histories', () => {
  before(quietRuntime);

  it('has recorded histories to replay', () => {
    assert.ok(files.length > 0);
  });

  for (const file of files) {
    it(`replays ${file}`, async () => {
      const history = historyFromJSON(JSON.parse(readFileSync(join(folder, file), 'utf8')));
      const results = Worker.runReplayHistories({ workflowBundle: await workflowBundle(), dataConverter }, [
        { workflowId: file, history },
      ]);
      for await (const result of results) assert.equal(result.error, undefined, String(result.error));
    });
  }
});
