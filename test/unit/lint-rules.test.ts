// The lint rules that guard the design really fire (eslint.config.mjs): a promise nobody awaits, workflow
// code reaching for Node or I/O, a cycle of imports, a transaction opened past db/transaction.ts.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';

const root = resolve(__dirname, '../..');
// Snippets are linted as files that do not exist; TypeScript types them with its default options.
const probes = ['workflows/lint-probe.ts', 'activities/lint-probe.ts'];
const eslint = new ESLint({
  cwd: root,
  overrideConfig: { languageOptions: { parserOptions: { projectService: { allowDefaultProject: probes } } } },
});

async function rulesFired(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return result!.messages.map((message) => message.ruleId ?? `parse error: ${message.message}`);
}

describe('the lint rules', () => {
  it('refuse a promise nobody awaits', async () => {
    const code = 'async function send(): Promise<void> {}\nexport function click(): void {\n  send();\n}\n';
    assert.deepEqual(await rulesFired(code, 'activities/lint-probe.ts'), ['@typescript-eslint/no-floating-promises']);
    assert.deepEqual(await rulesFired(code.replace('  send()', '  void send()'), 'activities/lint-probe.ts'), []);
  });

  it('refuse Node built-ins and I/O modules in workflow code, not in activities', async () => {
    for (const code of [
      "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
      "import { readFileSync } from 'fs';\nexport const read = readFileSync;\n",
      "import { eq } from 'drizzle-orm';\nexport const same = eq;\n",
      "import { Client } from '@temporalio/client';\nexport const client = Client;\n",
      "import { createStepActivities } from '../activities/steps';\nexport const create = createStepActivities;\n",
      "import { createLogger } from '../config/logger';\nexport const create = createLogger;\n",
    ]) {
      assert.deepEqual(await rulesFired(code, 'workflows/lint-probe.ts'), ['@typescript-eslint/no-restricted-imports']);
      if (!code.includes('../')) assert.deepEqual(await rulesFired(code, 'activities/lint-probe.ts'), []);
    }
  });

  it('let workflow code import the types of activities', async () => {
    const code = "import type { StepActivities } from '../activities/steps';\nexport type Steps = StepActivities;\n";
    assert.deepEqual(await rulesFired(code, 'workflows/lint-probe.ts'), []);
  });

  it('refuse a transaction opened anywhere but db/transaction.ts, which opens them for every other', async () => {
    const code = [
      "import type { Db } from '../db/open';",
      'export async function connect(db: Db): Promise<void> {',
      '  await db.transaction(async () => undefined);',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(await rulesFired(code, 'activities/lint-probe.ts'), ['no-restricted-syntax']);
    const [own] = await eslint.lintFiles([join(root, 'db/transaction.ts')]);
    assert.deepEqual(own!.messages, []);
  });

  it('refuse a cycle of imports', async () => {
    // The cycle rule follows imports on disk, so the two modules are real files for the length of the test.
    const dir = mkdtempSync(join(root, 'test', 'lint-cycle-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import { b } from './b';\nexport const a = (): number => b + 1;\n");
      writeFileSync(join(dir, 'b.ts'), "import { a } from './a';\nexport const b = 1;\nexport const c = a;\n");
      const results = await eslint.lintFiles([join(dir, 'a.ts')]);
      assert.deepEqual(
        results.flatMap((result) => result.messages.map((message) => message.ruleId)),
        ['import-x/no-cycle'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
