// The click path's and the mail path's statements are prepared once per database (db/prepared.ts). What they
// write and read stays what it was, on both dialects; each database gets its own; an audit row appended inside
// a transaction (prepared on the transaction's instance) is kept or undone with that transaction, which no
// other statement slips into; and on PostgreSQL each is a named statement, parsed once per connection.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import { appendAudit, type AuditEvent } from '../../db/audit';
import { createSession, findSession } from '../../api/session';
import { replaceMeansActivation, useMeansActivation } from '../../db/means-activations';
import {
  asPostgres,
  closeDatabase,
  compiledStatementLimit,
  databaseFile,
  openAppDatabase,
  openDatabase,
  sqliteConnection,
  type Db,
} from '../../db/open';
import { countAttempt, findOutboxRow, markSent, saveOutboxRow } from '../../db/outbox';
import { preparedFor } from '../../db/prepared';
import { actionLinks, auditEvents, organizations } from '../../db/schema';
import { tables } from '../../db/tables';
import { currentTerms, findTermsVersion, saveTermsVersion } from '../../db/terms';
import { transaction } from '../../db/transaction';
import { assignActivationGroup, batchMembersAfter, claimUsersForBatch, recordActivationOutcome } from '../../db/users';
import { activatableStatuses } from '../../domain/users';
import { findLink, markLinkUsed, saveLink } from '../../links/store';
import { createPostgresDatabase, describeWithPostgres } from '../support/postgres';
import { seedActiveOrganization } from '../support/user-fixtures';

const link = {
  linkId: 'link-1',
  workflowId: 'connection-dk-cvr-12345678',
  step: 'approve-connection',
  stepKey: null,
  recipientEmail: 'lise.lund@fjordhavn-test.dk',
  language: 'da',
  expiresAt: '2026-12-14T08:00:00.000Z',
};

const event = (eventKey: string): AuditEvent => ({
  eventKey,
  at: '2026-11-30T08:00:00.000Z',
  actor: 'person:0123456789abcdef',
  orgId: 'dk-cvr-12345678',
  action: 'connection',
  outcome: 'connected',
  details: { administrators: 1, termsVersion: '2023-01' },
});

const auditRows = (db: Db) => db.select().from(auditEvents);

/** Every prepared statement's name: on PostgreSQL, what a connection that ran each once has prepared. */
const statementNames = [
  'audit.append',
  'links.find',
  'links.markUsed',
  'links.save',
  'meansActivations.find',
  'meansActivations.markUsed',
  'outbox.countAttempt',
  'outbox.find',
  'outbox.markSent',
  'outbox.save',
  'sessions.find',
  'terms.current',
  'terms.find',
  'users.membersAfter',
  'users.recordMemberOutcome',
  'users.recordOutcome',
];

/** Runs each prepared statement (`statementNames`) at least once, checking what it reads and writes. */
async function runEveryPreparedStatement(db: Db): Promise<void> {
  await saveLink(db, link);
  assert.equal((await findLink(db, link.linkId))?.recipientEmail, link.recipientEmail);
  assert.equal(await markLinkUsed(db, link.linkId, new Date()), true);
  await appendAudit(db, event('connection-1:connected'));
  const session = { subject: 'a'.repeat(64), name: 'Lise Lund' };
  assert.deepEqual(await findSession(db, await createSession(db, session)), session);
  const terms = await currentTerms(db);
  assert.equal((await findTermsVersion(db, terms.version))?.title, terms.title);

  const message = {
    idempotencyKey: 'connection-dk-cvr-12345678|approve-connection|0|invitation',
    workflowId: link.workflowId,
    step: 'approve-connection',
    recipient: link.recipientEmail,
    messageIdDomain: 'onboarding.test',
  };
  const rendered = { subject: 'Godkend forbindelsen', text: 'Kære Lise', html: '<p>Kære Lise</p>' };
  assert.equal((await saveOutboxRow(db, message, rendered)).subject, rendered.subject);
  assert.equal((await saveOutboxRow(db, message, { ...rendered, subject: 'again' })).subject, rendered.subject);
  await countAttempt(db, message.idempotencyKey);
  await markSent(db, message.idempotencyKey);
  const sent = await findOutboxRow(db, message.idempotencyKey);
  assert.deepEqual([sent?.status, sent?.attempts], ['sent', 1]);

  const orgId = 'dk-cvr-87654321';
  const { users, activationBatchUsers } = tables(db);
  await seedActiveOrganization(db, orgId);
  const person = (n: number) => ({ name: `User ${n}`, email: `user${n}@${orgId}.example` });
  await db.insert(users).values(
    [1, 2].map((n) => ({
      userId: `user-${n}`,
      orgId,
      ...person(n),
      nemidUserId: `RID:${n}`,
      importedAt: '2026-11-30',
    })),
  );
  const at = new Date().toISOString();
  const batch = { batchId: 'batch-1', orgId, loginMethod: 'private', requestedBy: 'operator:test', at };
  await claimUsersForBatch(db, { ...batch, activatable: activatableStatuses, admit: () => undefined });
  const members = await batchMembersAfter(db, 'batch-1', '', 10);
  assert.deepEqual(
    members,
    [1, 2].map((n) => ({ userId: `user-${n}`, ...person(n) })),
  );
  assert.deepEqual(await batchMembersAfter(db, 'batch-1', 'user-1', 10), [members[1]]);
  const workflowId = 'user-activation-1';
  await assignActivationGroup(db, 'batch-1', ['user-1', 'user-2'], workflowId);
  const outcome = (userId: string) => ({ orgId, userId, workflowId, status: 'active' as const });
  const audit = (userId: string) => ({ ...event(`activate-user:${userId}`), action: 'activate-user' });
  const corrected = { name: 'Someone Else', email: 'someone.else@example.com' };
  await recordActivationOutcome(db, outcome('user-1'), audit('user-1'));
  await recordActivationOutcome(db, { ...outcome('user-2'), correctedTo: corrected }, audit('user-2'));
  assert.deepEqual(
    (await db.select().from(users).orderBy(users.userId)).map(({ status, name, email }) => ({ status, name, email })),
    [
      { status: 'active', ...person(1) },
      { status: 'active', ...corrected },
    ],
  );
  assert.deepEqual(
    (await db.select().from(activationBatchUsers)).map((row) => row.status),
    ['active', 'active'],
  );

  await replaceMeansActivation(
    db,
    {
      activationId: 'means-1',
      codeHash: 'c'.repeat(64),
      orgId,
      userId: 'user-1',
      workflowId,
      linkId: link.linkId,
      means: 'app',
      expiresAt: '2099-01-01T00:00:00.000Z',
    },
    at,
  );
  assert.equal((await useMeansActivation(db, 'c'.repeat(64), at)).ok, true);
  assert.deepEqual(await useMeansActivation(db, 'c'.repeat(64), at), { ok: false, reason: 'used' });
}

describe('prepared statements on the click path', () => {
  let db: Db;
  beforeEach(async () => {
    db = await openDatabase(databaseFile(mkdtempSync(join(tmpdir(), 'prepared-'))));
  });
  afterEach(() => db.$client.close());

  it('runs every prepared statement as it reads and writes', () => runEveryPreparedStatement(db));

  it('refuses a second scope of the same name: two statements would share one name', () => {
    assert.throws(() => preparedFor('links', () => ({})), /scope "links" is named twice/);
  });

  it('saves a link once, finds it, and marks it used for one caller only', async () => {
    await saveLink(db, link);
    await saveLink(db, { ...link, recipientEmail: 'someone.else@example.com' });
    const saved = await findLink(db, 'link-1');
    assert.equal(saved?.recipientEmail, link.recipientEmail, 'the first save wins');
    assert.equal(saved?.usedAt, null);
    assert.equal(await findLink(db, 'link-2'), undefined);
    const at = new Date('2026-11-30T09:00:00.000Z');
    assert.equal(await markLinkUsed(db, 'link-1', at), true);
    assert.equal(await markLinkUsed(db, 'link-1', new Date()), false);
    assert.equal((await findLink(db, 'link-1'))?.usedAt, at.toISOString());
  });

  it('prepares for each database on its own: a link saved in one is not in another', async () => {
    const other = await openDatabase(':memory:');
    await saveLink(other, link);
    assert.equal(await findLink(db, 'link-1'), undefined);
    assert.equal((await findLink(other, 'link-1'))?.linkId, 'link-1');
    other.$client.close();
  });

  it('appends an audit row once per key, its details as written, absent fields as null', async () => {
    await appendAudit(db, event('connection-1:connected'));
    await appendAudit(db, { ...event('connection-1:connected'), outcome: 'again' });
    await appendAudit(db, {
      eventKey: 'login:1',
      at: '2026-11-30T08:01:00.000Z',
      actor: 'person:x',
      action: 'login',
      outcome: 'succeeded',
    });
    const [first, login] = await auditRows(db);
    assert.equal((await auditRows(db)).length, 2);
    assert.deepEqual(
      { outcome: first!.outcome, details: first!.details },
      { outcome: 'connected', details: { administrators: 1, termsVersion: '2023-01' } },
    );
    assert.deepEqual(
      { orgId: login!.orgId, workflowId: login!.workflowId, details: login!.details },
      { orgId: null, workflowId: null, details: null },
    );
  });

  it('keeps at most a bounded number of compiled statements, dropping the least recently used', async () => {
    const { statements } = sqliteConnection(db);
    await findLink(db, 'link-1');
    const [click, compiled] = [...statements].at(-1)!;
    // Each list length is a statement of its own; a click runs between them.
    for (let length = 1; length <= compiledStatementLimit + 100; length++) {
      const ids = Array.from({ length }, (_, n) => `link-${n}`);
      assert.deepEqual(await db.select().from(actionLinks).where(inArray(actionLinks.linkId, ids)), []);
      await findLink(db, 'link-1');
    }
    assert.equal(statements.size, compiledStatementLimit);
    assert.equal(statements.get(click), compiled, 'the statement every click runs stays compiled, never again');
  });

  describe('a transaction', () => {
    const organization = {
      orgId: 'dk-cvr-12345678',
      name: 'Fjordhavn Logistik A/S',
      kind: 'company',
      country: 'DK',
      language: 'da',
      status: 'connected' as const,
      connectedAt: '2026-11-30T08:00:00.000Z',
    };

    it('keeps an audit row appended in it when it commits, and undoes it with one that fails', async () => {
      await assert.rejects(
        transaction(db, async (tx) => {
          await tx.insert(organizations).values(organization);
          await appendAudit(tx, event('connection-1:connected'));
          throw new Error('the activity fails after writing');
        }),
        /the activity fails after writing/,
      );
      assert.deepEqual(await auditRows(db), []);
      assert.deepEqual(await db.select().from(organizations), []);
      await transaction(db, async (tx) => {
        await tx.insert(organizations).values(organization);
        await appendAudit(tx, event('connection-1:connected'));
      });
      assert.equal((await auditRows(db)).length, 1);
    });

    it('keeps another request’s statement out while it is open: that one waits, and is not undone with it', async () => {
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const failing = transaction(db, async (tx) => {
        await tx.insert(organizations).values(organization);
        entered();
        await released;
        throw new Error('the activity fails after writing');
      });
      await inside;
      const outside = appendAudit(db, event('login:1'));
      release();
      await assert.rejects(failing, /the activity fails after writing/);
      await outside;
      assert.deepEqual(
        (await auditRows(db)).map((row) => row.eventKey),
        ['login:1'],
      );
      assert.deepEqual(await db.select().from(organizations), []);
    });

    it('runs one at a time on a connection: the second begins once the first has ended', async () => {
      const order: string[] = [];
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const first = transaction(db, async (tx) => {
        order.push('first begins');
        await released;
        await tx.insert(organizations).values(organization);
        order.push('first ends');
      });
      const second = transaction(db, async (tx) => {
        order.push('second begins');
        return (await tx.select().from(organizations)).length;
      });
      release();
      await first;
      assert.equal(await second, 1, 'the second sees what the first committed');
      assert.deepEqual(order, ['first begins', 'first ends', 'second begins']);
    });
  });

  it('reads the session behind a cookie until it expires', async () => {
    const now = Date.parse('2026-11-30T08:00:00.000Z');
    const id = await createSession(db, { subject: 'a'.repeat(64), name: 'Lise Lund' }, now);
    assert.deepEqual(await findSession(db, id, now + 1000), { subject: 'a'.repeat(64), name: 'Lise Lund' });
    assert.equal(await findSession(db, id, now + 31 * 60_000), undefined);
    assert.equal(await findSession(db, 'unknown', now), undefined);
  });

  it('reads the terms in effect at a moment, and a version by its name', async () => {
    const initial = await currentTerms(db);
    await saveTermsVersion(db, {
      version: '2027-01',
      title: 'Vilkår 2027',
      url: 'https://example.dk/vilkaar/2027-01',
      text: null,
      kind: 'update',
      contentHash: 'b'.repeat(64),
      publishedAt: '2026-11-30T08:00:00.000Z',
      effectiveAt: '2027-01-01T00:00:00.000Z',
    });
    assert.equal((await currentTerms(db, new Date('2026-12-31T23:59:59.000Z'))).version, initial.version);
    assert.equal((await currentTerms(db, new Date('2027-01-01T00:00:00.000Z'))).version, '2027-01');
    assert.equal((await findTermsVersion(db, '2027-01'))?.title, 'Vilkår 2027');
    assert.equal(await findTermsVersion(db, '1999-01'), undefined);
  });
});

describeWithPostgres('prepared statements on PostgreSQL', () => {
  let db: Db;
  before(async () => {
    db = await openAppDatabase({ databaseUrl: await createPostgresDatabase(), dataDir: tmpdir() });
  });
  after(() => closeDatabase(db));

  it('runs each as a named statement, which the connection keeps parsed for its next call', async () => {
    await runEveryPreparedStatement(db);
    const pool = asPostgres(db).$client;
    assert.equal(pool.totalCount, 1, 'one call after another: all on one pooled connection');
    const { rows } = await pool.query<{ name: string }>('SELECT name FROM pg_prepared_statements');
    assert.deepEqual(rows.map((row) => row.name).sort(), [...statementNames].sort());
  });
});
