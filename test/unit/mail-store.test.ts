// The dev mailbox's index is read incrementally (only appended bytes): it must still list every message
// exactly once, in order, whatever the moment it is read at.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mailIndexFile, readMailIndex } from '../../dev/mail-store';

const line = (id: string, to = `${id}@example.dk`) =>
  `${JSON.stringify({ id, messageId: `<${id}@x>`, to: [to], receivedAt: '2026-11-30T08:00:00.000Z' })}\n`;

describe('dev mailbox index', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mail-index-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists nothing before the first mail', async () => {
    assert.deepEqual(await readMailIndex(dir), []);
  });

  it('picks up what was appended since the last read, a line being written only once it is complete', async () => {
    const file = join(dir, mailIndexFile);
    writeFileSync(file, line('a'));
    assert.deepEqual(
      (await readMailIndex(dir)).map((entry) => entry.id),
      ['a'],
    );
    // A recipient with a non-ASCII name, its line cut inside the "ø": half a character is on disk.
    const second = Buffer.from(line('b', 'søren@example.dk'));
    const cut = second.indexOf(Buffer.from('ø')) + 1;
    appendFileSync(file, second.subarray(0, cut));
    assert.deepEqual(
      (await readMailIndex(dir)).map((entry) => entry.id),
      ['a'],
    );
    appendFileSync(file, second.subarray(cut));
    appendFileSync(file, line('c'));
    const entries = await readMailIndex(dir);
    assert.deepEqual(
      entries.map((entry) => entry.id),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(entries[1]!.to, ['søren@example.dk']);
  });

  it('skips a line cut short by a crash, and starts over on a file replaced by a smaller one', async () => {
    const file = join(dir, mailIndexFile);
    writeFileSync(file, line('a') + line('b').slice(0, 20));
    await readMailIndex(dir);
    appendFileSync(file, `\n${line('c')}`);
    assert.deepEqual(
      (await readMailIndex(dir)).map((entry) => entry.id),
      ['a', 'c'],
    );
    writeFileSync(file, line('d'));
    assert.deepEqual(
      (await readMailIndex(dir)).map((entry) => entry.id),
      ['d'],
    );
  });

  it('gives each caller its own list: a caller that reverses it does not change the next one', async () => {
    writeFileSync(join(dir, mailIndexFile), line('a') + line('b'));
    (await readMailIndex(dir)).reverse();
    assert.deepEqual(
      (await readMailIndex(dir)).map((entry) => entry.id),
      ['a', 'b'],
    );
  });
});
