// API fuzzing with schemathesis (pinned, installed by scripts/install-tools.mjs into .tools/schemathesis)
// against a running stack's /openapi.json: every operation, every check, with the stateful phase following
// the document's OpenAPI links. The stack is seeded first with what no operation of the API creates by
// itself (set-up organisations with imported users, pending steps with their person's session, a document
// awaiting review, MUK connections at two stages): the calls that succeed only on such a target are pointed
// at it, the others draw those identifiers beside random ones.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operatorKeyFailures } from '../../api/middleware';
import { assetPath } from '../../api/pages/assets';
import { tables } from '../../db/tables';
import { routeMatcher } from '../../api/route-templates';
import PINNED from '../../scripts/pinned-tools.json';
import { signedViewUrl } from '../../links/view-links';
import { loginAs, subjectOfSession } from './login';
import { consoleSession } from './review-fixtures';
import { actionLink, getJson, postJson, waitForMail } from './mailbox';
import type { Stack } from './stack';
import { eventually } from './wait';
import { nemidExport, postExport, seedActiveOrganization, seedLapsedSetup } from './user-fixtures';

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
  /** Another set-up organisation with imported users, for the call that activates them all. */
  activatingOrgId: string;
  userIds: string[];
  /** A pending step of the session's person, for every link call. */
  token: string;
  /** Another one, only ever read (a call that performs the step would end it for the reading ones). */
  readToken: string;
  /** A registrant's step that takes documents, sent to the session's person. */
  uploadToken: string;
  /** The `Cookie` header of the person the tokens' steps were sent to. */
  session: string;
  /** The console's session cookie (`name=value`), for the console's screens. */
  consoleSession: string;
  /** A case with a mailed step pending that the console's cancel form may end. */
  cancellableCaseId: string;
  muk: { id: string; exp: string; sig: string };
  /** A MUK connection whose Service Provider is prepared: its metadata is served. */
  preparedMukId: string;
  /** An uploaded document awaiting a case worker's review, and another for the console's review form. */
  review: { connectionId: string; documentId: string };
  consoleReview: { connectionId: string; documentId: string };
  /** A case with a mailed step pending, to re-send. */
  pendingCaseId: string;
  /** An activation batch and its users, whose activation can be re-sent. */
  activation: { batchId: string; userIds: string[] };
  /** A connected organisation whose setup lapsed, to restart. */
  lapsedSetupOrgId: string;
  /** A user's one-time code for the MitID app, for the stand-in app to activate (once). */
  activationCode: string;
}

const pdf = readFileSync(join(__dirname, '..', 'fixtures', 'documents', 'payslip.pdf'));
const region = (name: string) => ({ name, kind: 'region', country: 'DK' });

/** What the fuzzer cannot create through the API, made the way people and operators make it. */
export async function seedFuzzTargets(stack: Stack): Promise<FuzzTargets> {
  const api = async (method: string, path: string, body: unknown, expected: number) => {
    const answer = await stack.api(method, path, body);
    if (answer.status !== expected)
      throw new Error(`seeding: ${method} ${path} answered ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  // Each of these people is sent one step at a time.
  const linkOf = async (email: string) =>
    actionLink(await waitForMail(stack, email, (mail) => mail.links.some((link) => link.includes('/l/'))));
  const tokenOf = (link: string) => new URL(link).pathname.split('/').pop()!;
  // The person's mail with a link other than `known` ones: a later step sent to the same person.
  const newToken = async (email: string, known: string[]) =>
    tokenOf(
      actionLink(
        await waitForMail(stack, email, (mail) =>
          mail.links.some((link) => link.includes('/l/') && !known.includes(tokenOf(link))),
        ),
      ),
    );

  const orgId = 'dk-cvr-87654321';
  await seedActiveOrganization(stack.db, orgId, { cvr: '87654321' });
  const lapsedSetupOrgId = 'dk-cvr-99887766';
  await seedLapsedSetup(stack.db, lapsedSetupOrgId);
  const imported = await postExport(
    stack.baseUrl,
    stack.config.env.OPERATOR_API_KEY,
    orgId,
    nemidExport(20, 'fuzz.example'),
  );
  if (imported.status !== 200) throw new Error(`seeding users answered ${imported.status}`);
  const users = (await api('GET', `/api/organizations/${orgId}/users`, undefined, 200)).users as Array<{
    userId: string;
    name: string;
    email: string;
  }>;
  const activated = users.slice(0, 2);
  const batch = await api(
    'POST',
    `/api/organizations/${orgId}/activations`,
    { userIds: activated.map((user) => user.userId), loginMethod: 'private' },
    202,
  );
  // The fuzzer activates all users of another organisation, so that this one keeps users it can delete.
  const activatingOrgId = 'dk-cvr-11223344';
  await seedActiveOrganization(stack.db, activatingOrgId, { cvr: '11223344' });
  if (
    (
      await postExport(
        stack.baseUrl,
        stack.config.env.OPERATOR_API_KEY,
        activatingOrgId,
        nemidExport(5, 'fuzz-activation.example'),
      )
    ).status !== 200
  )
    throw new Error('seeding users answered no 200');
  for (const user of activated) await waitForMail(stack, user.email);
  // A user who chose to activate the MitID app holds a code the stand-in app takes.
  const appUser = users[2]!;
  await api('POST', `/api/organizations/${orgId}/activations`, { userIds: [appUser.userId], loginMethod: 'app' }, 202);
  const appSession = (await loginAs(stack.baseUrl, appUser)).cookie;
  const chosen = await postJson(await linkOf(appUser.email), { decision: 'activate' }, appSession);
  if (chosen.status !== 200) throw new Error(`seeding: activating the app answered ${chosen.status}`);

  const karen = { name: 'Karen Holm', email: 'karen.holm@nordisk-test.dk' };
  const rasmus = { name: 'Rasmus Direktør', email: 'rasmus.direktoer@region-fuzz.dk' };
  await api(
    'POST',
    '/api/connections',
    {
      organization: { name: 'Nordisk Testfabrik ApS', kind: 'company', country: 'DK', cvr: '12345678' },
      initiator: { role: 'representative', ...karen },
    },
    201,
  );
  const token = tokenOf(await linkOf(karen.email));
  await api(
    'POST',
    '/api/connections',
    { organization: region('Region Fuzzlæsning'), initiator: { role: 'representative', ...karen } },
    201,
  );
  const readToken = await newToken(karen.email, [token]);
  await api(
    'POST',
    '/api/connections',
    { organization: region('Region Fuzzupload'), initiator: { role: 'registrant', ...karen }, representative: rasmus },
    201,
  );
  const uploadToken = await newToken(karen.email, [token, readToken]);
  const session = (await loginAs(stack.baseUrl, karen.email)).cookie;
  // Karen also administers the organisations whose administration pages are fuzzed.
  const karenSubject = await subjectOfSession(stack.db, karen.name);
  for (const id of [orgId, activatingOrgId, lapsedSetupOrgId])
    await stack.db.insert(tables(stack.db).administrators).values({
      orgId: id,
      email: karen.email,
      name: karen.name,
      subject: karenSubject,
      status: 'active',
      loginMethod: 'private',
    });

  // A registrant's document, through preparation and the representative's approval, awaits review: one for
  // the API's review call, one for the console's review form (the first decision ends either).
  const awaitingReview = async (domain: string) => {
    const rikke = { name: 'Rikke Registrant', email: `rikke.registrant@${domain}` };
    const representative = { name: 'Rasmus Repræsentant', email: `rasmus.repraesentant@${domain}` };
    const reviewed = await api(
      'POST',
      '/api/connections',
      { organization: region(`Region ${domain}`), initiator: { role: 'registrant', ...rikke }, representative },
      201,
    );
    const prepareLink = await linkOf(rikke.email);
    const rikkeSession = (await loginAs(stack.baseUrl, rikke)).cookie;
    const form = new FormData();
    form.append('documentType', 'payslip');
    form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'payslip.pdf');
    const uploaded = await fetch(`${prepareLink}/documents`, {
      method: 'POST',
      body: form,
      headers: { cookie: rikkeSession, accept: 'application/json' },
    });
    if (uploaded.status !== 201) throw new Error(`seeding an upload answered ${uploaded.status}`);
    const documentId = ((await uploaded.json()) as { documentId: string }).documentId;
    if (
      (
        await postJson(
          prepareLink,
          { administrators: [{ name: 'Ada Admin', email: `ada.admin@${domain}` }] },
          rikkeSession,
        )
      ).status !== 200
    )
      throw new Error('seeding: preparing answered no 200');
    const approveLink = await linkOf(representative.email);
    const representativeSession = (await loginAs(stack.baseUrl, representative)).cookie;
    const termsVersion = (await getJson(approveLink, representativeSession)).body.context.termsVersion;
    const approved = await postJson(
      approveLink,
      { decision: 'approve', acceptTerms: true, termsVersion },
      representativeSession,
    );
    if (approved.status !== 200) throw new Error(`seeding: approving answered ${approved.status}`);
    await eventually(
      'the document to await review',
      async () =>
        (await api('GET', `/api/connections/${reviewed.connectionId}`, undefined, 200)).stage ===
        'awaiting-document-review',
    );
    return { connectionId: reviewed.connectionId as string, documentId };
  };
  const review = await awaitingReview('region-fuzzreview.dk');
  const consoleReview = await awaitingReview('region-fuzzkonsol.dk');

  const cancellable = await api(
    'POST',
    '/api/connections',
    {
      organization: region('Region Fuzzannullering'),
      initiator: { role: 'representative', name: 'Carl Cancel', email: 'carl.cancel@region-fuzzcancel.dk' },
    },
    201,
  );

  const dorte = { name: 'Dorte Dam', email: 'dorte.dam@region-fuzzresend.dk' };
  const pending = await api(
    'POST',
    '/api/connections',
    { organization: region('Region Fuzzresend'), initiator: { role: 'representative', ...dorte } },
    201,
  );
  await linkOf(dorte.email);

  const municipality = (name: string) => ({
    name,
    federalState: 'Bayern',
    support: { name: 'Bürgerservice', email: 'support@bad-toelz.de' },
  });
  const responsible = { name: 'Maria Muster', email: 'maria.muster@optigov.de' };
  const portalLoginUrl = 'https://bad-toelz.optigov.de/login';
  const muk = await api(
    'POST',
    '/api/muk/connections',
    { municipality: municipality('Bad Tölz'), responsible, portalLoginUrl },
    201,
  );
  const mukId = muk.connectionId as string;
  const view = new URL(
    signedViewUrl(
      stack.baseUrl,
      stack.config.env.LINK_SIGNING_KEY,
      `/muk/connections/${mukId}/application`,
      new Date(Date.now() + 24 * 3600_000),
    ),
  );
  const prepared = (
    await api(
      'POST',
      '/api/muk/connections',
      { municipality: municipality('Lenggries'), responsible, portalLoginUrl },
      201,
    )
  ).connectionId as string;
  const event = (body: unknown) =>
    eventually(
      `the MUK event ${JSON.stringify(body)} to be awaited`,
      async () => (await stack.api('POST', `/api/muk/connections/${prepared}/events`, body)).status === 200,
    );
  await event({ type: 'vorhaben-submitted', reference: 'VH-2025-0001' });
  await event({ type: 'vorhaben-confirmed' });
  const metadataUrl = `${stack.baseUrl}/api/muk/connections/${prepared}/service-provider/metadata.xml`;
  await eventually(
    'the Service Provider to be prepared',
    async () =>
      (await fetch(metadataUrl, { headers: { authorization: `Bearer ${stack.config.env.OPERATOR_API_KEY}` } }))
        .status === 200,
  );
  return {
    orgId,
    activatingOrgId,
    userIds: users.map((user) => user.userId),
    token,
    readToken,
    uploadToken,
    session,
    consoleSession: await consoleSession(stack),
    cancellableCaseId: cancellable.workflowId,
    muk: { id: mukId, exp: view.searchParams.get('exp')!, sig: view.searchParams.get('sig')! },
    preparedMukId: prepared,
    review,
    consoleReview,
    pendingCaseId: pending.workflowId,
    activation: { batchId: batch.batchId, userIds: activated.map((user) => user.userId) },
    lapsedSetupOrgId,
    activationCode: chosen.body.activationCode,
  };
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
/** The value of a `name=value` cookie. */
const cookieValue = (cookie: string): string => cookie.slice(cookie.indexOf('=') + 1);

/**
 * Where a schema-valid request may still be refused with 4xx, for rules JSON Schema (as schemathesis reads
 * it) cannot state: a link's body depends on the step its token names; an upload's or a CSV file's content
 * is checked after parsing; a person's name refuses invisible characters and web addresses by Unicode
 * class (domain/names.ts), which its pattern dialect lacks; an activation's login method must be one the
 * organisation offers.
 */
const checkedBeyondTheSchema: Array<{ paths: string; statuses: string[] }> = [
  { paths: '^/l/\\{token\\}$', statuses: ['422'] },
  { paths: '^/l/\\{token\\}/documents$', statuses: ['400', '415', '422'] },
  { paths: '^/api/organizations/\\{orgId\\}/imported-users$', statuses: ['400', '415', '422'] },
  { paths: '^/api/(muk/)?connections$|^/api/cases/\\{workflowId\\}/resend$', statuses: ['422'] },
  { paths: '^/api/organizations/\\{orgId\\}/activations$', statuses: ['422'] },
  // The administration's forms, which act through those same calls.
  { paths: '^/admin/organizations/\\{orgId\\}/imported-users$', statuses: ['400', '415', '422'] },
  { paths: '^/admin/organizations/\\{orgId\\}/activations$', statuses: ['413', '422'] },
  // The console's forms, which act through the API's calls too, and its list's signed page token.
  {
    paths:
      '^/console/(start|start/muk|terms)$|^/console/cases/\\{workflowId\\}/(resend|documents/\\{documentId\\})$|^/console/muk/\\{connectionId\\}/events$',
    statuses: ['422'],
  },
  { paths: '^/console/cases$', statuses: ['422'] },
];
const acceptedStatuses = ['2xx', '3xx', '401', '403', '404', '409', '429'];
/** What refuses a schema-violating request: schemathesis's own list, and 413 for a form over its size limit. */
const refusedStatuses = ['400', '401', '403', '404', '405', '406', '409', '413', '415', '422', '428', '429', '5xx'];

/** The seeded targets of the calls that succeed only on them (the others draw them beside random values). */
function fixedParameters(targets: FuzzTargets): Array<{ operation: string; parameters: Record<string, string> }> {
  return [
    { operation: 'getLToken', parameters: { 'path.token': targets.readToken } },
    { operation: 'postLTokenDocuments', parameters: { 'path.token': targets.uploadToken } },
    {
      operation: 'postApiConnectionsIdDocumentsDocumentIdReview',
      parameters: { 'path.id': targets.review.connectionId, 'path.documentId': targets.review.documentId },
    },
    {
      operation: 'getApiConnectionsIdDocumentsDocumentId',
      parameters: { 'path.id': targets.review.connectionId, 'path.documentId': targets.review.documentId },
    },
    { operation: 'getApiMukConnectionsIdServiceProviderMetadataXml', parameters: { 'path.id': targets.preparedMukId } },
    { operation: 'postApiCasesWorkflowIdResend', parameters: { 'path.workflowId': targets.pendingCaseId } },
    { operation: 'postApiOrganizationsOrgIdActivations', parameters: { 'path.orgId': targets.activatingOrgId } },
    { operation: 'postApiMukConnectionsIdEvents', parameters: { 'path.id': targets.muk.id } },
    {
      operation: 'postApiOrganizationsOrgIdUsersUserIdResendActivation',
      parameters: { 'path.orgId': targets.orgId, 'path.userId': targets.activation.userIds[0]! },
    },
    {
      operation: 'getApiOrganizationsOrgIdActivationsBatchId',
      parameters: { 'path.orgId': targets.orgId, 'path.batchId': targets.activation.batchId },
    },
    { operation: 'postApiOrganizationsOrgIdSetupResend', parameters: { 'path.orgId': targets.lapsedSetupOrgId } },
    // The administration pages of the organisations Karen administers (activating all users of the one the fuzzer may empty).
    ...[
      'getAdminOrganizationsOrgId',
      'getAdminOrganizationsOrgIdUsers',
      'postAdminOrganizationsOrgIdImportedUsers',
      'postAdminOrganizationsOrgIdLoginPolicy',
    ].map((operation) => ({ operation, parameters: { 'path.orgId': targets.orgId } })),
    {
      operation: 'getAdminOrganizationsOrgIdActivationsBatchId',
      parameters: { 'path.orgId': targets.orgId, 'path.batchId': targets.activation.batchId },
    },
    { operation: 'postAdminOrganizationsOrgIdActivations', parameters: { 'path.orgId': targets.activatingOrgId } },
    { operation: 'postAdminOrganizationsOrgIdSetupResend', parameters: { 'path.orgId': targets.lapsedSetupOrgId } },
    {
      operation: 'getAssetsHashName',
      parameters: { 'path.hash': assetPath('site.css').split('/')[2]!, 'path.name': 'site.css' },
    },
    // The console's screens act on the same targets as the API calls behind them.
    { operation: 'getConsoleCasesWorkflowId', parameters: { 'path.workflowId': targets.pendingCaseId } },
    { operation: 'postConsoleCasesWorkflowIdResend', parameters: { 'path.workflowId': targets.pendingCaseId } },
    { operation: 'postConsoleCasesWorkflowIdCancel', parameters: { 'path.workflowId': targets.cancellableCaseId } },
    {
      operation: 'postConsoleCasesWorkflowIdSetupResend',
      parameters: { 'path.workflowId': `setup-${targets.lapsedSetupOrgId}` },
    },
    {
      operation: 'getConsoleCasesWorkflowIdDocumentsDocumentId',
      parameters: {
        'path.workflowId': `connection-${targets.review.connectionId}`,
        'path.documentId': targets.review.documentId,
      },
    },
    {
      operation: 'postConsoleCasesWorkflowIdDocumentsDocumentId',
      parameters: {
        'path.workflowId': `connection-${targets.consoleReview.connectionId}`,
        'path.documentId': targets.consoleReview.documentId,
      },
    },
    { operation: 'getConsoleMukConnectionId', parameters: { 'path.connectionId': targets.muk.id } },
    // The prepared connection awaits its Service Provider's creation, which the form's example reports.
    { operation: 'postConsoleMukConnectionIdEvents', parameters: { 'path.connectionId': targets.preparedMukId } },
  ];
}

function configFile(stack: Stack, targets: FuzzTargets, options: FuzzOptions): string {
  return [
    `seed = ${options.seed}`,
    'workers = 1',
    // The machine may be busy: a slow answer is not what this run looks for.
    'request-timeout = 60',
    `headers = { Origin = ${toml(stack.baseUrl)} }`,
    // Per security scheme, so that schemathesis knows each credential and can leave it out to see it refused.
    '[auth.openapi.operatorKey]',
    `bearer = ${toml(stack.config.env.OPERATOR_API_KEY)}`,
    '[auth.openapi.session]',
    `api_key = ${toml(cookieValue(targets.session))}`,
    '[auth.openapi.consoleSession]',
    `api_key = ${toml(cookieValue(targets.consoleSession))}`,
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
    `activationCode = { values = ${toml([targets.activationCode])} }`,
    '[parameters]',
    '"path.orgId" = { dictionary = "org", probability = 0.5 }',
    '"path.userId" = { dictionary = "user", probability = 0.5 }',
    '"path.token" = { dictionary = "token", probability = 0.5 }',
    '[[operations]]',
    'include-path-regex = "^/(codec|console)/login$"',
    `parameters = { "body.key" = { dictionary = "operatorKey", probability = 0.5 } }`,
    // Every guess counts towards the address's limit of wrong codes: the seeded code comes first, and works once.
    '[[operations]]',
    'include-path = "/dev/mitid-app/activations"',
    `parameters = { "body.code" = { dictionary = "activationCode", probability = 1.0 } }`,
    ...fixedParameters(targets).flatMap(({ operation, parameters }) => [
      '[[operations]]',
      `include-operation-id = ${toml(operation)}`,
      `parameters = { ${Object.entries(parameters)
        .map(([name, value]) => `${toml(name)} = ${toml(value)}`)
        .join(', ')} }`,
    ]),
    '[[operations]]',
    'include-path = "/muk/connections/{id}/application"',
    `parameters = { "path.id" = ${toml(targets.muk.id)}, "query.exp" = ${toml(targets.muk.exp)}, "query.sig" = ${toml(targets.muk.sig)} }`,
    // A list of user ids longer than the schema allows is also too large a form: 413 refuses it as well as 422.
    '[[operations]]',
    'include-path-regex = "^/admin/organizations/\\\\{orgId\\\\}/users/(delete|resend-activation)$"',
    `checks = { negative_data_rejection = { expected-statuses = ${toml(refusedStatuses)} } }`,
    ...checkedBeyondTheSchema.flatMap(({ paths, statuses }) => [
      '[[operations]]',
      `include-path-regex = ${toml(paths)}`,
      `checks = { positive_data_acceptance = { expected-statuses = ${toml([...acceptedStatuses, ...statuses])} }${statuses.includes('413') ? `, negative_data_rejection = { expected-statuses = ${toml(refusedStatuses)} }` : ''} }`,
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
    const { output } = await run(
      [
        '--config-file',
        join(dir, 'schemathesis.toml'),
        'run',
        `${stack.baseUrl}/openapi.json`,
        '--report',
        'json,har',
        '--report-dir',
        reportDir,
        '--no-color',
      ],
      dir,
    );
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
      if (route && response.status >= 200 && response.status < 400)
        reached.add(`${request.method} ${route.template.replace(/:(\w+)/g, '{$1}')}`);
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
    `failures: ${count(figures.failures)}${
      count(figures.failures)
        ? ` (${Object.entries(figures.failures)
            .map(([code, n]) => `${code} ${n}`)
            .join(', ')})`
        : ''
    }`,
    `errors: ${count(figures.errors)}${
      count(figures.errors)
        ? ` (${Object.entries(figures.errors)
            .map(([title, n]) => `${title} ${n}`)
            .join(', ')})`
        : ''
    }`,
  ].join('\n');
}
