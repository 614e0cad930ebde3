// The worker's workflow bundle is kept on disk (workers/workflow-bundle.ts) and reused only while everything it
// was built from is as it was: other options, a changed file, or a file now present where webpack found none,
// bundles again.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflows } from '../../workers/worker';
import { changedSince } from '../../workers/workflow-bundle';

describe('the kept workflow bundle', () => {
  const cacheDirectory = mkdtempSync(join(tmpdir(), 'workflow-bundle-'));
  const keptFile = join(cacheDirectory, 'workflows.json');
  const kept = () =>
    JSON.parse(readFileSync(keptFile, 'utf8')) as {
      files: Record<string, string | null>;
      missing: string[];
      code: string;
    };
  /** Marks the kept bundle, so that a start that reuses it is told apart from one that bundled again. */
  const mark = (change: (entry: ReturnType<typeof kept>) => void = () => undefined) => {
    const entry = kept();
    entry.code = '// marked';
    change(entry);
    writeFileSync(keptFile, JSON.stringify(entry));
  };
  let built: string;

  before(async () => {
    built = (await bundleWorkflows({}, cacheDirectory)).code;
  });

  it('records every workflow source it was built from, and the bundle', () => {
    const entry = kept();
    assert.ok(entry.files[require.resolve('../../workflows/connection')], 'workflows/connection.ts hashed');
    assert.ok(entry.files[require.resolve('../../config/failure-converter')], 'the failure converter hashed');
    assert.equal(entry.code, built);
  });

  it('is reused while nothing it was built from changed', async () => {
    mark();
    assert.equal((await bundleWorkflows({}, cacheDirectory)).code, '// marked');
  });

  it('is not taken for a bundle made with other options', async () => {
    mark();
    const withoutPreload = (await bundleWorkflows({ preloadModules: [] }, cacheDirectory)).code;
    assert.notEqual(withoutPreload, '// marked');
    assert.notEqual(withoutPreload, built);
    // The worker's own bundle kept again, for the tests that follow.
    await bundleWorkflows({}, cacheDirectory);
  });

  it('is built again when a file it read has other content now', async () => {
    mark((entry) => {
      entry.files[require.resolve('../../workflows/connection')] = 'a'.repeat(64);
    });
    assert.equal((await bundleWorkflows({}, cacheDirectory)).code, built);
  });

  it('is built again when a path webpack found absent exists now', async () => {
    const appeared = join(cacheDirectory, 'appeared.ts');
    writeFileSync(appeared, 'export {};\n');
    mark((entry) => entry.missing.push(appeared));
    assert.equal((await bundleWorkflows({}, cacheDirectory)).code, built);
  });

  it('is kept when a directory webpack looked into changed while it was built, not when a file did', () => {
    const before = Date.now() - 1_000;
    const directory = join(cacheDirectory, 'looked-into');
    mkdirSync(directory);
    writeFileSync(join(directory, 'another-process-file'), '');
    assert.equal(changedSince(directory, before), false, 'a new entry in a directory (say /tmp) is not a change');
    assert.equal(changedSince(join(directory, 'another-process-file'), before), true);
    assert.equal(changedSince(join(directory, 'absent.ts'), before), false);
  });
});
