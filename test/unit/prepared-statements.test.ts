// The click path's statements are prepared once per database (db/prepared.ts). What they write and read
// stays what it was; each database gets its own; and an audit row appended inside a transaction (prepared on
// the transaction's instance) is kept or undone with that transaction, which no other statement slips into.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import { appendAudit, type AuditEvent } from '../../db/audit';
import { createSession, findSession } from '../../api/session';
import { compiledStatementLimit, databaseFile, openDatabase, sqliteConnection, type Db } from '../../db/open';
import { actionLinks, auditEvents, organizations } from '../../db/schema';
import { currentTerms, findTermsVersion, saveTermsVersion } from '../../db/terms';
import { transaction } from '../../db/transaction';
import { findLink, markLinkUsed, saveLink } from '../../links/store';

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

describe('prepared statements on the click path', () => {
  let db: Db;
  beforeEach(async () => {
    db = await openDatabase(databaseFile(mkdtempSync(join(tmpdir(), 'prepared-'))));
  });
  afterEach(() => db.$client.close());

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
