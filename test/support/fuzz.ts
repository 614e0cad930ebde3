// API fuzzing with schemathesis (pinned, installed by scripts/install-tools.mjs into .tools/schemathesis)
// against a running stack's /openapi.json: every operation, every check, with the stateful phase following
// the document's OpenAPI links. The stack is seeded first with what no operation of the API creates by
// itself (a set-up organisation with imported users, a pending step's action link with its person's
// session, a signed MUK application link), and schemathesis draws those identifiers beside random ones.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operatorKeyFailures } from '../../api/middleware';
import { routeMatcher } from '../../api/route-templates';
import PINNED from '../../scripts/pinned-tools.json';
import { signedViewUrl } from '../../links/view-links';
import { loginAs } from './login';
import { actionLink, waitForMail } from './mailbox';
import type { Stack } from './stack';
import { nemidExport, postExport, seedActiveOrganization } from './user-fixtures';

const schemathesisDir = join(__dirname, '..', '..', '.tools', 'schemathesis');

/** Why schemathesis cannot run here, or undefined when it can. */
export function schemathesisMissing(): string | undefined {
  if (existsSync(join(schemathesisDir, `installed-${PINNED.schemathesis}-${PINNED.hypothesis}`))) return undefined;
  return `schemathesis ${PINNED.schemathesis} is not in .tools/schemathesis: install Python ≥ 3.11 with pip and run \`node scripts/install-tools.mjs\``;
}

/** Generous limits for the one client the run is: the limits themselves have their own tests. */
export const fuzzEnv: Record<string, string> = { LINK_POSTS_PER_IP_PER_MINUTE: '1000000' };

export interface FuzzTargets {
  orgId: string;
  userIds: string[];
  token: string;
  /** The `Cookie` header of the person the token's step was sent to. */
  session: string;
  muk: { id: string; exp: string; sig: string };
}

/** What the fuzzer cannot create through the API, made the way people and operators make it. */
export async function seedFuzzTargets(stack: Stack): Promise<FuzzTargets> {
  const orgId = 'dk-cvr-87654321';
  seedActiveOrganization(stack.db, orgId, { cvr: '87654321' });
  const imported = await postExport(stack.baseUrl, stack.config.env.OPERATOR_API_KEY, orgId, nemidExport(20, 'fuzz.example'));
  if (imported.status !== 200) throw new Error(`seeding users answered ${imported.status}`);
  const users = await stack.api('GET', `/api/organizations/${orgId}/users`);
  const userIds = (users.body.users as Array<{ userId: string }>).map((user) => user.userId);

  const karen = { name: 'Karen Holm', email: 'karen.holm@nordisk-test.dk' };
  const started = await stack.api('POST', '/api/connections', {
    organization: { name: 'Nordisk Testfabrik ApS', kind: 'company', country: 'DK', cvr: '12345678' },
    initiator: { role: 'representative', ...karen },
  });
  if (started.status !== 201) throw new Error(`seeding a connection answered ${started.status}`);
  const token = new URL(actionLink(await waitForMail(stack, karen.email))).pathname.split('/').pop()!;
  const session = (await loginAs(stack.baseUrl, karen.email)).cookie;

  const muk = await stack.api('POST', '/api/muk/connections', {
    municipality: { name: 'Bad Tölz', federalState: 'Bayern', support: { name: 'Bürgerservice', email: 'support@bad-toelz.de' } },
    responsible: { name: 'Maria Muster', email: 'maria.muster@optigov.de' },
    portalLoginUrl: 'https://bad-toelz.optigov.de/login',
  });
  if (muk.status !== 201) throw new Error(`seeding a MUK connection answered ${muk.status}`);
  const mukId = muk.body.connectionId as string;
  const view = new URL(signedViewUrl(stack.baseUrl, stack.config.env.LINK_SIGNING_KEY, `/muk/connections/${mukId}/application`, new Date(Date.now() + 24 * 3600_000)));
  return { orgId, userIds, token, session, muk: { id: mukId, exp: view.searchParams.get('exp')!, sig: view.searchParams.get('sig')! } };
}

export interface FuzzOptions {
  seed: number;
  /** Test cases per operation and phase. */
  maxExamples: number;
  /** Steps of each stateful scenario (schemathesis's default otherwise). */
  statefulSteps?: number;
}

export interface FuzzFigures {
  /** Test cases schemathesis generated, and the HTTP requests it sent. */
  generated: number;
  requests: number;
  operations: { selected: number; tested: number };
  /** Operations that answered 2xx/3xx at least once: their logic ran to the end. */
  reached: string[];
  unreached: string[];
  serverErrors: number;
  /** Unique failures by check code (e.g. ST103 undocumented status code). */
  failures: Record<string, number>;
  errors: Record<string, number>;
  /** Links the stateful phase followed, of those the document declares. */
  links: string | undefined;
  seconds: number;
  output: string;
}

const toml = (value: unknown): string => JSON.stringify(value);

/**
 * Where a schema-valid request may still be refused with 4xx, for rules JSON Schema (as schemathesis reads
 * it) cannot state: a link's body depends on the step its token names; an upload's or a CSV file's content
 * is checked after parsing; a person's name refuses invisible characters and web addresses by Unicode
 * class (domain/names.ts), which its pattern dialect lacks.
 */
const checkedBeyondTheSchema: Array<{ paths: string; statuses: string[] }> = [
  { paths: '^/l/\\{token\\}$', statuses: ['422'] },
  { paths: '^/l/\\{token\\}/documents$', statuses: ['400', '415', '422'] },
  { paths: '^/api/organizations/\\{orgId\\}/imported-users$', statuses: ['400', '415', '422'] },
  { paths: '^/api/(muk/)?connections$|^/api/cases/\\{workflowId\\}/resend$', statuses: ['422'] },
];
const acceptedStatuses = ['2xx', '3xx', '401', '403', '404', '409', '429'];

function configFile(stack: Stack, targets: FuzzTargets, options: FuzzOptions): string {
  return [
    `seed = ${options.seed}`,
    'workers = 1',
    // The machine may be busy: a slow answer is not what this run looks for.
    'request-timeout = 60',
    `headers = { Authorization = ${toml(`Bearer ${stack.config.env.OPERATOR_API_KEY}`)}, Cookie = ${toml(targets.session)}, Origin = ${toml(stack.baseUrl)} }`,
    '[generation]',
    `max-examples = ${options.maxExamples}`,
    // Only the document's own links: inferred ones join operations whose ids do not match.
    '[phases.stateful]',
    'inference = { algorithms = [] }',
    ...(options.statefulSteps ? [`max-steps = ${options.statefulSteps}`] : []),
    '[dictionaries]',
    `org = { values = ${toml([targets.orgId])} }`,
    `user = { values = ${toml(targets.userIds)} }`,
    `token = { values = ${toml([targets.token])} }`,
    `operatorKey = { values = ${toml([stack.config.env.OPERATOR_API_KEY])} }`,
    '[parameters]',
    '"path.orgId" = { dictionary = "org", probability = 0.5 }',
    '"path.userId" = { dictionary = "user", probability = 0.5 }',
    '"path.token" = { dictionary = "token", probability = 0.5 }',
    '[[operations]]',
    'include-path = "/codec/login"',
    `parameters = { "body.key" = { dictionary = "operatorKey", probability = 0.5 } }`,
    '[[operations]]',
    'include-path = "/muk/connections/{id}/application"',
    `parameters = { "path.id" = ${toml(targets.muk.id)}, "query.exp" = ${toml(targets.muk.exp)}, "query.sig" = ${toml(targets.muk.sig)} }`,
    ...checkedBeyondTheSchema.flatMap(({ paths, statuses }) => [
      '[[operations]]',
      `include-path-regex = ${toml(paths)}`,
      `checks = { positive_data_acceptance = { expected-statuses = ${toml([...acceptedStatuses, ...statuses])} } }`,
    ]),
    '',
  ].join('\n');
}

function run(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-m', 'schemathesis.cli', ...args], {
      cwd,
      env: { ...process.env, PYTHONPATH: schemathesisDir, NO_COLOR: '1', COLUMNS: '120' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

interface HarEntry {
  request: { method: string; url: string };
  response: { status: number };
}

interface JsonReport {
  running_time: number;
  operations: { selected: number; tested: number };
  test_cases: { generated: number };
  failures: Array<{ code: string; count: number }>;
  errors: Array<{ title: string; count: number }>;
}

/**
 * Runs schemathesis against the stack and reads its figures from its JSON and HAR reports. The fuzzer sends
 * wrong operator keys on purpose (does the API ignore auth?): meanwhile they must not lock its right key
 * out, so the per-IP limit of wrong keys (which has its own tests) is lifted for the run.
 */
export async function fuzz(stack: Stack, targets: FuzzTargets, options: FuzzOptions): Promise<FuzzFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-'));
  const keyFailureLimit = operatorKeyFailures.limit;
  operatorKeyFailures.limit = Number.MAX_SAFE_INTEGER;
  try {
    writeFileSync(join(dir, 'schemathesis.toml'), configFile(stack, targets, options));
    // FUZZ_REPORT_DIR keeps the reports (every request and answer in the HAR file) for a closer look.
    const reportDir = process.env.FUZZ_REPORT_DIR ?? join(dir, 'report');
    const { output } = await run(['--config-file', join(dir, 'schemathesis.toml'), 'run', `${stack.baseUrl}/openapi.json`, '--report', 'json,har', '--report-dir', reportDir, '--no-color'], dir);
    const reports = existsSync(reportDir) ? readdirSync(reportDir).sort().reverse() : [];
    const read = (prefix: string) => {
      const file = reports.find((name) => name.startsWith(prefix));
      if (!file) throw new Error(`schemathesis wrote no ${prefix} report:\n${output}`);
      return JSON.parse(readFileSync(join(reportDir, file), 'utf8'));
    };
    const report = read('json') as JsonReport;
    const entries = (read('har') as { log: { entries: HarEntry[] } }).log.entries;

    const match = routeMatcher(stack.config);
    const doc = (await (await fetch(`${stack.baseUrl}/openapi.json`)).json()) as { paths: Record<string, object> };
    // The document itself is what schemathesis reads, not one of the operations it tests.
    const documented = new Set(
      Object.entries(doc.paths)
        .filter(([path]) => path !== '/openapi.json')
        .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)),
    );
    const reached = new Set<string>();
    for (const { request, response } of entries) {
      const route = match(request.method, new URL(request.url).pathname);
      if (route && response.status >= 200 && response.status < 400) reached.add(`${request.method} ${route.template.replace(/:(\w+)/g, '{$1}')}`);
    }
    return {
      generated: report.test_cases.generated,
      requests: entries.length,
      operations: { selected: report.operations.selected, tested: report.operations.tested },
      reached: [...reached].sort(),
      unreached: [...documented].filter((op) => !reached.has(op)).sort(),
      serverErrors: entries.filter(({ response }) => response.status >= 500).length,
      failures: Object.fromEntries(report.failures.map((failure) => [failure.code, failure.count])),
      errors: Object.fromEntries(report.errors.map((error) => [error.title, error.count])),
      links: /API Links:\s+(.+)/.exec(output)?.[1]?.trim(),
      seconds: report.running_time,
      output,
    };
  } finally {
    operatorKeyFailures.limit = keyFailureLimit;
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeFigures(figures: FuzzFigures): string {
  const count = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);
  return [
    `test cases: ${figures.generated} generated, ${figures.requests} requests in ${figures.seconds.toFixed(0)} s`,
    `operations: ${figures.operations.tested}/${figures.operations.selected} tested, ${figures.reached.length}/${figures.reached.length + figures.unreached.length} reached (2xx/3xx)`,
    ...(figures.unreached.length ? [`  not reached: ${figures.unreached.join(', ')}`] : []),
    `stateful links: ${figures.links ?? 'none followed'}`,
    `server errors (5xx): ${figures.serverErrors}`,
    `failures: ${count(figures.failures)}${count(figures.failures) ? ` (${Object.entries(figures.failures).map(([code, n]) => `${code} ${n}`).join(', ')})` : ''}`,
    `errors: ${count(figures.errors)}${count(figures.errors) ? ` (${Object.entries(figures.errors).map(([title, n]) => `${title} ${n}`).join(', ')})` : ''}`,
  ].join('\n');
}
