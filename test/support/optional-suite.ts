// A suite that needs a program the machine may lack (Chromium, PostgreSQL): on a developer's machine without it,
// the suite is one skipped line saying what to install; in CI (CI set) it runs, and fails for want of it.
const ci = process.env.CI !== undefined && !['', '0', 'false'].includes(process.env.CI);

/** `describe`, or one skipped line naming what is `missing` (undefined when nothing is) outside CI. */
export function describeNeeding(missing: string | undefined, title: string, suite: (this: Mocha.Suite) => void): void {
  if (missing && !ci) it(`${title}: skipped, ${missing}`);
  else describe(title, suite);
}
