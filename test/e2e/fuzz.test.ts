// The API against its own OpenAPI document, fuzzed by schemathesis on the real stack: a short run with a
// fixed seed (the long one is `npm run fuzz`). No answer is a server error, none contradicts the document
// (status, content type, schema, Allow), and every operation is tested and, on the seeded targets, reached.
import assert from 'node:assert/strict';
import {
  describeFigures,
  fuzz,
  fuzzEnv,
  schemathesisMissing,
  seedFuzzTargets,
  type FuzzFigures,
} from '../support/fuzz';
import { withStack } from '../support/stack';

describe('API fuzzing (schemathesis against /openapi.json)', function () {
  this.timeout(10 * 60_000);
  let figures: FuzzFigures;

  before(function () {
    const missing = schemathesisMissing();
    if (missing) {
      if (process.env.CI === 'true') throw new Error(missing);
      console.log(`      skipped: ${missing}`);
      this.skip();
    }
  });
  const stack = withStack({ env: fuzzEnv });
  before(async () => {
    figures = await fuzz(stack, await seedFuzzTargets(stack), { seed: 12, maxExamples: 10 });
  });

  it('answers no request with a server error and none against the document', () => {
    const details = /=+ (FAILURES|ERRORS) =+[\s\S]*?(?==+ WARNINGS =+|=+ SUMMARY =+)/.exec(figures.output)?.[0] ?? '';
    const summary = `${describeFigures(figures)}\n${details}`;
    assert.equal(figures.serverErrors, 0, summary);
    assert.deepEqual(figures.failures, {}, summary);
    assert.deepEqual(figures.errors, {}, summary);
  });

  it('tests every operation of the document', () => {
    assert.ok(figures.requests > 500, describeFigures(figures));
    assert.equal(figures.operations.tested, figures.operations.selected, describeFigures(figures));
  });

  // The administration takes the session alone, which the fuzzer's own POST /auth/logout ends at a moment of
  // its choosing (its deletion and re-send also name users in a form body, drawn at random): its pages are
  // checked against the document here, and reached by test/e2e/admin.test.ts.
  it("reaches every operation with a 2xx/3xx answer, but the callback that needs the login provider's one-time code and the administration's", () => {
    assert.ok(figures.unreached.includes('GET /auth/callback'), describeFigures(figures));
    assert.deepEqual(
      figures.unreached.filter(
        (operation) =>
          operation !== 'GET /auth/callback' &&
          !operation.startsWith('GET /admin') &&
          !operation.startsWith('POST /admin'),
      ),
      [],
      describeFigures(figures),
    );
  });
});
