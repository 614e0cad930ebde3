// A process that waits for people through HumanSteps waits only through it: a wait of its own
// (`steps.condition`) then answers the clicks it has acted on first (workflows/human-step.ts), so a person's
// POST cannot hang because a process forgot to answer before it waited.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const folder = join(__dirname, '..', '..', 'workflows');

describe('processes that wait for people', () => {
  it('wait only through HumanSteps, never with a condition or sleep of their own', () => {
    const offenders = readdirSync(folder)
      .filter((file) => file.endsWith('.ts') && file !== 'human-step.ts')
      .filter((file) => {
        const source = readFileSync(join(folder, file), 'utf8');
        if (!source.includes('new HumanSteps(')) return false;
        const imported = /import\s*{([^}]*)}\s*from\s*'@temporalio\/workflow'/.exec(source)?.[1] ?? '';
        return /\b(condition|sleep)\b/.test(imported);
      });
    assert.deepEqual(offenders, []);
  });
});
