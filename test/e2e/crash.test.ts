// Crash anywhere: 20 connections (both paths, through mailed links and the dev login) and a 2,000-user bulk
// activation run while a seeded random schedule SIGKILLs the worker, the API and the Temporal dev server,
// each started again on the same DATA_DIR. At the end every process is where it should be, SMTP received
// every expected Message-ID (and none other), no business row is doubled and every audit key is unique.
//
// "Exactly once" here means what a recipient can see: each expected message reached the mailbox under its
// one Message-ID. SMTP itself may have been handed a message twice when a worker died between SMTP's
// acceptance and the outbox update; that is counted raw, and must never exceed the outbox's own attempts.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { eq } from 'drizzle-orm';
import { activationBatches, documents, users, outbox } from '../../db/schema';
import { listMail, mailDir } from '../../dev/mail-store';
import { stepTitles } from '../../domain/steps';
import type { ActivationProgress } from '../../workflows/bulk-activation.messages';
import { auditRows } from '../support/audit';
import { loginAs } from '../support/login';
import type { JsonAnswer } from '../support/operator-http';
import { startSystemProcesses, type Component, type SystemProcesses } from '../support/system-processes';
import { nemidExport, postExport, seedActiveOrganization } from '../support/user-fixtures';
import { eventually } from '../support/wait';

const seed = Number(process.env.CRASH_SEED ?? 20261129);
const connectionsPerPath = 10;
const userCount = 2000;
const killsPerPart = 2;
/**
 * Mails per connection: prepare, approve, receipt, setup link; on the registrant path the registrant gets a
 * receipt too, and both are told when the approval waits for the document review.
 */
const mailsPerDirect = 4;
const mailsPerRegistrant = 7;
const expectedMails = userCount + connectionsPerPath * (mailsPerDirect + mailsPerRegistrant);
const deadlineMs = 600_000;

const pdf = readFileSync(join(__dirname, '..', 'fixtures', 'documents', 'payslip.pdf'));

/** mulberry32: a small seeded generator, so a failing schedule can be run again with CRASH_SEED. */
function seededRandom(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waiting through the kills, until the test's deadline at the most. */
const untilDeadline = (deadline: number) => ({ timeoutMs: Math.max(0, deadline - Date.now()), intervalMs: 200 });

/**
 * One HTTP call, repeated while the API is down or answers 5xx (a part of the system restarting); any
 * other answer is the caller's to judge. Bounded by the test's deadline.
 */
function untilAnswered(deadline: number, call: () => Promise<Response>): Promise<JsonAnswer> {
  return eventually(
    'the system to answer',
    async () => {
      try {
        const response = await call();
        const text = await response.text();
        if (response.status >= 500) return undefined;
        return {
          status: response.status,
          body: text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text,
        };
      } catch {
        // A refused or cut connection: the API is being restarted.
        return undefined;
      }
    },
    untilDeadline(deadline),
  );
}

interface Person {
  name: string;
  email: string;
}

interface ConnectionPlan {
  path: 'direct' | 'registrant';
  connectionId: string;
  start: Record<string, unknown>;
  /** Who prepares, who approves (the same person on the direct path). */
  preparer: Person;
  approver: Person;
  admin: Person;
}

type Register = Record<string, { name: string; representatives: unknown[] }>;

/** Karen Holm, a representative of CVR 12345678 in the dev register fixture, as the dev login knows her. */
const karenHolm = { name: 'Karen Holm', email: 'karen.holm@nordisk-test.dk' };

/**
 * Ten more companies that Karen Holm represents, listed as the dev fixture lists her (whatever it records to
 * identify her), and the plan of each connection.
 */
function plans(register: Register): ConnectionPlan[] {
  const fixture = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'dev', 'fixtures', 'company-register.json'), 'utf8'),
  ) as { companies: Register };
  const all: ConnectionPlan[] = [];
  for (let i = 0; i < connectionsPerPath; i++) {
    const cvr = String(90000000 + i);
    const representative = karenHolm;
    register[cvr] = { name: `Crash Direkte ${i} ApS`, representatives: fixture.companies['12345678']!.representatives };
    all.push({
      path: 'direct',
      connectionId: `dk-cvr-${cvr}`,
      start: {
        organization: { name: register[cvr]!.name, kind: 'company', country: 'DK', cvr },
        initiator: { role: 'representative', ...representative },
      },
      preparer: representative,
      approver: representative,
      admin: { name: `Ada Admin${i}`, email: `ada.admin${i}@crash-direct.dk` },
    });
    const registrant = { name: `Rikke Registrant${i}`, email: `rikke.registrant${i}@crash-region.dk` };
    const approver = { name: `Rasmus Direktør${i}`, email: `rasmus.direktoer${i}@crash-region.dk` };
    all.push({
      path: 'registrant',
      connectionId: `dk-region-region-crash-${i}`,
      start: {
        organization: { name: `Region Crash ${i}`, kind: 'region', country: 'DK' },
        initiator: { role: 'registrant', ...registrant },
        representative: approver,
      },
      preparer: registrant,
      approver,
      admin: { name: `Alma Admin${i}`, email: `alma.admin${i}@crash-region.dk` },
    });
  }
  return all;
}

/** Moves one connection along, from whatever stage it is in, until it is connected; every call may be cut by a kill. */
async function driveConnection(system: SystemProcesses, plan: ConnectionPlan, deadline: number): Promise<void> {
  const sessions = new Map<string, string>();
  const session = async (person: Person) => {
    const cookie =
      sessions.get(person.email) ??
      (await eventually(
        `${person.email} to log in`,
        async () => (await loginAs(system.baseUrl, person).catch(() => undefined))?.cookie,
        untilDeadline(deadline),
      ));
    sessions.set(person.email, cookie);
    return cookie;
  };
  const organizationName = (plan.start.organization as { name: string }).name;
  const latestLink = async (person: Person, step: 'prepare-connection' | 'approve-connection') => {
    const mail = (await listMail(mailDir(system.dataDir), { to: person.email })).find(
      (m) => m.subject.startsWith(stepTitles[step].da) && m.subject.endsWith(organizationName),
    );
    return mail?.links.find((url) => url.includes('/l/'));
  };
  const json = (cookie: string, body?: unknown): RequestInit => ({
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      accept: 'application/json',
      cookie,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const submit = async (person: Person, link: string, body: unknown) => {
    const answer = await untilAnswered(deadline, async () => fetch(link, json(await session(person), body)));
    // A session the API no longer accepts: log in again; anything else shows in the next stage read.
    if (answer.status === 401) sessions.delete(person.email);
  };

  let stage = 'not started';
  for (;;) {
    if (Date.now() > deadline)
      throw new Error(`${plan.connectionId} did not get connected before the deadline (${stage})`);
    const status = await untilAnswered(deadline, () => system.fetchApi('GET', `/api/connections/${plan.connectionId}`));
    if (status.status === 404) {
      await untilAnswered(deadline, () => system.fetchApi('POST', '/api/connections', plan.start));
      continue;
    }
    stage = status.body.stage;
    if (stage === 'connected') return;
    if (stage === 'awaiting-preparation') {
      const link = await latestLink(plan.preparer, 'prepare-connection');
      if (link) {
        // The workflow lists a document only once the step is submitted; the API's row says it was attached.
        const attached = await system.db
          .select({ id: documents.documentId })
          .from(documents)
          .where(eq(documents.workflowId, `connection-${plan.connectionId}`));
        if (plan.path === 'registrant' && attached.length === 0) {
          const form = new FormData();
          form.append('documentType', 'payslip');
          form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'lønseddel.pdf');
          const cookie = await session(plan.preparer);
          await untilAnswered(deadline, () =>
            fetch(`${link}/documents`, { method: 'POST', body: form, headers: { cookie, accept: 'application/json' } }),
          );
          continue;
        }
        await submit(plan.preparer, link, { administrators: [plan.admin] });
        continue;
      }
    } else if (stage === 'awaiting-approval') {
      const link = await latestLink(plan.approver, 'approve-connection');
      if (link) {
        const page = await untilAnswered(deadline, async () => fetch(link, json(await session(plan.approver))));
        const termsVersion = page.body?.context?.termsVersion;
        if (termsVersion) await submit(plan.approver, link, { decision: 'approve', acceptTerms: true, termsVersion });
        continue;
      }
    } else if (stage === 'awaiting-document-review') {
      for (const document of status.body.documents.filter((d: { status: string }) => d.status === 'pending')) {
        await untilAnswered(deadline, () =>
          system.fetchApi('POST', `/api/connections/${plan.connectionId}/documents/${document.documentId}/review`, {
            decision: 'approve',
          }),
        );
      }
      continue;
    } else {
      throw new Error(`${plan.connectionId} is in an unexpected stage: ${stage}`);
    }
    // The mail with the step's link is not there yet. Each status read is a query the worker answers: not too often.
    await pause(1000);
  }
}

/** Imports 2,000 users and activates them all, each call repeated through kills; resolves once every e-mail is out. */
async function driveActivation(
  system: SystemProcesses,
  orgId: string,
  deadline: number,
): Promise<{ batchId: string; progress: ActivationProgress }> {
  const key = system.config.env.OPERATOR_API_KEY;
  // A cut import may be repeated: rows already imported are refused as duplicates, never imported twice.
  await eventually(
    'the import',
    async () => {
      const imported = await postExport(system.baseUrl, key, orgId, nemidExport(userCount, `${orgId}.example`)).catch(
        () => undefined,
      );
      return imported && imported.status < 500;
    },
    untilDeadline(deadline),
  );
  const batchId: string = await eventually(
    'the activation batch',
    async () => {
      const started = await untilAnswered(deadline, () =>
        system.fetchApi('POST', `/api/organizations/${orgId}/activations`, { all: true, loginMethod: 'private' }),
      );
      // When the answer was lost, the batch that took every user is in the database.
      return started.status === 202
        ? started.body.batchId
        : (await system.db.select().from(activationBatches)).find((b) => b.orgId === orgId)?.batchId;
    },
    untilDeadline(deadline),
  );
  let progress: JsonAnswer | undefined;
  await eventually(
    () => `the activation to finish: ${JSON.stringify(progress?.body)}`,
    async () => {
      progress = await untilAnswered(deadline, () =>
        system.fetchApi('GET', `/api/organizations/${orgId}/activations/${batchId}`),
      );
      return progress.status === 200 && progress.body.done;
    },
    { ...untilDeadline(deadline), intervalMs: 500 },
  );
  return { batchId, progress: progress!.body };
}

interface Kill {
  part: Component['name'];
  /** Distinct Message-IDs SMTP has received when the kill comes. */
  atMails: number;
  /** How long the part stays dead. */
  downMs: number;
}

/** Each part killed `killsPerPart` times, in a seeded order, at seeded points of the mail flow. */
function killSchedule(random: () => number): Kill[] {
  const parts: Component['name'][] = [];
  for (let i = 0; i < killsPerPart; i++) parts.push('worker', 'api', 'temporal');
  for (let i = parts.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [parts[i], parts[j]] = [parts[j]!, parts[i]!];
  }
  // In the first 40 % of the flow: a restart can take many seconds while the rest of the system keeps
  // mailing, so later points could be passed before the kills before them are through.
  const points = parts.map(() => Math.floor(expectedMails * (0.03 + random() * 0.37))).sort((a, b) => a - b);
  return parts.map((part, i) => ({ part, atMails: points[i]!, downMs: Math.floor(random() * 2000) }));
}

function duplicates(db: SystemProcesses['db'], query: string): unknown[] {
  return db.$client.prepare(query).all();
}

describe('crash anywhere (separate processes, SIGKILL)', () => {
  it('connects 20 organisations and activates 2,000 users exactly once while the worker, the API and Temporal are killed', async function () {
    this.timeout(deadlineMs + 120_000);
    const began = Date.now();
    const random = seededRandom(seed);
    const schedule = killSchedule(random);
    console.log(
      `      crash seed ${seed} (CRASH_SEED=${seed} repeats it); kills: ${schedule.map((k) => `${k.part}@${k.atMails}`).join(', ')}`,
    );

    const register: Register = {};
    const connections = plans(register);
    const registerFile = join(mkdtempSync(join(tmpdir(), 'crash-register-')), 'company-register.json');
    writeFileSync(registerFile, JSON.stringify({ companies: register }));

    const received = new Map<string, number>();
    const system = await startSystemProcesses({
      env: { COMPANY_REGISTER_FILE: registerFile },
      smtp: {
        onReceived: ({ messageId }) =>
          received.set(messageId ?? '(none)', (received.get(messageId ?? '(none)') ?? 0) + 1),
      },
    });
    const deadline = Date.now() + deadlineMs;
    let passed = false;
    try {
      const orgId = 'dk-cvr-crash-activation';
      await seedActiveOrganization(system.db, orgId);

      let working = true;
      const kills: string[] = [];
      // A kill whose point the flow never reached (it ended first) still comes, after the work: the
      // restarted system must then send nothing twice either.
      const killer = (async () => {
        for (const kill of schedule) {
          await eventually(
            `${kill.atMails} mails before the kill of the ${kill.part}`,
            () => received.size >= kill.atMails || !working,
            { ...untilDeadline(deadline), intervalMs: 20 },
          );
          const part = system.parts[kill.part];
          await part.kill();
          kills.push(`${kill.part} at ${received.size} mails${working ? '' : ' (after the work)'}`);
          console.log(`      ${Math.round((Date.now() - began) / 1000)} s: killed ${kills.at(-1)}`);
          await pause(kill.downMs);
          await part.start();
        }
      })();
      const driven = Promise.all([
        driveActivation(system, orgId, deadline),
        ...connections.map((plan) => driveConnection(system, plan, deadline)),
      ]);
      const [activation] = await driven.finally(() => {
        working = false;
      });
      await killer;
      // Every kill came, and each part is running again.
      assert.ok(kills.length >= 5, `at least five kills, got ${kills.length}: ${kills.join('; ')}`);
      for (const part of Object.values(system.parts)) assert.ok(part.running(), `${part.name} is running`);

      // Where every process should be.
      assert.equal(activation.progress.emailed, userCount);
      const statuses = system.db.$client
        .prepare('SELECT status, count(*) AS n FROM users WHERE org_id = ? GROUP BY status')
        .all(orgId);
      assert.deepEqual(statuses, [{ status: 'activation_pending', n: userCount }]);
      for (const plan of connections) {
        const status = await untilAnswered(deadline, () =>
          system.fetchApi('GET', `/api/connections/${plan.connectionId}`),
        );
        assert.equal(status.body.stage, 'connected', plan.connectionId);
        // The setup is a process of its own, started as the connection ends: it may not have begun yet.
        const setup = await eventually(
          `the setup of ${plan.connectionId}`,
          async () => {
            const answer = await untilAnswered(deadline, () =>
              system.fetchApi('GET', `/api/cases/setup-${plan.connectionId}`),
            );
            return answer.status !== 404 && answer;
          },
          untilDeadline(deadline),
        );
        assert.deepEqual(
          setup.body.pendingSteps?.map((s: { step: string; recipient: Person }) => [s.step, s.recipient.email]),
          [['setup-organization', plan.admin.email]],
          `${plan.connectionId}: its setup waits for the administrator`,
        );
      }

      // Every expected e-mail arrived under one Message-ID, none other; raw SMTP deliveries per Message-ID.
      await waitForOutbox(system, deadline);
      const sent = await system.db
        .select({ messageId: outbox.messageId, attempts: outbox.attempts, status: outbox.status })
        .from(outbox);
      assert.equal(sent.length, expectedMails, 'one outbox row per expected e-mail');
      assert.ok(sent.every((row) => row.status === 'sent'));
      assert.equal(received.size, expectedMails, 'distinct Message-IDs received by SMTP = expected e-mails');
      assert.deepEqual(
        [...received.keys()].sort(),
        sent.map((row) => row.messageId).sort(),
        'SMTP received exactly the outbox messages',
      );
      const handedTwice = sent.filter((row) => (received.get(row.messageId) ?? 0) > 1);
      for (const row of handedTwice)
        assert.ok(
          received.get(row.messageId)! <= row.attempts,
          `${row.messageId} reached SMTP no more often than the outbox handed it over`,
        );
      const stored = (await listMail(mailDir(system.dataDir))).map((mail) => mail.messageId);
      assert.equal(stored.length, expectedMails, 'the mailbox holds each message once');
      assert.equal(new Set(stored).size, expectedMails);

      // No business row doubled.
      const db = system.db;
      assert.deepEqual(
        duplicates(db, 'SELECT org_id, email FROM users GROUP BY org_id, email HAVING count(*) > 1'),
        [],
      );
      assert.equal((await db.select().from(users)).length, userCount);
      assert.deepEqual(
        duplicates(
          db,
          'SELECT workflow_id, step, step_key, recipient_email FROM action_links GROUP BY workflow_id, step, step_key, recipient_email HAVING count(*) > 1',
        ),
        [],
      );
      assert.deepEqual(
        duplicates(
          db,
          'SELECT workflow_id, step, recipient FROM outbox GROUP BY workflow_id, step, recipient, subject HAVING count(*) > 1',
        ),
        [],
      );
      for (const plan of connections.filter((p) => p.path === 'registrant')) {
        const workflowId = `connection-${plan.connectionId}`;
        const listed = (
          await untilAnswered(deadline, () => system.fetchApi('GET', `/api/connections/${plan.connectionId}`))
        ).body.documents.map((d: { documentId: string }) => d.documentId);
        const rows = (
          await db
            .select({ documentId: documents.documentId })
            .from(documents)
            .where(eq(documents.workflowId, workflowId))
        ).map((d) => d.documentId);
        assert.deepEqual(
          rows.sort(),
          listed.sort(),
          `${plan.connectionId}: a row for each attached document, none other`,
        );
        assert.ok(rows.length >= 1);
      }
      assert.equal((await db.select().from(activationBatches)).length, 1);
      assert.deepEqual(
        duplicates(db, 'SELECT org_id, email FROM administrators GROUP BY org_id, email HAVING count(*) > 1'),
        [],
      );
      assert.deepEqual(
        duplicates(db, 'SELECT org_id, version FROM terms_acceptances GROUP BY org_id, version HAVING count(*) > 1'),
        [],
      );
      const auditKeys = (await auditRows(system)).map((e) => e.eventKey);
      assert.equal(new Set(auditKeys).size, auditKeys.length, 'audit keys unique');
      assert.deepEqual(
        duplicates(
          db,
          "SELECT workflow_id, action, outcome FROM audit_events WHERE workflow_id LIKE 'connection-%' AND actor = 'system' GROUP BY workflow_id, action, outcome HAVING count(*) > 1",
        ),
        [],
        'each step of a connection invited once',
      );

      const seconds = Math.round((Date.now() - began) / 1000);
      const raw = [...received.values()].reduce((a, b) => a + b, 0);
      console.log(
        `      ${kills.length} kills (${kills.join('; ')}); ${received.size} distinct Message-IDs, ${raw} SMTP deliveries (${handedTwice.length} handed twice); ${seconds} s`,
      );
      passed = true;
    } finally {
      await system.stop();
      // A failed run keeps its DATA_DIR (the parts' logs, both databases, the mail) for whoever looks into it.
      if (passed)
        for (const dir of [system.dataDir, dirname(registerFile)]) rmSync(dir, { recursive: true, force: true });
      else console.log(`      kept ${system.dataDir}`);
    }
  });
});

/** The last sends finish after the drivers saw their stage: waits until no outbox row is pending. */
async function waitForOutbox(system: SystemProcesses, deadline: number): Promise<void> {
  let pending = 0;
  let total = 0;
  await eventually(
    () => `the outbox: ${pending} e-mails still pending, ${total} of ${expectedMails} written`,
    () => {
      const count = (query: string) => (system.db.$client.prepare(query).get() as { n: number }).n;
      pending = count("SELECT count(*) AS n FROM outbox WHERE status != 'sent'");
      total = count('SELECT count(*) AS n FROM outbox');
      return pending === 0 && total >= expectedMails;
    },
    untilDeadline(deadline),
  );
}
