// The load the system-level tests put on separate processes (test/e2e/crash.test.ts, test/multi-node/): 20
// connections (both paths, through mailed links and the dev login, a document upload on the registrant's) and a
// bulk activation, each call repeated while a part of the system is down, and the checks of where it all ended:
// each process where it should be, every e-mail received once under its one Message-ID, no business row doubled.
//
// "Exactly once" here means what a recipient can see: each expected message reached the mailbox under its
// one Message-ID. SMTP itself may have been handed a message twice when a worker died between SMTP's
// acceptance and the outbox update; that is counted raw, and must never exceed the outbox's own attempts.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { and, count, eq, like, ne, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/open';
import { tables } from '../../db/tables';
import { listMail, mailDir } from '../../dev/mail-store';
import { stepTitles } from '../../domain/steps';
import type { ActivationProgress } from '../../workflows/bulk-activation.messages';
import { auditRows } from './audit';
import { loginAs, type Route } from './login';
import type { JsonAnswer } from './operator-http';
import type { SystemProcesses } from './system-processes';
import { nemidExport, postExport } from './user-fixtures';
import { eventually } from './wait';

export const connectionsPerPath = 10;
/**
 * Mails per connection: prepare, approve, receipt, setup link; on the registrant path the registrant gets a
 * receipt too, and both are told when the approval waits for the document review.
 */
const mailsPerDirect = 4;
const mailsPerRegistrant = 7;
export const connectionMails = connectionsPerPath * (mailsPerDirect + mailsPerRegistrant);

/** The document every registrant uploads. */
export const payslip = readFileSync(join(__dirname, '..', 'fixtures', 'documents', 'payslip.pdf'));

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waiting through the kills, until the test's deadline at the most. */
export const untilDeadline = (deadline: number) => ({
  timeoutMs: Math.max(0, deadline - Date.now()),
  intervalMs: 200,
});

/**
 * One HTTP call, repeated while the API is down or answers 5xx (a part of the system restarting); any
 * other answer is the caller's to judge. Bounded by the test's deadline.
 */
export function untilAnswered(deadline: number, call: () => Promise<Response>): Promise<JsonAnswer> {
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

/** A load balancer taking turns: each request to `publicBaseUrl` goes to the next of `nodes`, the others where addressed. */
export function roundRobin(publicBaseUrl: string, nodes: string[]): Route {
  const publicOrigin = new URL(publicBaseUrl).origin;
  let turn = 0;
  return (url) =>
    url.origin === publicOrigin ? new URL(`${url.pathname}${url.search}`, nodes[turn++ % nodes.length]) : url;
}

export interface Person {
  name: string;
  email: string;
}

export interface ConnectionPlan {
  path: 'direct' | 'registrant';
  connectionId: string;
  start: Record<string, unknown>;
  /** Who prepares, who approves (the same person on the direct path). */
  preparer: Person;
  approver: Person;
  admin: Person;
}

/** The company register file's companies (COMPANY_REGISTER_FILE). */
export type Register = Record<string, { name: string; representatives: unknown[] }>;

/** Karen Holm, a representative of CVR 12345678 in the dev register fixture, as the dev login knows her. */
const karenHolm = { name: 'Karen Holm', email: 'karen.holm@nordisk-test.dk' };

/**
 * Ten companies that Karen Holm represents, put in `register` as the dev fixture lists her (whatever it records
 * to identify her), ten regions, and the plan of each connection; `label` names them (`Crash`: "Crash Direkte 0 ApS").
 */
export function plans(register: Register, label: string): ConnectionPlan[] {
  const fixture = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'dev', 'fixtures', 'company-register.json'), 'utf8'),
  ) as { companies: Register };
  const slug = label.toLowerCase();
  const all: ConnectionPlan[] = [];
  for (let i = 0; i < connectionsPerPath; i++) {
    const cvr = String(90000000 + i);
    const representative = karenHolm;
    register[cvr] = {
      name: `${label} Direkte ${i} ApS`,
      representatives: fixture.companies['12345678']!.representatives,
    };
    all.push({
      path: 'direct',
      connectionId: `dk-cvr-${cvr}`,
      start: {
        organization: { name: register[cvr]!.name, kind: 'company', country: 'DK', cvr },
        initiator: { role: 'representative', ...representative },
      },
      preparer: representative,
      approver: representative,
      admin: { name: `Ada Admin${i}`, email: `ada.admin${i}@${slug}-direct.dk` },
    });
    const registrant = { name: `Rikke Registrant${i}`, email: `rikke.registrant${i}@${slug}-region.dk` };
    const approver = { name: `Rasmus Direktør${i}`, email: `rasmus.direktoer${i}@${slug}-region.dk` };
    all.push({
      path: 'registrant',
      connectionId: `dk-region-region-${slug}-${i}`,
      start: {
        organization: { name: `Region ${label} ${i}`, kind: 'region', country: 'DK' },
        initiator: { role: 'registrant', ...registrant },
        representative: approver,
      },
      preparer: registrant,
      approver,
      admin: { name: `Alma Admin${i}`, email: `alma.admin${i}@${slug}-region.dk` },
    });
  }
  return all;
}

/**
 * Moves one connection along, from whatever stage it is in, until it is connected; every call may be cut by a
 * kill. `route` is the load balancer in front of the API nodes for the people's calls (logins, link clicks,
 * uploads); the operator's go to PUBLIC_BASE_URL.
 */
export async function driveConnection(
  system: SystemProcesses,
  plan: ConnectionPlan,
  deadline: number,
  route: Route = (url) => url,
): Promise<void> {
  const sessions = new Map<string, string>();
  const session = async (person: Person) => {
    const cookie =
      sessions.get(person.email) ??
      (await eventually(
        `${person.email} to log in`,
        async () => (await loginAs(system.baseUrl, person, undefined, route).catch(() => undefined))?.cookie,
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
  const routed = (url: string) => route(new URL(url));
  const submit = async (person: Person, link: string, body: unknown) => {
    const answer = await untilAnswered(deadline, async () => fetch(routed(link), json(await session(person), body)));
    // A session the API no longer accepts: log in again; anything else shows in the next stage read.
    if (answer.status === 401) sessions.delete(person.email);
  };
  const { documents } = tables(system.db);

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
          form.append('file', new Blob([new Uint8Array(payslip)], { type: 'application/pdf' }), 'lønseddel.pdf');
          const cookie = await session(plan.preparer);
          await untilAnswered(deadline, () =>
            fetch(routed(`${link}/documents`), {
              method: 'POST',
              body: form,
              headers: { cookie, accept: 'application/json' },
            }),
          );
          continue;
        }
        await submit(plan.preparer, link, { administrators: [plan.admin] });
        continue;
      }
    } else if (stage === 'awaiting-approval') {
      const link = await latestLink(plan.approver, 'approve-connection');
      if (link) {
        const page = await untilAnswered(deadline, async () => fetch(routed(link), json(await session(plan.approver))));
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

/** Imports `userCount` users and activates them all, each call repeated through kills; resolves once every e-mail is out. */
export async function driveActivation(
  system: SystemProcesses,
  orgId: string,
  userCount: number,
  deadline: number,
): Promise<{ batchId: string; progress: ActivationProgress }> {
  const key = system.config.env.OPERATOR_API_KEY;
  const { activationBatches } = tables(system.db);
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

/** The deliveries SMTP received, by Message-ID: the dev SMTP server's `onReceived`. */
export function deliveryCounter(): {
  received: Map<string, number>;
  onReceived: (message: { messageId?: string }) => void;
} {
  const received = new Map<string, number>();
  return {
    received,
    onReceived: ({ messageId }) => received.set(messageId ?? '(none)', (received.get(messageId ?? '(none)') ?? 0) + 1),
  };
}

/** The rows of `table` that share `columns` (and `where` holds) with another: none, where nothing is doubled. */
function doubled(db: Db, table: SQLiteTable, columns: SQLiteColumn[], where?: SQL): Promise<unknown[]> {
  return db
    .select(Object.fromEntries(columns.map((column) => [column.name, column])))
    .from(table)
    .where(where)
    .groupBy(...columns)
    .having(sql`count(*) > 1`);
}

/**
 * Where the work driven here should have ended: the activation of `orgId`'s `userCount` users done and each user
 * `activation_pending`; every connection connected, its setup waiting for the administrator; every expected
 * e-mail in the mailbox once under its outbox Message-ID; no business row doubled. Returns the Message-IDs
 * SMTP was handed more than once (each no more often than the outbox handed it over).
 */
export async function assertWorkloadDone(
  system: SystemProcesses,
  options: {
    orgId: string;
    userCount: number;
    activation: ActivationProgress;
    connections: ConnectionPlan[];
    received: Map<string, number>;
    deadline: number;
  },
): Promise<string[]> {
  const { orgId, userCount, connections, received, deadline } = options;
  const db = system.db;
  const t = tables(db);
  const expectedMails = userCount + connectionMails;

  assert.equal(options.activation.emailed, userCount);
  const statuses = await db
    .select({ status: t.users.status, n: count() })
    .from(t.users)
    .where(eq(t.users.orgId, orgId))
    .groupBy(t.users.status);
  assert.deepEqual(statuses, [{ status: 'activation_pending', n: userCount }]);
  for (const plan of connections) {
    const status = await untilAnswered(deadline, () => system.fetchApi('GET', `/api/connections/${plan.connectionId}`));
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
  let pending = 0;
  let total = 0;
  // The last sends finish after the drivers saw their stage.
  await eventually(
    () => `the outbox: ${pending} e-mails still pending, ${total} of ${expectedMails} written`,
    async () => {
      pending = (await db.select({ n: count() }).from(t.outbox).where(ne(t.outbox.status, 'sent')))[0]!.n;
      total = (await db.select({ n: count() }).from(t.outbox))[0]!.n;
      return pending === 0 && total >= expectedMails;
    },
    untilDeadline(deadline),
  );
  const sent = await db
    .select({ messageId: t.outbox.messageId, attempts: t.outbox.attempts, status: t.outbox.status })
    .from(t.outbox);
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
  assert.deepEqual(await doubled(db, t.users, [t.users.orgId, t.users.email]), []);
  assert.equal((await db.select({ n: count() }).from(t.users))[0]!.n, userCount);
  const links = t.actionLinks;
  assert.deepEqual(await doubled(db, links, [links.workflowId, links.step, links.stepKey, links.recipientEmail]), []);
  assert.deepEqual(
    await doubled(db, t.outbox, [t.outbox.workflowId, t.outbox.step, t.outbox.recipient, t.outbox.subject]),
    [],
  );
  for (const plan of connections.filter((p) => p.path === 'registrant')) {
    const workflowId = `connection-${plan.connectionId}`;
    const listed = (
      await untilAnswered(deadline, () => system.fetchApi('GET', `/api/connections/${plan.connectionId}`))
    ).body.documents.map((d: { documentId: string }) => d.documentId);
    const rows = (
      await db
        .select({ documentId: t.documents.documentId })
        .from(t.documents)
        .where(eq(t.documents.workflowId, workflowId))
    ).map((d) => d.documentId);
    assert.deepEqual(rows.sort(), listed.sort(), `${plan.connectionId}: a row for each attached document, none other`);
    assert.ok(rows.length >= 1);
  }
  assert.equal((await db.select().from(t.activationBatches)).length, 1);
  assert.deepEqual(await doubled(db, t.administrators, [t.administrators.orgId, t.administrators.email]), []);
  assert.deepEqual(await doubled(db, t.termsAcceptances, [t.termsAcceptances.orgId, t.termsAcceptances.version]), []);
  const auditKeys = (await auditRows(system)).map((e) => e.eventKey);
  assert.equal(new Set(auditKeys).size, auditKeys.length, 'audit keys unique');
  const audit = t.auditEvents;
  assert.deepEqual(
    await doubled(
      db,
      audit,
      [audit.workflowId, audit.action, audit.outcome],
      and(like(audit.workflowId, 'connection-%'), eq(audit.actor, 'system')),
    ),
    [],
    'each step of a connection invited once',
  );
  return handedTwice.map((row) => row.messageId);
}

/**
 * Stops every part; a run that passed leaves nothing behind (its DATA_DIR and `dirs` go), a failed one keeps its
 * DATA_DIR (the parts' logs, the SQLite databases, the mail) for whoever looks into it, and says where.
 */
export async function stopSystem(system: SystemProcesses, passed: boolean, dirs: string[]): Promise<void> {
  await system.stop();
  if (passed) for (const dir of [system.dataDir, ...dirs]) rmSync(dir, { recursive: true, force: true });
  else console.log(`      kept ${system.dataDir}`);
}
