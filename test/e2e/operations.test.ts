// Operating it, on the real stack: histories hold only ciphertext while the codec endpoint decodes for an
// operator; the audit trail records every step, operator call and login and cannot be altered; /metrics
// exposes the application's and the SDK's series; the ops command line finds, re-sends and cancels cases.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { auditEventsOf } from '../../api/audit';
import type { CaseSummary } from '../../api/cases';
import { auditRows } from '../support/audit';
import { storedHistoryText } from '../support/history';
import { loginAs } from '../support/login';
import { actionLink, getJson, postJson, waitForMail } from '../support/mailbox';
import { withStack } from '../support/stack';
import { eventually } from '../support/wait';

const run = promisify(execFile);
const pdf = readFileSync(join(__dirname, '..', 'fixtures', 'documents', 'payslip.pdf'));
const karen = { name: 'Karen Holm', email: 'karen.holm@nordisk-test.dk' };
const orgId = 'dk-cvr-12345678';
const uiOrigin = 'http://127.0.0.1:8233';

describe('operating it (real dev server)', () => {
  const stack = withStack();
  let karenSession: string;
  before(async () => {
    const started = await stack.api('POST', '/api/connections', {
      organization: { name: 'Nordisk Testfabrik ApS', kind: 'company', country: 'DK', cvr: '12345678' },
      initiator: { role: 'representative', ...karen },
    });
    assert.equal(started.status, 201);
    karenSession = (await loginAs(stack.baseUrl, karen)).cookie;
    const prepared = await postJson(
      actionLink(await waitForMail(stack, karen.email)),
      { administrators: [karen] },
      karenSession,
    );
    const termsVersion = (await getJson(prepared.body.next.url, karenSession)).body.context.termsVersion;
    assert.equal(
      (await postJson(prepared.body.next.url, { decision: 'approve', acceptTerms: true, termsVersion }, karenSession))
        .status,
      200,
    );
    await stack.client.workflow.getHandle(started.body.workflowId).result();
    const setup = await postJson(
      actionLink(await waitForMail(stack, karen.email, (mail) => /Opsæt/.test(mail.subject))),
      { allowPrivateMitId: true, separateMeans: ['app'], ownLoginMethod: 'private' },
      karenSession,
    );
    assert.equal(setup.status, 200);
  });

  describe('payload encryption and the codec server', () => {
    const workflowId = `connection-${orgId}`;
    const rawInput = async () => {
      const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
      const payload = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
      return {
        history,
        payload: {
          metadata: Object.fromEntries(
            Object.entries(payload.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
          ),
          data: Buffer.from(payload.data!).toString('base64'),
        },
      };
    };
    /** `origin: undefined` sends none (as curl), since development trusts the UI's origin alone. */
    const decode = (headers: Record<string, string | undefined>, payloads: unknown[]) => {
      const sent = Object.entries({
        'content-type': 'application/json',
        'x-namespace': 'default',
        origin: uiOrigin,
        ...headers,
      }).filter((entry): entry is [string, string] => entry[1] !== undefined);
      return fetch(`${stack.baseUrl}/codec/decode?preserveStorageRefs=true`, {
        method: 'POST',
        headers: sent,
        body: JSON.stringify({ payloads }),
      });
    };

    it('stores no e-mail address or name in clear in the history on the server', async () => {
      const { history } = await rawInput();
      const text = storedHistoryText(history);
      for (const secret of [karen.email, karen.name, 'karen.holm'])
        assert.ok(!text.includes(secret), `${secret} is in the stored history`);
      assert.ok(text.includes(Buffer.from('binary/encrypted').toString('base64')), 'payloads are marked encrypted');
      assert.match(text, /Nordisk Testfabrik/, 'the organisation name stays readable in the search attributes');
    });

    it('decodes for an authenticated operator (bearer key or codec login) and refuses anyone else', async () => {
      const { payload } = await rawInput();
      assert.equal((await decode({ origin: undefined }, [payload])).status, 401);
      assert.equal(
        (await decode({ origin: undefined, authorization: 'Bearer not-the-operator-key' }, [payload])).status,
        401,
      );
      const byKey = await decode({ authorization: `Bearer ${stack.config.env.OPERATOR_API_KEY}` }, [payload]);
      assert.equal(byKey.status, 200);
      assert.equal(byKey.headers.get('access-control-allow-origin'), uiOrigin);
      const decoded = (await byKey.json()) as { payloads: Array<{ data: string; metadata: Record<string, string> }> };
      assert.equal(Buffer.from(decoded.payloads[0]!.metadata.encoding!, 'base64').toString(), 'json/plain');
      assert.equal(
        JSON.parse(Buffer.from(decoded.payloads[0]!.data, 'base64').toString()).initiator.email,
        karen.email,
      );

      const wrongLogin = await fetch(`${stack.baseUrl}/codec/login`, {
        method: 'POST',
        body: new URLSearchParams({ key: 'wrong-key-wrong-key' }),
        redirect: 'manual',
      });
      assert.equal(wrongLogin.status, 401);
      const login = await fetch(`${stack.baseUrl}/codec/login`, {
        method: 'POST',
        body: new URLSearchParams({ key: stack.config.env.OPERATOR_API_KEY }),
        redirect: 'manual',
      });
      assert.equal(login.status, 200);
      const cookie = login.headers.getSetCookie()[0]!;
      assert.match(cookie, /HttpOnly/i);
      assert.match(cookie, /SameSite=Strict/i);
      assert.equal((await decode({ origin: undefined, cookie: cookie.split(';')[0]! }, [payload])).status, 200);
    });

    it("answers the Web UI's preflight for its origin only", async () => {
      const preflight = (origin: string) =>
        fetch(`${stack.baseUrl}/codec/decode`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type,x-namespace',
          },
        });
      const ui = await preflight(uiOrigin);
      assert.equal(ui.status, 204);
      assert.equal(ui.headers.get('access-control-allow-origin'), uiOrigin);
      assert.equal(ui.headers.get('access-control-allow-credentials'), 'true');
      assert.match(ui.headers.get('access-control-allow-headers') ?? '', /X-Namespace/i);
      assert.equal((await preflight('https://evil.example')).headers.get('access-control-allow-origin'), null);
    });

    it('keeps the organisation name in the memo and summary the Web UI shows', async () => {
      const description = await stack.client.workflow.getHandle(workflowId).describe();
      assert.equal(description.memo?.organizationName, 'Nordisk Testfabrik ApS');
      assert.match((await description.staticSummary()) ?? '', /Nordisk Testfabrik ApS/);
    });
  });

  describe('audit trail', () => {
    it('records each step of the connection, the operator calls and the logins', async () => {
      const expected = [
        'step:prepare-connection invited',
        'step:prepare-connection completed',
        'step:approve-connection invited',
        'step:approve-connection completed',
        'connection connected',
        'step:setup-organization completed',
        'operator-call:POST /api/connections 201',
      ];
      const factsOf = (rows: Array<{ action: string; outcome: string }>) =>
        new Set(rows.map((row) => `${row.action} ${row.outcome}`));
      // A preparation's row follows the answer (it goes with the approval's invitation): wait for the last of them.
      const rows = await eventually('the audit rows', async () => {
        const all = await auditRows(stack, { orgId });
        return expected.every((fact) => factsOf(all).has(fact)) ? all : undefined;
      }).catch(() => auditRows(stack, { orgId }));
      const facts = factsOf(rows);
      for (const fact of expected) assert.ok(facts.has(fact), `no audit row "${fact}" in ${[...facts].join(', ')}`);
      const completed = rows.find((row) => row.action === 'step:approve-connection' && row.outcome === 'completed')!;
      assert.match(completed.actor, /^person:[0-9a-f]{16}$/);
      const operatorCall = rows.find((row) => row.action.startsWith('operator-call:POST /api/connections'))!;
      assert.match(operatorCall.actor, /^operator:[0-9a-f]{12}$/);
      const logins = await auditRows(stack, { action: 'login' });
      assert.ok(logins.length >= 1);
      assert.ok(
        logins.every((row) => /^person:[0-9a-f]{16}$/.test(row.actor) && !JSON.stringify(row).includes('Karen')),
      );
    });

    it('pages through an organisation for the operator and its administrator, nobody else', async () => {
      const pages: Awaited<ReturnType<typeof auditEventsOf>>['events'] = [];
      let cursor = '';
      do {
        const page = await stack.api(
          'GET',
          `/api/organizations/${orgId}/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        );
        assert.equal(page.status, 200);
        pages.push(...page.body.events);
        cursor = page.body.nextCursor;
      } while (cursor);
      const ids = pages.map((event) => event.id);
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => a - b),
      );
      assert.equal(new Set(ids).size, ids.length);
      assert.ok(pages.length >= 7);

      assert.equal((await getJson(`${stack.baseUrl}/api/organizations/${orgId}/audit`)).status, 401);
      assert.equal((await getJson(`${stack.baseUrl}/api/organizations/${orgId}/audit`, karenSession)).status, 200);
      const stranger = (await loginAs(stack.baseUrl, 'someone.else@example.dk')).cookie;
      assert.equal((await getJson(`${stack.baseUrl}/api/organizations/${orgId}/audit`, stranger)).status, 403);
    });

    it('cannot be altered: the database refuses UPDATE and DELETE', () => {
      const sqlite = stack.db.$client;
      assert.throws(() => sqlite.prepare("UPDATE audit_events SET outcome = 'forged'").run(), /append-only/);
      assert.throws(() => sqlite.prepare('DELETE FROM audit_events').run(), /append-only/);
      assert.equal(
        (sqlite.prepare("SELECT count(*) AS n FROM audit_events WHERE outcome = 'forged'").get() as { n: number }).n,
        0,
      );
    });
  });

  describe('cases, the ops command line and metrics', () => {
    const registrant = { role: 'registrant', name: 'Rikke Registrant', email: 'rikke.registrant@region-testland.dk' };
    const regionCase = 'connection-dk-region-region-testland';
    const ops = async (...args: string[]) => {
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', join(__dirname, '..', '..', 'scripts', 'ops.ts'), ...args],
        {
          env: { ...process.env, OPS_API_URL: stack.baseUrl, OPERATOR_API_KEY: stack.config.env.OPERATOR_API_KEY },
        },
      );
      return stdout;
    };

    before(async () => {
      const started = await stack.api('POST', '/api/connections', {
        organization: { name: 'Region Testland', kind: 'region', country: 'DK' },
        initiator: registrant,
        representative: { name: 'Rasmus Direktør', email: 'rasmus.direktoer@region-testland.dk' },
      });
      assert.equal(started.status, 201);
      const link = actionLink(await waitForMail(stack, registrant.email));
      const session = (await loginAs(stack.baseUrl, registrant)).cookie;
      const form = new FormData();
      form.append('documentType', 'payslip');
      form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'payslip.pdf');
      const uploaded = await fetch(`${link}/documents`, {
        method: 'POST',
        body: form,
        headers: { cookie: session, accept: 'application/json' },
      });
      assert.equal(uploaded.status, 201);
    });

    it('finds a waiting case by type and stage, shows it and re-sends its e-mail', async () => {
      const listed = await ops('list', '--type', 'connection', '--stage', 'awaiting-preparation');
      assert.match(listed, new RegExp(regionCase));
      assert.doesNotMatch(listed, new RegExp(`connection-${orgId}`));
      const shown = await ops('show', regionCase);
      assert.match(shown, /prepare-connection: Rikke Registrant/);

      const mailsBefore = (await stack.mail(registrant.email)).length;
      assert.match(await ops('resend', regionCase, 'prepare-connection'), /e-mailed again/);
      await eventually('the re-sent mail', async () => (await stack.mail(registrant.email)).length > mailsBefore);
      assert.equal((await stack.mail(registrant.email)).length, mailsBefore + 1);

      const json = JSON.parse(await ops('list', '--type', 'connection', '--all', '--json'));
      assert.ok(
        (json.cases as CaseSummary[]).some(
          (found) => found.workflowId === `connection-${orgId}` && found.stage === 'connected',
        ),
      );
    });

    it('exposes the named series on /metrics after the end-to-end run', async () => {
      const response = await fetch(`${stack.baseUrl}/metrics`);
      assert.equal(response.status, 200);
      const text = await response.text();
      // The app's counters add up over every stack of this test process; the SDK's carry the stack's task queue.
      const queue = `taskQueue="${stack.config.temporal.taskQueue}"`;
      for (const series of [
        /^onboarding_http_request_duration_seconds_bucket\{.*route="\/api\/connections".*\} \d+/m,
        /^onboarding_link_clicks_total\{action="submit",outcome="ok"\} \d+/m,
        /^onboarding_link_clicks_total\{action="upload",outcome="ok"\} [1-9]/m,
        /^onboarding_emails_sent_total\{step="prepare-connection"\} \d+/m,
        /^onboarding_document_upload_bytes_count\{media_type="application\/pdf"\} [1-9]/m,
        /^onboarding_cases_waiting\{process_type="connection",stage="awaiting-preparation"\} 1/m,
        new RegExp(`^onboarding_processes_started\\{.*process_type="connection",${queue}.*\\} 2$`, 'm'),
        new RegExp(
          `^onboarding_processes_completed\\{.*outcome="connected",process_type="connection",${queue}.*\\} 1$`,
          'm',
        ),
        /^temporal_workflow_completed\{/m,
        /^temporal_worker_task_slots_available\{/m,
      ]) {
        assert.match(text, series);
      }
      assert.ok(!text.includes(karen.email) && !text.includes('Karen'), 'no personal data in metrics');
      if (process.env.PRINT_METRICS) console.log(text);
    });

    it('cancels a case from the command line', async () => {
      assert.match(await ops('cancel', regionCase, '--reason', 'Duplicate request'), /cancelled/);
      await stack.client.workflow.getHandle(regionCase).result();
      const shown = JSON.parse(await ops('show', regionCase, '--json'));
      assert.equal(shown.stage, 'cancelled');
    });
  });
});
