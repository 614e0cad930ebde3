// The end-to-end tests of every process once more with the app's state in PostgreSQL: the connection (direct
// and registrant, with documents), the setup, user activation and bulk activation, a terms update and the MUK
// connection, each file as it runs on SQLite, with every stack it starts on a fresh PostgreSQL database
// (test/support/stack.ts reads STACK_DATABASE). They run in a mocha of their own, so that this file's stacks
// and the SQLite run's stay apart.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describeWithPostgres } from '../support/postgres';

const suites = [
  'test/e2e/connection.test.ts',
  'test/e2e/documents.test.ts',
  'test/e2e/organization-setup.test.ts',
  'test/e2e/users.test.ts',
  'test/e2e/activation-restart.test.ts',
  'test/e2e/means-activation.test.ts',
  'test/e2e/terms.test.ts',
  'test/e2e/muk.test.ts',
];

describeWithPostgres('the end-to-end processes on PostgreSQL', () => {
  it(`pass ${suites.length} end-to-end test files with DATABASE_URL on PostgreSQL`, async function () {
    this.timeout(30 * 60_000);
    const mocha = spawn(process.execPath, ['node_modules/mocha/bin/mocha.js', '--reporter', 'dot', ...suites], {
      env: { ...process.env, STACK_DATABASE: 'postgres' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    mocha.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    mocha.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => mocha.on('close', resolve));
    assert.equal(code, 0, output);
    assert.match(output, /\d+ passing/);
    assert.doesNotMatch(output, /\d+ failing/, output);
  });
});
