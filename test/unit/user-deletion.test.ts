// Deleting a user erases their name and address from the mail kept for them, and yet a send of that mail
// retried afterwards (an activity that was still running) recognises it as sent and mails nobody.
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { batchProgress } from '../../db/users';
import { createMailer, type EmailRequest } from '../../activities/mail/mailer';
import { deleteUser } from '../../db/user-deletion';
import { loadConfig } from '../../config/env';
import { createLogger } from '../../config/logger';
import { openDatabase, type Db } from '../../db/open';
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

  async function seedRejectedUser(): Promise<Db> {
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
    return db;
  }

  async function keptAboutCai(db: Db): Promise<string[]> {
    const kept = JSON.stringify([
      await db.select().from(outbox),
      await db.select().from(actionLinks),
      await db.select().from(users),
    ]);
    return [email, 'Cai', 'RID:77'].filter((personal) => kept.includes(personal));
  }

  const deleteCai = (db: Db) => deleteUser(db, { orgId, userId }, config.env.PSEUDONYM_KEY, new Date().toISOString());
  /** A mailer whose SMTP is `sendMail`. */
  const mailerWith = (db: Db, sendMail: () => Promise<void>) =>
    createMailer({ db, config, logger: createLogger('silent'), transport: { sendMail, close: () => undefined } });

  it('keeps no name or address, counts the invitation still, and a retried send mails nobody', async () => {
    const db = await seedRejectedUser();
    let sent = 0;
    const mailer = mailerWith(db, async () => void (sent += 1));
    assert.equal((await mailer.send(invitation)).status, 'sent');
    assert.equal(sent, 1);

    assert.equal(await deleteCai(db), true);
    assert.deepEqual(await keptAboutCai(db), []);
    assert.equal((await db.select().from(users).where(eq(users.userId, userId)))[0]!.status, 'deleted');
    assert.equal((await batchProgress(db, orgId, batchId))!.emailed, 1);

    assert.equal((await mailer.send(invitation)).status, 'sent');
    assert.equal(sent, 1, 'the retried send found the erased message');
    // Active and pending users are not deleted.
    await db.update(users).set({ status: 'active' }).where(eq(users.userId, userId));
    assert.equal(await deleteCai(db), false);
    mailer.close();
  });

  it('erases a message that SMTP took but that was not yet marked sent, and the send marks it sent all the same', async () => {
    const db = await seedRejectedUser();
    let sent = 0;
    // The administrator deletes Cai between SMTP's answer and the sender's own record of it.
    const mailer = mailerWith(db, async () => {
      sent += 1;
      assert.equal(await deleteCai(db), true);
    });
    assert.equal((await mailer.send(invitation)).status, 'sent');
    assert.deepEqual(await keptAboutCai(db), []);
    const [row] = await db.select().from(outbox);
    assert.deepEqual([row!.status, row!.recipient], ['sent', '']);
    assert.equal((await batchProgress(db, orgId, batchId))!.emailed, 1);
    assert.equal((await mailer.send(invitation)).status, 'sent');
    assert.equal(sent, 1);
    mailer.close();
  });

  it('fails a message erased before it went out (its sender crashed) instead of sending it to nobody', async () => {
    const db = await seedRejectedUser();
    let sent = 0;
    let reachSmtp = false;
    const mailer = mailerWith(db, async () => {
      if (!reachSmtp) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      sent += 1;
    });
    await assert.rejects(mailer.send(invitation), /will be retried/);
    assert.equal(await deleteCai(db), true);
    assert.deepEqual(await keptAboutCai(db), []);
    reachSmtp = true;
    const retried = await mailer.send(invitation);
    assert.deepEqual([retried.status, retried.error], ['failed', 'the recipient was deleted']);
    assert.equal(sent, 0);
    assert.equal((await db.select().from(outbox))[0]!.status, 'failed');
    mailer.close();
  });
});
