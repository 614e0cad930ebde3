// Deleting a user erases their name and address from the mail kept for them, and yet a send of that mail
// retried afterwards (an activity that was still running) recognises it as sent and mails nobody.
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { batchProgress } from '../../db/users';
import { createMailer, type EmailRequest } from '../../activities/mail/mailer';
import { deleteUser } from '../../db/user-deletion';
import { loadConfig } from '../../config/env';
import { createLogger } from '../../config/logger';
import { openDatabase } from '../../db/open';
import { actionLinks, activationBatches, activationBatchUsers, users, outbox } from '../../db/schema';
import { activationGroupId } from '../../workflows/user-activation.messages';
import { seedActiveOrganization } from '../support/user-fixtures';

describe('deleting a user who was mailed', () => {
  const config = loadConfig({ NODE_ENV: 'test' });
  const orgId = 'dk-cvr-31415926';
  const userId = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
  const batchId = 'batch-erasure';
  const email = 'cai.clausen@sletning-test.dk';
  const workflowId = activationGroupId(orgId, batchId, 0);

  it('keeps no name or address, counts the invitation still, and a retried send mails nobody', async () => {
    const db = await openDatabase(':memory:');
    await seedActiveOrganization(db, orgId);
    await db.insert(users).values({
      userId,
      orgId,
      name: 'Cai Clausen',
      email,
      nemidUserId: 'RID:77',
      importedAt: '2023-02-01',
      status: 'rejected',
      batchId,
      loginMethod: 'private',
    });
    await db
      .insert(activationBatches)
      .values({ batchId, orgId, loginMethod: 'private', total: 1, requestedBy: 'operator:test' });
    await db.insert(activationBatchUsers).values({ batchId, userId, status: 'rejected' });
    await db.insert(actionLinks).values({
      linkId: 'link-1',
      workflowId,
      step: 'activate-user',
      stepKey: userId,
      recipientEmail: email,
      language: 'da',
      expiresAt: '2030-01-01T00:00:00.000Z',
    });
    let sent = 0;
    const mailer = createMailer({
      db,
      config,
      logger: createLogger('silent'),
      transport: { sendMail: async () => void (sent += 1), close: () => undefined },
    });
    const invitation: EmailRequest = {
      idempotencyKey: [workflowId, `${workflowId}/run-1`, 'activate-user', userId, email, 0, 'invitation'].join('|'),
      workflowId,
      step: 'activate-user',
      to: { email, name: 'Cai Clausen' },
      language: 'da',
      template: 'step-invitation',
      vars: {
        step: 'activate-user',
        recipientName: 'Cai Clausen',
        organizationName: 'Bageriet ApS',
        actionUrl: 'http://127.0.0.1/l/x',
        expiresAt: '2030-01-01T00:00:00.000Z',
      },
    };
    assert.equal((await mailer.send(invitation)).status, 'sent');
    assert.equal(sent, 1);

    assert.equal(await deleteUser(db, { orgId, userId }, config.env.PSEUDONYM_KEY, new Date().toISOString()), true);
    const kept = JSON.stringify([
      await db.select().from(outbox),
      await db.select().from(actionLinks),
      await db.select().from(users),
    ]);
    for (const personal of [email, 'Cai', 'RID:77']) assert.ok(!kept.includes(personal), `${personal} is still kept`);
    assert.equal((await db.select().from(users).where(eq(users.userId, userId)))[0]!.status, 'deleted');
    assert.equal((await batchProgress(db, orgId, batchId))!.emailed, 1);

    assert.equal((await mailer.send(invitation)).status, 'sent');
    assert.equal(sent, 1, 'the retried send found the erased message');
    // Active and pending users are not deleted.
    await db.update(users).set({ status: 'active' }).where(eq(users.userId, userId));
    assert.equal(await deleteUser(db, { orgId, userId }, config.env.PSEUDONYM_KEY, new Date().toISOString()), false);
    mailer.close();
  });
});
