// Which users an activation request takes, and what is left when no process can be started: the API alone,
// with no Temporal behind it (so every start fails).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { activationBatches, activationBatchUsers, users } from '../../db/schema';
import { startBareApp, type BareApp } from '../support/bare-app';
import type { JsonAnswer } from '../support/operator-http';
import { seedActiveOrganization } from '../support/user-fixtures';

describe('activation requests', () => {
  const orgId = 'dk-cvr-27182818';
  let app: BareApp;
  const ids = {
    imported: randomUUID(),
    rejected: randomUUID(),
    expired: randomUUID(),
    active: randomUUID(),
    deleted: randomUUID(),
  };

  before(async () => {
    app = await startBareApp();
    const { db } = app.deps;
    await seedActiveOrganization(db, orgId);
    await db
      .insert(activationBatches)
      .values({ batchId: 'earlier', orgId, loginMethod: 'private', total: 3, requestedBy: 'operator:test' });
    for (const [status, userId] of Object.entries(ids) as Array<[keyof typeof ids, string]>) {
      const activated = status !== 'imported' && status !== 'deleted';
      await db.insert(users).values({
        userId,
        orgId,
        name: `User ${status}`,
        email: `${status}@rollback-test.dk`,
        nemidUserId: `RID:${status}`,
        importedAt: '2023-01-01',
        status,
        ...(activated
          ? {
              batchId: 'earlier',
              loginMethod: 'private',
              activationWorkflowId: 'activation-earlier',
              activationRequestedAt: '2026-01-01T00:00:00.000Z',
              activationEndedAt: '2026-01-02T00:00:00.000Z',
            }
          : {}),
      });
      if (activated) await db.insert(activationBatchUsers).values({ batchId: 'earlier', userId, status });
    }
  });
  after(async () => {
    await app?.close();
  });

  const activate = async (body: unknown): Promise<JsonAnswer> => {
    const response = await fetch(`${app.baseUrl}/api/organizations/${orgId}/activations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.deps.config.env.OPERATOR_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };

  it('refuses a method the organisation does not offer (422) and users who are active or deleted (409)', async () => {
    const notOffered = await activate({ all: true, loginMethod: 'code_reader' });
    assert.deepEqual(
      [notOffered.status, notOffered.body.error.code, notOffered.body.error.details.offered],
      [422, 'login_method_not_offered', ['private', 'app']],
    );
    const refused = await activate({ userIds: [ids.rejected, ids.active, ids.deleted], loginMethod: 'app' });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'not_activatable');
    assert.deepEqual(refused.body.error.details.users.map((u: { status: string }) => u.status).sort(), [
      'active',
      'deleted',
    ]);
  });

  it('leaves every user as they were when the activation cannot be started', async () => {
    const { db } = app.deps;
    const before = await db.select().from(users);
    assert.equal((await activate({ all: true, loginMethod: 'app' })).status, 500);
    const strip = (rows: typeof before) => rows.map(({ updatedAt: _updated, ...row }) => row);
    assert.deepEqual(strip(await db.select().from(users)), strip(before));
    assert.deepEqual(await db.select({ batchId: activationBatches.batchId }).from(activationBatches), [
      { batchId: 'earlier' },
    ]);
    assert.deepEqual(
      (await db.select().from(activationBatchUsers)).map((row) => row.batchId),
      ['earlier', 'earlier', 'earlier'],
    );
  });
});
