// Two API nodes or workers on one PostgreSQL database (two pools, as two machines have), racing for the same
// thing: a link's one use, a deciding link claimed by a click or closed by its process, the users of an activation batch, an e-mail's outbox key. Exactly one wins each.
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { closeDatabase, openAppDatabase, type Db } from '../../db/open';
import { saveOutboxRow } from '../../db/outbox';
import { tables } from '../../db/tables';
import { claimUsersForBatch } from '../../db/users';
import { activatableStatuses } from '../../domain/users';
import { claimLink, closeLinks, siblingClaims } from '../../links/claims';
import { markLinkUsed, saveLink } from '../../links/store';
import { createPostgresDatabase, describeWithPostgres } from '../support/postgres';
import { seedActiveOrganization } from '../support/user-fixtures';

const rounds = 10;

describeWithPostgres('PostgreSQL with writers on two machines', () => {
  let nodeA: Db;
  let nodeB: Db;
  before(async () => {
    const databaseUrl = await createPostgresDatabase();
    nodeA = await openAppDatabase({ databaseUrl, dataDir: '' });
    nodeB = await openAppDatabase({ databaseUrl, dataDir: '' });
  });
  after(async () => {
    await closeDatabase(nodeA);
    await closeDatabase(nodeB);
  });

  it('marks a link used for exactly one of two nodes clicking it at once', async () => {
    for (let round = 0; round < rounds; round++) {
      const linkId = `link-${round}`;
      await saveLink(nodeA, {
        linkId,
        workflowId: `connection-dk-cvr-${round}`,
        step: 'approve-connection',
        stepKey: null,
        recipientEmail: 'lise.lund@fjordhavn-test.dk',
        language: 'da',
        expiresAt: '2030-01-01T00:00:00.000Z',
      });
      const at = new Date();
      const used = await Promise.all([markLinkUsed(nodeA, linkId, at), markLinkUsed(nodeB, linkId, at)]);
      assert.deepEqual(used.filter(Boolean), [true], `round ${round}: ${String(used)}`);
    }
  });

  it('lets a deciding link be claimed on one node or closed by its process on the other, never both', async () => {
    for (let round = 0; round < rounds; round++) {
      const linkId = `deciding-${round}`;
      await saveLink(nodeA, {
        linkId,
        workflowId: `user-activation-dk-cvr-${round}`,
        step: 'activate-user',
        stepKey: 'user-1',
        recipientEmail: 'anna@example.dk',
        language: 'da',
        expiresAt: '2030-01-01T00:00:00.000Z',
        acceptance: JSON.stringify({ recipientName: 'Anna Andersen', stageAfter: { '*': 'completed' } }),
      });
      const claim = (db: Db) => claimLink(db, { linkId, at: new Date(), request: { linkId } });
      const [first, second, closed] = await Promise.all([
        claim(nodeA),
        claim(nodeB),
        closeLinks(nodeB, [linkId], new Date()),
      ]);
      const claimed = [first, second].filter((outcome) => outcome.status === 'claimed').length;
      // Claimed once, and then the closing found the claim; or closed first, and neither click claimed it.
      if (closed.length === 1) assert.equal(claimed, 1, `round ${round}`);
      else assert.deepEqual([claimed, first.status, second.status], [0, 'closed', 'closed'], `round ${round}`);
    }
  });

  it('judges two administrators claiming their setup links at once one after the other: one chooses, one sees it', async () => {
    for (let round = 0; round < rounds; round++) {
      const workflowId = `setup-dk-cvr-race-${round}`;
      for (const admin of ['a', 'b'])
        await saveLink(nodeA, {
          linkId: `${workflowId}-${admin}`,
          workflowId,
          step: 'setup-organization',
          stepKey: `admin-${admin}`,
          recipientEmail: `${admin}@example.dk`,
          language: 'da',
          expiresAt: '2030-01-01T00:00:00.000Z',
          acceptance: JSON.stringify({ recipientName: 'Ada Admin', stageAfter: { '*': 'active' } }),
        });
      // As api/link-claims.ts judges a setup: by the claims of sibling links made before, read in the claim's transaction.
      const claim = (db: Db, admin: string) =>
        claimLink(db, {
          linkId: `${workflowId}-${admin}`,
          at: new Date(),
          request: {},
          judge: async (tx) => ({ earlier: (await siblingClaims(tx, workflowId, 'setup-organization')).length }),
        });
      await Promise.all([claim(nodeA, 'a'), claim(nodeB, 'b')]);
      const judged = (await siblingClaims(nodeA, workflowId, 'setup-organization')).map(
        (sibling) => (sibling.request as { earlier: number }).earlier,
      );
      assert.deepEqual(judged.sort(), [0, 1], `round ${round}`);
    }
  });

  it('gives an organisation’s users to exactly one of two batches requested at once on two nodes', async () => {
    const { users, activationBatchUsers } = tables(nodeA);
    for (let round = 0; round < rounds; round++) {
      const orgId = `dk-cvr-race-${round}`;
      await seedActiveOrganization(nodeA, orgId);
      await nodeA.insert(users).values(
        Array.from({ length: 20 }, (_, n) => ({
          userId: `${orgId}-user-${n}`,
          orgId,
          name: `User ${n}`,
          email: `user${n}@${orgId}.example`,
          nemidUserId: `RID:${n}`,
          importedAt: '2026-11-30',
        })),
      );
      const claim = (db: Db, batchId: string) =>
        claimUsersForBatch(db, {
          batchId,
          orgId,
          loginMethod: 'private',
          requestedBy: 'operator:test',
          at: new Date().toISOString(),
          activatable: activatableStatuses,
          admit: () => undefined,
        });
      const claims = await Promise.all([claim(nodeA, `${orgId}-a`), claim(nodeB, `${orgId}-b`)]);
      const won = claims.filter((outcome) => 'claimed' in outcome);
      assert.equal(won.length, 1, `round ${round}: ${JSON.stringify(claims)}`);
      assert.deepEqual(
        claims.find((outcome) => !('claimed' in outcome)),
        { refused: 'nothing-to-activate' },
      );
      assert.equal((won[0] as { claimed: number }).claimed, 20);
      const rows = await nodeB.select().from(users).where(eq(users.orgId, orgId));
      assert.equal(new Set(rows.map((row) => row.batchId)).size, 1, 'every user in the one batch');
      const members = await nodeB
        .select()
        .from(activationBatchUsers)
        .where(eq(activationBatchUsers.batchId, rows[0]!.batchId!));
      assert.equal(members.length, 20);
    }
  });

  it('writes one outbox row per key when two workers render the same e-mail at once, and both send that one', async () => {
    const { outbox } = tables(nodeA);
    for (let round = 0; round < rounds; round++) {
      const message = {
        idempotencyKey: `connection-dk-cvr-${round}|prepare-connection|0|invitation`,
        workflowId: `connection-dk-cvr-${round}`,
        step: 'prepare-connection',
        recipient: 'lise.lund@fjordhavn-test.dk',
        messageIdDomain: 'onboarding.test',
      };
      const rendered = (node: string) => ({ subject: `rendered on ${node}`, text: node, html: `<p>${node}</p>` });
      const rows = await Promise.all([
        saveOutboxRow(nodeA, message, rendered('A')),
        saveOutboxRow(nodeB, message, rendered('B')),
      ]);
      assert.equal(rows[0].subject, rows[1].subject, `round ${round}: both send the stored message`);
      const stored = await nodeA.select().from(outbox).where(eq(outbox.idempotencyKey, message.idempotencyKey));
      assert.equal(stored.length, 1);
      assert.equal(stored[0]!.subject, rows[0].subject);
    }
  });
});
