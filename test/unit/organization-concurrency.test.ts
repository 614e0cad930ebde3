// Two calls on one organisation at once: each read the organisation before either wrote (as two requests
// do once the DB calls are awaited), so each must decide on the row as it is when it writes.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { activateUsers, changeLoginPolicy, findOrganization, type OrganizationDeps } from '../../api/organizations';
import { loadConfig } from '../../config/env';
import { openDatabase } from '../../db/open';
import { administrators, organizations, users } from '../../db/schema';
import { seedActiveOrganization } from '../support/user-fixtures';

describe('concurrent calls on one organisation', () => {
  const orgId = 'dk-cvr-31415926';
  const operator = { kind: 'operator', keyId: 'test' } as const;
  let deps: OrganizationDeps;

  beforeEach(async () => {
    deps = {
      config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
      db: await openDatabase(':memory:'),
      // Only the setup process's signal is asked for; no setup process runs.
      temporal: { workflow: { getHandle: () => ({ signal: async () => undefined }) } } as unknown as Client,
      newId: randomUUID,
    };
    await seedActiveOrganization(deps.db, orgId);
  });
  afterEach(() => deps.db.$client.close());

  const policy = async () => {
    const org = (await deps.db.select().from(organizations).where(eq(organizations.orgId, orgId)))[0]!;
    return { allowPrivateMitId: org.allowPrivateMitId, separateMeans: org.separateMeans };
  };

  it('keeps both of two login-policy changes made at once', async () => {
    // The administrator logs in with the app, so that private MitID can be withdrawn.
    await deps.db.update(administrators).set({ loginMethod: 'app' }).where(eq(administrators.orgId, orgId));
    const org = await findOrganization(deps.db, orgId);
    await Promise.all([
      changeLoginPolicy(deps, org, operator, { separateMeans: ['app', 'code_reader'] }),
      changeLoginPolicy(deps, org, operator, { allowPrivateMitId: false }),
    ]);
    assert.deepEqual(await policy(), { allowPrivateMitId: false, separateMeans: ['app', 'code_reader'] });
  });

  it('activates nobody with a method withdrawn after the organisation was read', async () => {
    const userId = randomUUID();
    await deps.db.insert(users).values({
      userId,
      orgId,
      name: 'Ida Holm',
      email: 'ida@example.dk',
      nemidUserId: 'RID:1',
      importedAt: '2023-01-01',
    });
    const org = await findOrganization(deps.db, orgId);
    await changeLoginPolicy(deps, org, operator, { separateMeans: ['code_reader'] });
    await assert.rejects(activateUsers(deps, org, operator, { userIds: [userId], loginMethod: 'app' }), {
      status: 422,
      code: 'login_method_not_offered',
    });
    const row = (await deps.db.select().from(users).where(eq(users.userId, userId)))[0]!;
    assert.deepEqual([row.status, row.loginMethod], ['imported', null]);
  });
});
