// A link that decides is either claimed or closed, never both (links/claims.ts), on SQLite and PostgreSQL:
// a claim keeps its request and answer and saves the person's next link; a used, closed or expired link is
// not claimed; closing finds the claims made before it; a dropped claim closes its link; and of two nodes
// claiming, or one claiming while the process closes, exactly one wins.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openAppDatabase, type Db } from '../../db/open';
import {
  claimLink,
  closeLinks,
  dropClaim,
  forgetDeliveredClaims,
  markClaimDelivered,
  siblingClaims,
  undeliveredClaims,
} from '../../links/claims';
import { findLink, saveLink } from '../../links/store';
import { createPostgresDatabase, describeWithPostgres } from '../support/postgres';

const link = (linkId: string, overrides: Partial<Parameters<typeof saveLink>[1]> = {}) => ({
  linkId,
  workflowId: 'user-activation-dk-cvr-12345678-1',
  step: 'activate-user',
  stepKey: `user-${linkId}`,
  recipientEmail: `${linkId}@example.dk`,
  language: 'da',
  expiresAt: '2030-01-01T00:00:00.000Z',
  acceptance: JSON.stringify({ recipientName: 'Anna Andersen', stageAfter: { '*': 'awaiting-users' } }),
  ...overrides,
});

const claimOf = (linkId: string, at = new Date('2026-12-01T10:00:00.000Z')) => ({
  linkId,
  at,
  request: { linkId, input: { decision: 'approve' } },
});

function claimsOn(open: () => Promise<Db>): void {
  let db: Db;
  beforeEach(async () => {
    db = await open();
  });
  afterEach(async () => {
    await closeDatabase(db);
  });

  it('claims an open link once, saying whether another link of the process waits, and saves the next link', async () => {
    await saveLink(db, link('a'));
    await saveLink(db, link('b'));
    const next = link('a-next', { step: 'activate-means', acceptance: null });
    assert.deepEqual(await claimLink(db, claimOf('a'), next), { status: 'claimed', othersOpen: true });
    assert.equal((await findLink(db, 'a-next'))?.step, 'activate-means');
    // A second claim, even the same person's, finds it used; the claim keeps the first request.
    assert.deepEqual(await claimLink(db, claimOf('a')), { status: 'used' });
    assert.deepEqual(
      (await undeliveredClaims(db, new Date('2030-01-01T00:00:00.000Z'), 10)).map((claim) => JSON.parse(claim.request)),
      [claimOf('a').request],
    );
    // b is the last open link of the process once a-next is used.
    await claimLink(db, claimOf('a-next'));
    assert.deepEqual(await claimLink(db, claimOf('b')), { status: 'claimed', othersOpen: false });
  });

  it('does not claim an expired, closed or unknown link', async () => {
    await saveLink(db, link('old', { expiresAt: '2026-12-01T09:00:00.000Z' }));
    await saveLink(db, link('closed'));
    assert.deepEqual(await closeLinks(db, ['closed'], new Date()), []);
    assert.deepEqual(await claimLink(db, claimOf('old')), { status: 'expired' });
    assert.deepEqual(await claimLink(db, claimOf('closed')), { status: 'closed' });
    assert.deepEqual(await claimLink(db, claimOf('nowhere')), { status: 'unknown' });
  });

  it('closing finds the claims made before it; delivered or not, and a dropped claim closes its link', async () => {
    for (const id of ['c', 'd', 'e']) await saveLink(db, link(id));
    await claimLink(db, claimOf('c'));
    await claimLink(db, claimOf('d'));
    await markClaimDelivered(db, 'd', new Date());
    assert.deepEqual(
      (await undeliveredClaims(db, new Date('2026-12-01T10:00:01.000Z'), 10)).map((claim) => claim.linkId),
      ['c'],
    );
    assert.deepEqual(await undeliveredClaims(db, new Date('2026-12-01T10:00:00.000Z'), 10), []);
    const found = (await closeLinks(db, ['c', 'd', 'e'], new Date())) as Array<{ linkId: string }>;
    assert.deepEqual(found.map((claim) => claim.linkId).sort(), ['c', 'd']);
    assert.ok((await findLink(db, 'e'))?.closedAt);
    assert.equal((await findLink(db, 'c'))?.closedAt, null);

    await saveLink(db, link('f'));
    await claimLink(db, claimOf('f'));
    await dropClaim(db, 'f', new Date());
    const dropped = await findLink(db, 'f');
    assert.deepEqual([dropped?.usedAt, Boolean(dropped?.closedAt)], [null, true]);
    assert.deepEqual(await closeLinks(db, ['f'], new Date()), []);
  });

  it('forgets only claims delivered before the cut-off; an undelivered one stays to be sent', async () => {
    for (const id of ['h', 'i']) await saveLink(db, link(id));
    await claimLink(db, claimOf('h'));
    await claimLink(db, claimOf('i'));
    await markClaimDelivered(db, 'h', new Date('2026-12-01T10:00:05.000Z'));
    assert.equal(await forgetDeliveredClaims(db, new Date('2026-12-01T10:00:05.000Z')), 0);
    assert.equal(await forgetDeliveredClaims(db, new Date('2026-12-01T10:00:06.000Z')), 1);
    assert.deepEqual(
      (await undeliveredClaims(db, new Date('2030-01-01T00:00:00.000Z'), 10)).map((claim) => claim.linkId),
      ['i'],
    );
  });

  it("judges a click in its claim's transaction: the verdict is kept with the request, a refusal writes nothing", async () => {
    const setupLink = (id: string) => link(id, { workflowId: 'setup-dk-cvr-1', step: 'setup-organization' });
    for (const id of ['s1', 's2']) await saveLink(db, setupLink(id));
    await claimLink(db, {
      ...claimOf('s1'),
      judge: async (tx) => ({ judged: (await siblingClaims(tx, 'setup-dk-cvr-1', 'setup-organization')).length }),
    });
    const refused = claimLink(db, {
      ...claimOf('s2'),
      judge: async () => {
        throw new Error('outside the policy');
      },
    });
    await assert.rejects(refused, /outside the policy/);
    assert.equal((await findLink(db, 's2'))?.usedAt, null, 'the refused link stays open');
    assert.deepEqual(
      (await siblingClaims(db, 'setup-dk-cvr-1', 'setup-organization')).map((claim) => [claim.linkId, claim.request]),
      [['s1', { linkId: 's1', input: { decision: 'approve' }, judged: 0 }]],
    );
  });

  it('keeps a setup claim while a sibling link it judges is open, and the claims it was judged after come with a closed link', async () => {
    const setupLink = (id: string) => link(id, { workflowId: 'setup-dk-cvr-2', step: 'setup-organization' });
    for (const id of ['t1', 't2', 't3']) await saveLink(db, setupLink(id));
    await claimLink(db, claimOf('t1'));
    await claimLink(db, { ...claimOf('t2'), request: { linkId: 't2', judged: { after: 't1' } } });
    for (const id of ['t1', 't2']) await markClaimDelivered(db, id, new Date('2026-12-01T10:00:05.000Z'));
    const cutOff = new Date('2026-12-01T11:00:00.000Z');
    assert.equal(await forgetDeliveredClaims(db, cutOff, ['setup-organization']), 0, 't3 is still open');
    // Closing t2 (the process ending its step) finds its claim, and t1's, which judged it, first.
    assert.deepEqual(
      ((await closeLinks(db, ['t2'], new Date())) as Array<{ linkId: string }>).map((claim) => claim.linkId),
      ['t1', 't2'],
    );
    await closeLinks(db, ['t3'], new Date());
    assert.equal(await forgetDeliveredClaims(db, cutOff, ['setup-organization']), 2);
  });

  it('a later save gives a link written without one its acceptance, and never changes one it has', async () => {
    await saveLink(db, link('g', { acceptance: null }));
    await saveLink(db, link('g'));
    assert.equal((await findLink(db, 'g'))?.acceptance, link('g').acceptance);
    await saveLink(db, link('g', { acceptance: '{"recipientName":"Someone Else"}' }));
    assert.equal((await findLink(db, 'g'))?.acceptance, link('g').acceptance);
  });
}

describe('claims of links that decide (SQLite)', () => {
  claimsOn(() => openAppDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'claims-')) }));
});

describeWithPostgres('claims of links that decide (PostgreSQL)', () => {
  claimsOn(async () => openAppDatabase({ databaseUrl: await createPostgresDatabase(), dataDir: '' }));
});
