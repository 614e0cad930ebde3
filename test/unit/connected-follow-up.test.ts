// An approved connection's follow-up as one activity: the setup started and every receipt sent, the receipts'
// results in their order; a receipt that cannot go out yet fails the whole, so Temporal retries it.
import assert from 'node:assert/strict';
import { createConnectedFollowUp } from '../../activities/connected-follow-up';
import type { EmailRequest } from '../../activities/mail/mailer';
import type { OrganizationSetupInput } from '../../workflows/organization-setup.messages';

const receipt = (email: string): EmailRequest => ({
  idempotencyKey: `run|receipt|${email}`,
  workflowId: 'connection-x',
  step: 'connection-receipt',
  to: { email },
  language: 'da',
  template: 'connection-receipt',
  vars: {},
});
const setup = { taskQueue: 'onboarding', input: { organization: { orgId: 'dk-cvr-1' } } as OrganizationSetupInput };

describe('the follow-up of an approved connection', () => {
  it('starts the setup and sends each receipt, answering with the receipts in their order', async () => {
    const started: string[] = [];
    const { followUpConnection } = createConnectedFollowUp({
      startOrganizationSetup: async (request) => void started.push(request.input.organization.orgId),
      sendEmail: async (request) => ({ status: 'sent', messageId: `<${request.to.email}>` }),
    });
    const results = await followUpConnection({ setup, receipts: [receipt('a@x.dk'), receipt('b@x.dk')] });
    assert.deepEqual(started, ['dk-cvr-1']);
    assert.deepEqual(
      results.map((result) => result.messageId),
      ['<a@x.dk>', '<b@x.dk>'],
    );
  });

  it('fails as a whole while a receipt cannot go out, so the activity is retried', async () => {
    const { followUpConnection } = createConnectedFollowUp({
      startOrganizationSetup: async () => undefined,
      sendEmail: async () => {
        throw new Error('SMTP down, will be retried');
      },
    });
    await assert.rejects(followUpConnection({ setup, receipts: [receipt('a@x.dk')] }), /will be retried/);
  });
});
