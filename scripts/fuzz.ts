// The long fuzz run: schemathesis against the real stack (Temporal dev server, worker, API, dev SMTP and
// login on free ports, a fresh DATA_DIR), many test cases per operation and long stateful scenarios.
// Usage: npm run fuzz -- [maxExamples=100] [seed=1]
import { describeFigures, fuzz, fuzzEnv, schemathesisMissing, seedFuzzTargets } from '../test/support/fuzz';
import { startStack } from '../test/support/stack';

async function main(): Promise<void> {
  const missing = schemathesisMissing();
  if (missing) throw new Error(missing);
  const maxExamples = Number(process.argv[2] ?? 100);
  const seed = Number(process.argv[3] ?? 1);
  const stack = await startStack({ env: fuzzEnv });
  try {
    const figures = await fuzz(stack, await seedFuzzTargets(stack), { seed, maxExamples, statefulSteps: 50 });
    if (process.env.FUZZ_VERBOSE) console.log(figures.output);
    console.log(`schemathesis, seed ${seed}, ${maxExamples} examples per operation and phase`);
    console.log(describeFigures(figures));
    const failed = figures.serverErrors + Object.keys(figures.failures).length + Object.keys(figures.errors).length;
    if (failed) {
      console.log(figures.output);
      process.exitCode = 1;
    }
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
