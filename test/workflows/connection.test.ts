import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { defaultDurations } from '../../temporal.config';
import { reviewDocumentUpdate, type ConnectionInput, type ConnectionResult } from '../../workflows/connection.messages';
import { attachDocumentUpdate, cancelProcessUpdate, processStatusQuery } from '../../workflows/process.messages';
import { complete, operator, pendingStep, person, refusedWith } from '../support/process-driver';
import { fileWorker } from '../support/time-skipping';

const representative = { name: 'Karen Holm', email: 'karen@example.dk' };
const registrant = { name: 'Peter Registrant', email: 'peter@example.dk' };
const admin = { name: 'Ada Admin', email: 'ada@example.dk' };
// Logged-in people: the subject their login gives, and the name it verified.
const karen = { ...person('karen', representative.name), identityDigest: 'ab'.repeat(32) };
const peter = person('peter', registrant.name);

function input(overrides: Partial<ConnectionInput> = {}): ConnectionInput {
  return {
    organization: { orgId: 'dk-cvr-12345678', name: 'Nordisk Testfabrik ApS', kind: 'company', country: 'DK', cvr: '12345678' },
    initiator: { ...representative, role: 'representative' },
    representative,
    timing: { ...defaultDurations.connection, setup: defaultDurations.setup },
    caseWorkerEmail: 'cases@example.dk',
    ...overrides,
  };
}

const regionInput = () =>
  input({
    organization: { orgId: 'dk-region-region-test', name: 'Region Test', kind: 'region', country: 'DK' },
    initiator: { ...registrant, role: 'registrant' },
  });

const pdf = { documentId: 'doc-1', sha256: 'a'.repeat(64), documentType: 'payslip', mediaType: 'application/pdf', sizeBytes: 1234 };

describe('connection workflow (time-skipping)', () => {
  let authorized: boolean;
  const files = fileWorker('connection-tests', (current) => ({
    currentTerms: () => current().record('currentTerms', () => ({ version: '2023-01', title: 'Terms', url: 'https://example.dk/terms' }))(undefined),
    checkCompanyRepresentative: (args: unknown) =>
      current().record('checkCompanyRepresentative', () => (authorized ? { authorized: true } : { authorized: false, reason: 'not in register' }))(args),
    recordDocumentReview: (args: unknown) => current().record('recordDocumentReview', () => undefined)(args),
    recordConnection: (args: unknown) => current().record('recordConnection', () => '2026-01-01T00:00:00.000Z')(args),
    activateOrganization: (args: unknown) => current().record('activateOrganization', () => undefined)(args),
    activateAdministrator: (args: unknown) => current().record('activateAdministrator', () => undefined)(args),
  }));
  const { taskQueue } = files;
  beforeEach(() => {
    authorized = true;
  });

  async function run(workflowId: string, args: ConnectionInput, drive: (client: TestWorkflowEnvironment['client']) => Promise<void>): Promise<ConnectionResult> {
    // Each test its own organisation, so each gets its own setup process.
    const organization = { ...args.organization, orgId: `${args.organization.orgId}-${workflowId}` };
    const handle = await files.env.client.workflow.start('connection', { taskQueue, workflowId, args: [{ ...args, organization }] });
    await drive(files.env.client);
    const result = await handle.result();
    return result;
  }

  it('direct path for a CVR company: prepare, approve, register check, receipt and setup links', async () => {
    const result = await run('connection-direct', input(), async (client) => {
      await complete(client, 'connection-direct', 'prepare-connection', karen, { administrators: [admin] });
      const approved = await complete(client, 'connection-direct', 'approve-connection', karen, { decision: 'approve', acceptTerms: true, termsVersion: '2023-01' });
      assert.equal(approved.state, 'connected');
      await pendingStep(client, 'setup-dk-cvr-12345678-connection-direct', 'setup-organization');
    });
    assert.deepEqual(result, { stage: 'connected' });
    // The register is asked by identity (the keyed hash from the approver's login), not by a name.
    assert.deepEqual(files.effects.callsOf('checkCompanyRepresentative'), [{ cvr: '12345678', identityDigest: 'ab'.repeat(32) }]);
    const receipts = files.effects.emails.filter((mail) => mail.template === 'connection-receipt');
    assert.deepEqual(receipts.map((mail) => mail.to.email), [representative.email]);
    assert.deepEqual(files.effects.invitations('setup-organization').map((m) => m.recipient.email), [admin.email]);
    const recorded = files.effects.callsOf('recordConnection')[0] as { termsVersion: string; administrators: unknown[] };
    assert.equal(recorded.termsVersion, '2023-01');
    assert.deepEqual(recorded.administrators, [admin]);
  });

  it("binds an administrator's setup to the login they used earlier in the case", async () => {
    await run('connection-bound-setup', input(), async (client) => {
      await complete(client, 'connection-bound-setup', 'prepare-connection', karen, { administrators: [representative, admin] });
      await complete(client, 'connection-bound-setup', 'approve-connection', karen, { decision: 'approve', acceptTerms: true, termsVersion: '2023-01' });
      const setupId = 'setup-dk-cvr-12345678-connection-bound-setup';
      const choice = { allowPrivateMitId: true, separateMeans: [], ownLoginMethod: 'private' };
      // Another MitID with the same name is not Karen's login.
      await refusedWith(complete(client, setupId, 'setup-organization', person('namesake', representative.name), choice, 'admin-0'), /started by another person/);
      await complete(client, setupId, 'setup-organization', karen, choice, 'admin-0');
      // Ada has not logged in before: her name is what binds her step.
      await refusedWith(complete(client, setupId, 'setup-organization', person('ada', 'Adam Other'), { ownLoginMethod: 'private' }, 'admin-1'), /sent to Ada Admin/);
    });
  });

  it('answers the representative with the next step when it is theirs', async () => {
    await run('connection-next', input(), async (client) => {
      const prepared = await complete(client, 'connection-next', 'prepare-connection', karen, { administrators: [admin] });
      assert.equal(prepared.state, 'awaiting-approval');
      assert.equal(prepared.next?.step, 'approve-connection');
      await refusedWith(complete(client, 'connection-next', 'approve-connection', person('someone-else'), { decision: 'approve', acceptTerms: true, termsVersion: '2023-01' }),
        /started by another person/,
      );
      await complete(client, 'connection-next', 'approve-connection', karen, { decision: 'approve', acceptTerms: true, termsVersion: '2023-01' });
    });
  });

  it('ends rejected when the company register does not list the approver', async () => {
    authorized = false;
    const result = await run('connection-unauthorized', input(), async (client) => {
      await complete(client, 'connection-unauthorized', 'prepare-connection', karen, { administrators: [admin] });
      await complete(client, 'connection-unauthorized', 'approve-connection', karen, { decision: 'approve', acceptTerms: true, termsVersion: '2023-01' });
    });
    assert.deepEqual(result, { stage: 'rejected', reason: 'not in register' });
    assert.equal(files.effects.callsOf('recordConnection').length, 0);
  });

  it('registrant path for a region: documents, representative approval, review, connected', async () => {
    const workflowId = 'connection-registrant';
    const result = await run(workflowId, regionInput(), async (client) => {
      const prepare = await pendingStep(client, workflowId, 'prepare-connection');
      assert.equal(prepare.acceptsDocuments, true);
      await refusedWith(complete(client, workflowId, 'prepare-connection', peter, { administrators: [admin] }), /Upload the documentation/);
      await client.workflow.getHandle(workflowId).executeUpdate(attachDocumentUpdate, {
        args: [{ step: 'prepare-connection', linkId: prepare.linkId!, actor: peter, document: pdf }],
      });
      await complete(client, workflowId, 'prepare-connection', peter, { administrators: [admin, registrant] });
      const approval = await pendingStep(client, workflowId, 'approve-connection');
      assert.equal(approval.recipient.email, representative.email);
      assert.equal(approval.context?.preparedBy, registrant.name);
      assert.deepEqual(approval.context?.administrators, [admin, registrant]);
      await complete(client, workflowId, 'approve-connection', karen, { decision: 'approve', acceptTerms: true, termsVersion: '2023-01' });
      await waitForStage(client, workflowId, 'awaiting-document-review');
      await client.workflow.getHandle(workflowId).executeUpdate(reviewDocumentUpdate, { args: [{ documentId: 'doc-1', decision: 'approve', actor: operator }] });
    });
    assert.deepEqual(result, { stage: 'connected' });
    const receipts = files.effects.emails.filter((mail) => mail.template === 'connection-receipt').map((mail) => mail.to.email);
    assert.deepEqual(receipts.sort(), [representative.email, registrant.email].sort());
    assert.equal(files.effects.callsOf('checkCompanyRepresentative').length, 0);
  });

  it('a rejected document sends the initiator a resubmit step, and a new document can be approved', async () => {
    const workflowId = 'connection-resubmit';
    const result = await run(workflowId, regionInput(), async (client) => {
      const handle = await untilDocumentReview(client, workflowId);
      await refusedWith(handle.executeUpdate(reviewDocumentUpdate, { args: [{ documentId: 'nope', decision: 'approve', actor: operator }] }), /No document/);
      await handle.executeUpdate(reviewDocumentUpdate, { args: [{ documentId: 'doc-1', decision: 'reject', reason: 'Name not visible', actor: operator }] });
      const resubmit = await pendingStep(client, workflowId, 'resubmit-documents');
      assert.equal(resubmit.recipient.email, registrant.email);
      assert.equal(resubmit.context?.rejectionReasons, 'Name not visible');
      await refusedWith(handle.executeUpdate(attachDocumentUpdate, { args: [{ step: 'resubmit-documents', key: resubmit.key, linkId: resubmit.linkId!, actor: { kind: 'person', subject: 'intruder', name: registrant.name }, document: { ...pdf, documentId: 'doc-x' } }] }),
        /another person/,
      );
      await handle.executeUpdate(attachDocumentUpdate, { args: [{ step: 'resubmit-documents', key: resubmit.key, linkId: resubmit.linkId!, actor: peter, document: { ...pdf, documentId: 'doc-2' } }] });
      await complete(client, workflowId, 'resubmit-documents', peter, {});
      await waitForStage(client, workflowId, 'awaiting-document-review');
      await handle.executeUpdate(reviewDocumentUpdate, { args: [{ documentId: 'doc-2', decision: 'approve', actor: operator }] });
    });
    assert.deepEqual(result, { stage: 'connected' });
    assert.deepEqual(files.effects.invitations('resubmit-documents')[0]?.details, ['Name not visible']);
  });

  it('the representative can reject: the process ends and the registrant is told', async () => {
    const workflowId = 'connection-rejected';
    const result = await run(workflowId, regionInput(), async (client) => {
      const prepare = await pendingStep(client, workflowId, 'prepare-connection');
      await client.workflow.getHandle(workflowId).executeUpdate(attachDocumentUpdate, { args: [{ step: 'prepare-connection', linkId: prepare.linkId!, actor: peter, document: pdf }] });
      await complete(client, workflowId, 'prepare-connection', peter, { administrators: [admin] });
      const rejected = await complete(client, workflowId, 'approve-connection', karen, { decision: 'reject', reason: 'Wrong administrators' });
      assert.equal(rejected.state, 'rejected');
    });
    assert.deepEqual(result, { stage: 'rejected', reason: 'Wrong administrators' });
    const ended = files.effects.emails.filter((mail) => mail.template === 'process-ended');
    assert.deepEqual(ended.map((mail) => [mail.to.email, (mail.vars as { outcome: string }).outcome]), [[registrant.email, 'rejected']]);
  });

  it('reminds every 3 days and expires after 14, telling the people involved', async () => {
    const workflowId = 'connection-expiry';
    const result = await run(workflowId, input(), async () => undefined);
    assert.deepEqual(result, { stage: 'expired', reason: 'A step was not completed in time' });
    assert.equal(files.effects.invitations('prepare-connection').length, 1);
    assert.equal(files.effects.invitations('prepare-connection', 'reminder').length, 4, 'reminded on days 3, 6, 9 and 12');
    const ended = files.effects.emails.filter((mail) => mail.template === 'process-ended');
    assert.deepEqual(ended.map((mail) => mail.to.email), [representative.email]);
  });

  it('reminds the case workers after 10 working days of waiting for review', async () => {
    const workflowId = 'connection-review-reminder';
    await run(workflowId, regionInput(), async (client) => {
      const handle = await untilDocumentReview(client, workflowId);
      await files.env.sleep('15 days');
      const reminders = files.effects.emails.filter((mail) => mail.template === 'document-review-reminder');
      assert.equal(reminders.length, 1);
      assert.equal(reminders[0]!.to.email, 'cases@example.dk');
      await handle.executeUpdate(reviewDocumentUpdate, { args: [{ documentId: 'doc-1', decision: 'approve', actor: operator }] });
    });
  });

  it('an operator can cancel with a reason', async () => {
    const workflowId = 'connection-cancel';
    const result = await run(workflowId, input(), async (client) => {
      await pendingStep(client, workflowId, 'prepare-connection');
      const cancelled = await client.workflow.getHandle(workflowId).executeUpdate(cancelProcessUpdate, { args: [{ reason: 'Duplicate case', actor: operator }] });
      assert.equal(cancelled.state, 'cancelled');
      const status = await client.workflow.getHandle(workflowId).query(processStatusQuery);
      assert.equal(status.pendingSteps.length, 0);
    });
    assert.deepEqual(result, { stage: 'cancelled', reason: 'Duplicate case' });
  });
});

/** The registrant path up to the case workers: a document, prepared, approved by the representative. */
async function untilDocumentReview(client: TestWorkflowEnvironment['client'], workflowId: string) {
  const handle = client.workflow.getHandle(workflowId);
  const prepare = await pendingStep(client, workflowId, 'prepare-connection');
  await handle.executeUpdate(attachDocumentUpdate, { args: [{ step: 'prepare-connection', linkId: prepare.linkId!, actor: peter, document: pdf }] });
  await complete(client, workflowId, 'prepare-connection', peter, { administrators: [admin] });
  await complete(client, workflowId, 'approve-connection', karen, { decision: 'approve', acceptTerms: true, termsVersion: '2023-01' });
  await waitForStage(client, workflowId, 'awaiting-document-review');
  return handle;
}

async function waitForStage(client: TestWorkflowEnvironment['client'], workflowId: string, stage: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await client.workflow.getHandle(workflowId).query(processStatusQuery)).stage === stage) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${workflowId} never reached ${stage}`);
}
