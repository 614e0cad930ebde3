import assert from 'node:assert/strict';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { connectIfRepresentative, type Terms } from '../../activities/connection';
import { renderEmail } from '../../activities/mail/render';
import type { EmailRequest } from '../../activities/mail/mailer';
import { defaultDurations } from '../../temporal.config';
import type { connection } from '../../workflows/connection';
import { reviewDocumentUpdate, type ConnectionInput, type ConnectionResult } from '../../workflows/connection.messages';
import { linksDecideTheClicks } from '../../workflows/human-step';
import {
  attachDocumentUpdate,
  cancelProcessUpdate,
  processStatusQuery,
  stepClaimedSignal,
  type ClaimedStep,
} from '../../workflows/process.messages';
import { complete, operator, pendingStep, person, refusedWith } from '../support/process-driver';
import { fileWorker } from '../support/time-skipping';
import { eventually } from '../support/wait';
import { updateRoundTrips } from '../../bench/update-round-trips';
import { patchMarkers, stageUpserts } from '../support/history';

const representative = { name: 'Karen Holm', email: 'karen@example.dk' };
const registrant = { name: 'Peter Registrant', email: 'peter@example.dk' };
const admin = { name: 'Ada Admin', email: 'ada@example.dk' };
// Logged-in people: the subject their login gives, and the name it verified.
const karen = { ...person('karen', representative.name), identityDigest: 'ab'.repeat(32) };
const peter = person('peter', registrant.name);

function input(overrides: Partial<ConnectionInput> = {}): ConnectionInput {
  return {
    organization: {
      orgId: 'dk-cvr-12345678',
      name: 'Nordisk Testfabrik ApS',
      kind: 'company',
      country: 'DK',
      cvr: '12345678',
    },
    initiator: { ...representative, role: 'representative' },
    representative,
    // The setups these tests leave waiting remind as usual but never lapse within the file's few weeks of skips.
    timing: { ...defaultDurations.connection, setup: { ...defaultDurations.setup, expireAfter: '365 days' } },
    caseWorkerEmail: 'cases@example.dk',
    ...overrides,
  };
}

const regionInput = () =>
  input({
    organization: { orgId: 'dk-region-region-test', name: 'Region Test', kind: 'region', country: 'DK' },
    initiator: { ...registrant, role: 'registrant' },
  });

const pdf = {
  documentId: 'doc-1',
  sha256: 'a'.repeat(64),
  documentType: 'payslip',
  mediaType: 'application/pdf',
  sizeBytes: 1234,
};

describe('connection workflow (time-skipping)', () => {
  let authorized: boolean;
  const approvalParts = {
    currentTerms: () => ({ version: '2023-01', title: 'Terms', url: 'https://example.dk/terms' }),
    checkCompanyRepresentative: () =>
      authorized ? { authorized: true } : { authorized: false, reason: 'not in register' },
    recordConnection: () => '2026-01-01T00:00:00.000Z',
  };
  const files = fileWorker('connection-tests', {
    ...approvalParts,
    // The approval's one local activity, composed as the worker composes it, of its parts recorded under their names.
    connectIfRepresentative: (request: Parameters<typeof connectIfRepresentative>[0]) =>
      connectIfRepresentative(request, {
        currentTerms: files.effects.record<void, Terms>('currentTerms', approvalParts.currentTerms),
        checkCompanyRepresentative: files.effects.record(
          'checkCompanyRepresentative',
          approvalParts.checkCompanyRepresentative,
        ),
        recordConnection: files.effects.record('recordConnection', approvalParts.recordConnection),
        appendAuditEvents: async () => undefined,
      }),
    recordDocumentReview: () => undefined,
    recordDocumentsWithdrawn: () => undefined,
    activateOrganization: () => undefined,
    activateAdministrator: () => undefined,
    recordSetupExpired: () => undefined,
  });
  const { taskQueue } = files;
  beforeEach(() => {
    authorized = true;
  });

  /**
   * Starts a connection, drives it, and waits for its result. Only a test that waits out days (`skipsTime`)
   * lets the server skip time meanwhile: the time-skipping client's result() goes on skipping until it locks
   * again, past the next timer of every process an earlier test left waiting, and those days add up over a
   * file until its setups lapse together, a crowd under which the Java test server now and then hung a skip.
   */
  async function run(
    workflowId: string,
    args: ConnectionInput,
    drive: (client: TestWorkflowEnvironment['client']) => Promise<void>,
    { skipsTime = false } = {},
  ): Promise<ConnectionResult> {
    // Each test its own organisation, so each gets its own setup process.
    const organization = { ...args.organization, orgId: `${args.organization.orgId}-${workflowId}` };
    await files.env.client.workflow.start('connection', { taskQueue, workflowId, args: [{ ...args, organization }] });
    await drive(files.env.client);
    const client = skipsTime
      ? files.env.client
      : new Client({ connection: files.env.connection, namespace: files.env.namespace });
    return client.workflow.getHandle<typeof connection>(workflowId).result();
  }

  it('direct path for a CVR company: prepare, approve, register check, receipt and setup links', async () => {
    const result = await run('connection-direct', input(), async (client) => {
      await complete(client, 'connection-direct', 'prepare-connection', karen, { administrators: [admin] });
      const approved = await complete(client, 'connection-direct', 'approve-connection', karen, {
        decision: 'approve',
        acceptTerms: true,
        termsVersion: '2023-01',
      });
      assert.equal(approved.stage, 'connected');
      await pendingStep(client, 'setup-dk-cvr-12345678-connection-direct', 'setup-organization');
    });
    // The setup process mails its links beside its wait.
    await eventually('the setup invitation', async () => files.effects.invitations('setup-organization').length > 0);
    assert.deepEqual(result, { stage: 'connected' });
    // Each click was answered in the workflow task that took it (the register check and the records inside it).
    const history = await files.env.client.workflow.getHandle('connection-direct').fetchHistory();
    assert.deepEqual(
      updateRoundTrips(history, () => true).map((trip) => trip.workflowTasks),
      [1, 1],
    );
    // The Web UI sees the approval go straight to connected: the register check, inside the approval's task, is no
    // stage of its own. The process asks one patch as it starts, standing for every other, so each click's task
    // writes one upsert, its stage; the approval's runs one local activity (the check, then the record and the terms).
    assert.deepEqual(stageUpserts(history), ['awaiting-preparation', 'awaiting-approval', 'connected']);
    assert.deepEqual(patchMarkers(history), [linksDecideTheClicks]);
    const [preparation, approval] = updateRoundTrips(history, () => true);
    assert.deepEqual(
      [preparation!.searchAttributeUpserts, approval!.searchAttributeUpserts, approval!.localActivities],
      [1, 1, 1],
    );
    // The setup was started by follow-up work, not as a child within the approval's task.
    assert.equal(
      history.events!.filter((event) => event.startChildWorkflowExecutionInitiatedEventAttributes).length,
      0,
    );
    // The register is asked by identity (the keyed hash from the approver's login), not by a name.
    assert.deepEqual(files.effects.callsOf('checkCompanyRepresentative'), [
      { cvr: '12345678', identityDigest: 'ab'.repeat(32) },
    ]);
    const receipts = files.effects.callsOf('sendEmail').filter((mail) => mail.template === 'connection-receipt');
    assert.deepEqual(
      receipts.map((mail) => mail.to.email),
      [representative.email],
    );
    assert.deepEqual(
      files.effects.invitations('setup-organization').map((m) => m.recipient.email),
      [admin.email],
    );
    const recorded = files.effects.callsOf('recordConnection')[0] as {
      termsVersion: string;
      administrators: unknown[];
    };
    assert.equal(recorded.termsVersion, '2023-01');
    assert.deepEqual(recorded.administrators, [admin]);
  });

  it("binds an administrator's setup to the login they used earlier in the case", async () => {
    await run('connection-bound-setup', input(), async (client) => {
      await complete(client, 'connection-bound-setup', 'prepare-connection', karen, {
        administrators: [representative, admin],
      });
      await complete(client, 'connection-bound-setup', 'approve-connection', karen, {
        decision: 'approve',
        acceptTerms: true,
        termsVersion: '2023-01',
      });
      const setupId = 'setup-dk-cvr-12345678-connection-bound-setup';
      const choice = { allowPrivateMitId: true, separateMeans: [], ownLoginMethod: 'private' };
      // Another MitID with the same name is not Karen's login.
      await refusedWith(
        complete(client, setupId, 'setup-organization', person('namesake', representative.name), choice, 'admin-0'),
        'wrongPerson',
        'started-by-another-person',
      );
      await complete(client, setupId, 'setup-organization', karen, choice, 'admin-0');
      // Ada has not logged in before: her name is what binds her step.
      const notAda = await refusedWith(
        complete(
          client,
          setupId,
          'setup-organization',
          person('ada', 'Adam Other'),
          { ownLoginMethod: 'private' },
          'admin-1',
        ),
        'wrongPerson',
        'sent-to-another-person',
      );
      assert.deepEqual(notAda.details, [
        {
          rule: 'sent-to-another-person',
          recipientName: admin.name,
          organizationId: 'dk-cvr-12345678-connection-bound-setup',
        },
      ]);
    });
  });

  it('takes an approval its link claimed by signal: the link says what it accepts, the answer comes from it', async () => {
    const result = await run('connection-claimed', input(), async (client) => {
      const prepared = await complete(client, 'connection-claimed', 'prepare-connection', karen, {
        administrators: [admin],
      });
      // The next link, as the API saves it: with what it accepts, so the approval is claimed on it.
      assert.deepEqual(prepared.next?.acceptance, {
        recipientName: representative.name,
        expectedSubject: karen.subject,
        rule: { name: 'approval-decision', registrantPath: false },
        stageAfter: { approve: 'checking-company-register', reject: 'rejected', 'send-back': 'awaiting-revision' },
      });
      const claim: ClaimedStep = {
        step: 'approve-connection',
        key: prepared.next!.key,
        linkId: prepared.next!.linkId,
        actor: karen,
        input: { decision: 'approve', acceptTerms: true, termsVersion: '2023-01' },
      };
      await client.workflow.getHandle('connection-claimed').signal(stepClaimedSignal, claim);
      await client.workflow.getHandle('connection-claimed').signal(stepClaimedSignal, claim);
    });
    assert.deepEqual(result, { stage: 'connected' });
    // The register asked by the identity the claim carried, once.
    assert.deepEqual(files.effects.callsOf('checkCompanyRepresentative'), [
      { cvr: '12345678', identityDigest: 'ab'.repeat(32) },
    ]);
  });

  it('answers the representative with the next step when it is theirs', async () => {
    await run('connection-next', input(), async (client) => {
      const prepared = await complete(client, 'connection-next', 'prepare-connection', karen, {
        administrators: [admin],
      });
      assert.equal(prepared.stage, 'awaiting-approval');
      assert.equal(prepared.next?.step, 'approve-connection');
      await refusedWith(
        complete(client, 'connection-next', 'approve-connection', person('someone-else'), {
          decision: 'approve',
          acceptTerms: true,
          termsVersion: '2023-01',
        }),
        'wrongPerson',
        'started-by-another-person',
      );
      await complete(client, 'connection-next', 'approve-connection', karen, {
        decision: 'approve',
        acceptTerms: true,
        termsVersion: '2023-01',
      });
    });
  });

  it('answers a representative who follows the `next` link at once, while the approval invitation is still being sent', async () => {
    const mail = files.effects.holdMail();
    try {
      const result = await run('connection-next-at-once', input(), async (client) => {
        const prepared = await complete(client, 'connection-next-at-once', 'prepare-connection', karen, {
          administrators: [admin],
        });
        assert.equal(prepared.next?.step, 'approve-connection');
        const approved = await complete(client, 'connection-next-at-once', 'approve-connection', karen, {
          decision: 'approve',
          acceptTerms: true,
          termsVersion: '2023-01',
        });
        assert.equal(approved.stage, 'connected');
        assert.equal(files.effects.callsOf('recordConnection').length, 1);
        mail.release();
      });
      assert.deepEqual(result, { stage: 'connected' });
      // Mail and the setup's start went to the follow-up task queue, served only while CPU is to spare, the
      // setup's start and the receipt as one activity; the completed steps' audit rows went with the click's own
      // work: the preparation's with the approval's invitation, the approval's with its local activity.
      const scheduled = (
        (await files.env.client.workflow.getHandle('connection-next-at-once').fetchHistory()).events ?? []
      ).flatMap((event) => {
        const attributes = event.activityTaskScheduledEventAttributes;
        return attributes ? [`${attributes.activityType?.name} on ${attributes.taskQueue?.name}`] : [];
      });
      assert.deepEqual(scheduled, [
        `sendStepMessage on ${taskQueue}-follow-up`,
        `sendStepMessage on ${taskQueue}-follow-up`,
        `followUpConnection on ${taskQueue}-follow-up`,
      ]);
      assert.deepEqual(
        files.effects.callsOf('sendEmail').map((mail) => `${mail.template} to ${mail.to.email}`),
        [`connection-receipt to ${representative.email}`],
      );
      assert.deepEqual(
        files.effects.callsOf('recordAudit').map((event) => `${event.action} ${event.outcome}`),
        ['step:prepare-connection completed', 'step:approve-connection completed'],
      );
    } finally {
      mail.release();
    }
  });

  it('ends rejected when the company register does not list the approver', async () => {
    authorized = false;
    const result = await run('connection-unauthorized', input(), async (client) => {
      await complete(client, 'connection-unauthorized', 'prepare-connection', karen, { administrators: [admin] });
      const approved = await complete(client, 'connection-unauthorized', 'approve-connection', karen, {
        decision: 'approve',
        acceptTerms: true,
        termsVersion: '2023-01',
      });
      // The register's refusal is in the click's answer, not after it.
      assert.equal(approved.stage, 'rejected');
    });
    assert.deepEqual(result, { stage: 'rejected', reason: 'not in register' });
    assert.equal(files.effects.callsOf('recordConnection').length, 0);
    const history = await files.env.client.workflow.getHandle('connection-unauthorized').fetchHistory();
    assert.deepEqual(stageUpserts(history), ['awaiting-preparation', 'awaiting-approval', 'rejected']);
  });

  it('registrant path for a region: documents, representative approval, review, connected', async () => {
    const workflowId = 'connection-registrant';
    const result = await run(workflowId, regionInput(), async (client) => {
      const prepare = await pendingStep(client, workflowId, 'prepare-connection');
      assert.equal(prepare.acceptsDocuments, true);
      await refusedWith(
        complete(client, workflowId, 'prepare-connection', peter, { administrators: [admin] }),
        'invalid',
        'documents-required',
      );
      await client.workflow.getHandle(workflowId).executeUpdate(attachDocumentUpdate, {
        args: [{ step: 'prepare-connection', linkId: prepare.linkId!, actor: peter, document: pdf }],
      });
      await complete(client, workflowId, 'prepare-connection', peter, { administrators: [admin, registrant] });
      const approval = await pendingStep(client, workflowId, 'approve-connection');
      assert.equal(approval.recipient.email, representative.email);
      assert.equal(approval.context?.preparedBy, registrant.name);
      assert.deepEqual(approval.context?.administrators, [admin, registrant]);
      await complete(client, workflowId, 'approve-connection', karen, {
        decision: 'approve',
        acceptTerms: true,
        termsVersion: '2023-01',
      });
      await waitForStage(client, workflowId, 'awaiting-document-review');
      await client.workflow
        .getHandle(workflowId)
        .executeUpdate(reviewDocumentUpdate, { args: [{ documentId: 'doc-1', decision: 'approve', actor: operator }] });
    });
    assert.deepEqual(result, { stage: 'connected' });
    const receipts = files.effects
      .callsOf('sendEmail')
      .filter((mail) => mail.template === 'connection-receipt')
      .map((mail) => mail.to.email);
    assert.deepEqual(receipts.sort(), [representative.email, registrant.email].sort());
    assert.equal(files.effects.callsOf('checkCompanyRepresentative').length, 0);
  });

  it('a rejected document sends the initiator a resubmit step, and a new document can be approved', async () => {
    const workflowId = 'connection-resubmit';
    const result = await run(workflowId, regionInput(), async (client) => {
      const handle = await untilDocumentReview(client, workflowId);
      await refusedWith(
        handle.executeUpdate(reviewDocumentUpdate, {
          args: [{ documentId: 'nope', decision: 'approve', actor: operator }],
        }),
        'unknownDocument',
      );
      await handle.executeUpdate(reviewDocumentUpdate, {
        args: [{ documentId: 'doc-1', decision: 'reject', reason: 'Name not visible', actor: operator }],
      });
      const resubmit = await pendingStep(client, workflowId, 'resubmit-documents');
      assert.equal(resubmit.recipient.email, registrant.email);
      assert.equal(resubmit.context?.rejectionReasons, 'Name not visible');
      await refusedWith(
        handle.executeUpdate(attachDocumentUpdate, {
          args: [
            {
              step: 'resubmit-documents',
              key: resubmit.key,
              linkId: resubmit.linkId!,
              actor: { kind: 'person', subject: 'intruder', name: registrant.name },
              document: { ...pdf, documentId: 'doc-x' },
            },
          ],
        }),
        'wrongPerson',
        'started-by-another-person',
      );
      await handle.executeUpdate(attachDocumentUpdate, {
        args: [
          {
            step: 'resubmit-documents',
            key: resubmit.key,
            linkId: resubmit.linkId!,
            actor: peter,
            document: { ...pdf, documentId: 'doc-2' },
          },
        ],
      });
      await complete(client, workflowId, 'resubmit-documents', peter, {});
      await waitForStage(client, workflowId, 'awaiting-document-review');
      await handle.executeUpdate(reviewDocumentUpdate, {
        args: [{ documentId: 'doc-2', decision: 'approve', actor: operator }],
      });
    });
    assert.deepEqual(result, { stage: 'connected' });
    assert.deepEqual(files.effects.invitations('resubmit-documents')[0]?.details, ['Name not visible']);
  });

  it('the representative can reject: the process ends and the registrant is told', async () => {
    const workflowId = 'connection-rejected';
    const result = await run(workflowId, regionInput(), async (client) => {
      const prepare = await pendingStep(client, workflowId, 'prepare-connection');
      await client.workflow.getHandle(workflowId).executeUpdate(attachDocumentUpdate, {
        args: [{ step: 'prepare-connection', linkId: prepare.linkId!, actor: peter, document: pdf }],
      });
      await complete(client, workflowId, 'prepare-connection', peter, { administrators: [admin] });
      const rejected = await complete(client, workflowId, 'approve-connection', karen, {
        decision: 'reject',
        reason: 'Wrong administrators',
      });
      assert.equal(rejected.stage, 'rejected');
    });
    assert.deepEqual(result, { stage: 'rejected', reason: 'Wrong administrators' });
    const ended = files.effects.callsOf('sendEmail').filter((mail) => mail.template === 'process-ended');
    assert.deepEqual(
      ended.map((mail) => [mail.to.email, (mail.vars as { outcome: string }).outcome]),
      [[registrant.email, 'rejected']],
    );
  });

  it('reminds every 3 days and expires after 14, telling the people involved', async () => {
    const workflowId = 'connection-expiry';
    const result = await run(workflowId, input(), async () => undefined, { skipsTime: true });
    assert.deepEqual(result, { stage: 'expired', reason: 'A step was not completed in time' });
    assert.equal(files.effects.invitations('prepare-connection').length, 1);
    assert.equal(
      files.effects.invitations('prepare-connection', 'reminder').length,
      4,
      'reminded on days 3, 6, 9 and 12',
    );
    const ended = files.effects.callsOf('sendEmail').filter((mail) => mail.template === 'process-ended');
    assert.deepEqual(
      ended.map((mail) => mail.to.email),
      [representative.email],
    );
  });

  it('reminds the case workers after 10 working days of waiting for review', async () => {
    const workflowId = 'connection-review-reminder';
    await run(workflowId, regionInput(), async (client) => {
      const handle = await untilDocumentReview(client, workflowId);
      await files.env.sleep('15 days');
      const reminders = files.effects
        .callsOf('sendEmail')
        .filter((mail) => mail.template === 'document-review-reminder');
      assert.equal(reminders.length, 1);
      assert.equal(reminders[0]!.to.email, 'cases@example.dk');
      await handle.executeUpdate(reviewDocumentUpdate, {
        args: [{ documentId: 'doc-1', decision: 'approve', actor: operator }],
      });
    });
  });

  it('an operator can cancel with a reason', async () => {
    const workflowId = 'connection-cancel';
    const result = await run(workflowId, input(), async (client) => {
      await pendingStep(client, workflowId, 'prepare-connection');
      const cancelled = await client.workflow
        .getHandle(workflowId)
        .executeUpdate(cancelProcessUpdate, { args: [{ reason: 'Duplicate case', actor: operator }] });
      assert.equal(cancelled.stage, 'cancelled');
      const status = await client.workflow.getHandle(workflowId).query(processStatusQuery);
      assert.equal(status.pendingSteps.length, 0);
    });
    assert.deepEqual(result, { stage: 'cancelled', reason: 'Duplicate case' });
  });

  // After the tests that skip many days with env.sleep: the setups these leave waiting would wake at each skip.
  it('the representative sends the proposal back twice; the registrant revises each time; then approval, review, connected', async () => {
    const workflowId = 'connection-send-back';
    const other = { name: 'Ole Other', email: 'ole@example.dk' };
    const result = await run(workflowId, regionInput(), async (client) => {
      const handle = client.workflow.getHandle(workflowId);
      const prepare = await pendingStep(client, workflowId, 'prepare-connection');
      await handle.executeUpdate(attachDocumentUpdate, {
        args: [{ step: 'prepare-connection', linkId: prepare.linkId!, actor: peter, document: pdf }],
      });
      await complete(client, workflowId, 'prepare-connection', peter, { administrators: [admin] });

      const firstApproval = await pendingStep(client, workflowId, 'approve-connection');
      await refusedWith(
        complete(client, workflowId, 'approve-connection', karen, { decision: 'send-back' }),
        'invalid',
        'send-back-needs-reason',
      );
      const sentBack = await complete(client, workflowId, 'approve-connection', karen, {
        decision: 'send-back',
        reason: 'Add our IT manager as administrator',
      });
      assert.equal(sentBack.stage, 'awaiting-revision');
      // Round 1: a new, keyed prepare step showing the reason and the earlier choices.
      const revision = await pendingStep(client, workflowId, 'prepare-connection', 'round-1');
      assert.equal(revision.recipient.email, registrant.email);
      assert.equal(revision.context?.sentBackReason, 'Add our IT manager as administrator');
      assert.deepEqual(revision.context?.administrators, [admin]);
      assert.deepEqual(revision.context?.documents, [{ documentId: 'doc-1', documentType: 'payslip' }]);
      assert.equal(revision.acceptsDocuments, true);
      assert.notEqual(revision.linkId, prepare.linkId);
      // Bound to the registrant's login of the first round, not just to the name.
      await refusedWith(
        complete(
          client,
          workflowId,
          'prepare-connection',
          person('namesake', registrant.name),
          { administrators: [admin, other] },
          'round-1',
        ),
        'wrongPerson',
        'started-by-another-person',
      );
      // The document of the first round stays with the case: no new upload needed.
      const revised = await complete(
        client,
        workflowId,
        'prepare-connection',
        peter,
        { administrators: [admin, other] },
        'round-1',
      );
      assert.equal(revised.stage, 'awaiting-approval');

      const secondApproval = await pendingStep(client, workflowId, 'approve-connection', 'round-1');
      assert.notEqual(secondApproval.linkId, firstApproval.linkId);
      assert.deepEqual(secondApproval.context?.administrators, [admin, other]);
      assert.equal(secondApproval.context?.sentBackReason, 'Add our IT manager as administrator');
      await complete(
        client,
        workflowId,
        'approve-connection',
        karen,
        { decision: 'send-back', reason: 'Ole’s e-mail is his private one' },
        'round-1',
      );

      const secondRevision = await pendingStep(client, workflowId, 'prepare-connection', 'round-2');
      assert.deepEqual(secondRevision.context?.administrators, [admin, other]);
      const olesWorkMail = { name: other.name, email: 'ole.other@region-test.dk' };
      // The registrant replaces the document: the last one goes only once another is there.
      const replace = { administrators: [admin, olesWorkMail], withdrawDocuments: ['doc-1'] };
      await refusedWith(
        complete(client, workflowId, 'prepare-connection', peter, replace, 'round-2'),
        'invalid',
        'last-document-kept',
      );
      await refusedWith(
        complete(
          client,
          workflowId,
          'prepare-connection',
          peter,
          { ...replace, withdrawDocuments: ['doc-9'] },
          'round-2',
        ),
        'invalid',
        'withdrawn-document-unknown',
      );
      await handle.executeUpdate(attachDocumentUpdate, {
        args: [
          {
            step: 'prepare-connection',
            key: 'round-2',
            linkId: secondRevision.linkId!,
            actor: peter,
            document: { ...pdf, documentId: 'doc-2' },
          },
        ],
      });
      await complete(client, workflowId, 'prepare-connection', peter, replace, 'round-2');
      assert.equal((await pendingStep(client, workflowId, 'approve-connection', 'round-2')).context?.documents, 1);
      const approved = await complete(
        client,
        workflowId,
        'approve-connection',
        karen,
        { decision: 'approve', acceptTerms: true, termsVersion: '2023-01' },
        'round-2',
      );
      assert.equal(approved.stage, 'awaiting-document-review');

      const status = await handle.query(processStatusQuery);
      assert.deepEqual(
        status.events.filter((event) => event.type === 'sent-back').map((event) => event.detail),
        ['Add our IT manager as administrator', 'Ole’s e-mail is his private one'],
      );
      assert.deepEqual(
        (status.details as { documents: Array<{ documentId: string; status: string }> }).documents.map((d) => [
          d.documentId,
          d.status,
        ]),
        [
          ['doc-1', 'withdrawn'],
          ['doc-2', 'pending'],
        ],
      );
      assert.ok(status.events.some((event) => event.type === 'document-withdrawn'));
      assert.deepEqual(
        files.effects.callsOf('recordDocumentsWithdrawn'),
        [{ documentIds: ['doc-1'] }],
        'the withdrawn document’s row is marked too',
      );
      // A withdrawn document is not reviewed; the one that replaced it is.
      await refusedWith(
        handle.executeUpdate(reviewDocumentUpdate, {
          args: [{ documentId: 'doc-1', decision: 'approve', actor: operator }],
        }),
        'notPending',
      );
      await handle.executeUpdate(reviewDocumentUpdate, {
        args: [{ documentId: 'doc-2', decision: 'approve', actor: operator }],
      });
    });
    assert.deepEqual(result, { stage: 'connected' });
    const mine = files.effects
      .callsOf('sendStepMessage')
      .filter((message) => message.workflowId === workflowId && message.kind === 'invitation');
    assert.deepEqual(
      mine.map((message) => [message.step, message.key ?? null, message.recipient.email]),
      [
        ['prepare-connection', null, registrant.email],
        ['approve-connection', null, representative.email],
        ['prepare-connection', 'round-1', registrant.email],
        ['approve-connection', 'round-1', representative.email],
        ['prepare-connection', 'round-2', registrant.email],
        ['approve-connection', 'round-2', representative.email],
      ],
    );
    // The revision's invitation carries the reason.
    assert.deepEqual(mine[2]!.details, ['Add our IT manager as administrator']);
    const recorded = files.effects.callsOf('recordConnection')[0] as { administrators: unknown[] };
    assert.deepEqual(recorded.administrators, [admin, { name: 'Ole Other', email: 'ole.other@region-test.dk' }]);
  });

  it('a proposal the representative prepared cannot be sent back (there is no registrant)', async () => {
    const workflowId = 'connection-direct-send-back';
    await run(workflowId, input(), async (client) => {
      await complete(client, workflowId, 'prepare-connection', karen, { administrators: [admin] });
      await refusedWith(
        complete(client, workflowId, 'approve-connection', karen, { decision: 'send-back', reason: 'Change it' }),
        'invalid',
        'send-back-registrant-proposal-only',
      );
      assert.equal((await client.workflow.getHandle(workflowId).query(processStatusQuery)).stage, 'awaiting-approval');
      await complete(client, workflowId, 'approve-connection', karen, {
        decision: 'approve',
        acceptTerms: true,
        termsVersion: '2023-01',
      });
    });
  });

  it('a revision after a send-back reminds every 3 days and expires after 14, telling both', async () => {
    const workflowId = 'connection-send-back-expiry';
    const result = await run(
      workflowId,
      regionInput(),
      async (client) => {
        const prepare = await pendingStep(client, workflowId, 'prepare-connection');
        await client.workflow.getHandle(workflowId).executeUpdate(attachDocumentUpdate, {
          args: [{ step: 'prepare-connection', linkId: prepare.linkId!, actor: peter, document: pdf }],
        });
        await complete(client, workflowId, 'prepare-connection', peter, { administrators: [admin] });
        await complete(client, workflowId, 'approve-connection', karen, {
          decision: 'send-back',
          reason: 'Wrong administrator',
        });
        await pendingStep(client, workflowId, 'prepare-connection', 'round-1');
      },
      { skipsTime: true },
    );
    assert.deepEqual(result, { stage: 'expired', reason: 'A step was not completed in time' });
    const reminders = files.effects
      .invitations('prepare-connection', 'reminder')
      .filter((message) => message.workflowId === workflowId);
    assert.deepEqual(
      reminders.map((message) => message.key),
      ['round-1', 'round-1', 'round-1', 'round-1'],
      'reminded on days 3, 6, 9 and 12 of the revision',
    );
    const ended = files.effects
      .callsOf('sendEmail')
      .filter((mail) => mail.workflowId === workflowId && mail.template === 'process-ended');
    assert.deepEqual(ended.map((mail) => mail.to.email).sort(), [representative.email, registrant.email].sort());
  });

  it('tells the representative and registrant at once that the approval is under review, then sends the receipt', async () => {
    const workflowId = 'connection-under-review';
    const result = await run(workflowId, regionInput(), async (client) => {
      const handle = await untilDocumentReview(client, workflowId);
      const notices = () =>
        files.effects
          .callsOf('sendEmail')
          .filter((mail) => mail.workflowId === workflowId && mail.template === 'connection-under-review');
      await eventually('both under-review notices', async () => notices().length === 2);
      assert.deepEqual(
        notices()
          .map((mail) => mail.to.email)
          .sort(),
        [representative.email, registrant.email].sort(),
      );
      assert.equal(
        files.effects
          .callsOf('sendEmail')
          .filter((mail) => mail.workflowId === workflowId && mail.template === 'connection-receipt').length,
        0,
        'no receipt before the review',
      );
      const [notice] = notices();
      const rendered = renderEmail(notice!.template, notice!.language, notice!.vars);
      assert.match(rendered.subject, /Godkendelsen er modtaget: Region Test/);
      assert.match(rendered.text, /Karen Holm godkendte den .* tilslutningen af Region Test/);
      assert.match(rendered.text, /op til 10 arbejdsdage/);
      // Idempotent: each notice has its own outbox key.
      assert.equal(new Set(notices().map((mail) => mail.idempotencyKey)).size, 2);
      await handle.executeUpdate(reviewDocumentUpdate, {
        args: [{ documentId: 'doc-1', decision: 'approve', actor: operator }],
      });
    });
    assert.deepEqual(result, { stage: 'connected' });
    const mine = files.effects.callsOf('sendEmail').filter((mail) => mail.workflowId === workflowId);
    assert.deepEqual(
      mine.map((mail) => mail.template),
      ['connection-under-review', 'connection-under-review', 'connection-receipt', 'connection-receipt'],
    );
    // The preparation's audit row went with the approval's invitation; the approval leads to no work of its own
    // task on this path (the review comes first), so its row is written by an activity of its own.
    const history = await files.env.client.workflow.getHandle(workflowId).fetchHistory();
    const auditActivities = (history.events ?? []).filter(
      (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'recordAudit',
    );
    assert.equal(auditActivities.length, 1);
    assert.deepEqual(
      files.effects
        .callsOf('recordAudit')
        .filter((event) => event.workflowId === workflowId && event.outcome === 'completed')
        .map((event) => event.action),
      ['step:prepare-connection', 'step:approve-connection'],
    );
  });

  it('the receipt names the organisation and its id, who approved and when, the administrators, the terms and the documentation status', async () => {
    const workflowId = 'connection-receipt';
    await run(workflowId, regionInput(), async (client) => {
      const handle = await untilDocumentReview(client, workflowId);
      await handle.executeUpdate(reviewDocumentUpdate, {
        args: [{ documentId: 'doc-1', decision: 'approve', actor: operator }],
      });
    });
    const receipt = files.effects
      .callsOf('sendEmail')
      .find(
        (mail) =>
          mail.workflowId === workflowId &&
          mail.template === 'connection-receipt' &&
          mail.to.email === registrant.email,
      )!;
    const { subject, text } = renderEmail(receipt.template, receipt.language, receipt.vars);
    assert.equal(subject, 'Kvittering: Region Test er tilsluttet MitID Erhverv');
    assert.match(text, /Organisation: Region Test\n/);
    assert.match(text, /Organisations-id: dk-region-region-test-connection-receipt\n/);
    assert.match(text, /Godkendt af: Karen Holm den \d+\. \w+ \d{4} kl\. \d\d\.\d\d/);
    assert.match(text, /Vilkår: Terms, version 2023-01 \(https:\/\/example\.dk\/terms\)/);
    assert.match(text, /Dokumentation: godkendt af en sagsbehandler/);
    assert.match(text, /- Ada Admin <ada@example\.dk>/);

    // A CVR company: the CVR number, and the register's confirmation.
    await run('connection-receipt-cvr', input(), async (client) => {
      await complete(client, 'connection-receipt-cvr', 'prepare-connection', karen, { administrators: [admin] });
      await complete(client, 'connection-receipt-cvr', 'approve-connection', karen, {
        decision: 'approve',
        acceptTerms: true,
        termsVersion: '2023-01',
      });
    });
    const direct = files.effects
      .callsOf('sendEmail')
      .find((mail) => mail.workflowId === 'connection-receipt-cvr' && mail.template === 'connection-receipt')!;
    const directText = renderEmail(direct.template, direct.language, direct.vars).text;
    assert.match(directText, /CVR-nummer: 12345678\n/);
    assert.doesNotMatch(directText, /Organisations-id/);
    assert.match(directText, /Dokumentation: bekræftet via CVR-registeret/);
  });

  it('a foreign company is addressed in English, carries its own country, and follows the configured documentation rule', async () => {
    const workflowId = 'connection-foreign';
    const foreign = input({
      organization: {
        orgId: 'se-foreign-company-svensk-test-ab',
        name: 'Svensk Test AB',
        kind: 'foreign-company',
        country: 'SE',
      },
      initiator: { ...registrant, role: 'registrant' },
      documentationRequired: true,
    });
    const result = await run(workflowId, foreign, async (client) => {
      const prepare = await pendingStep(client, workflowId, 'prepare-connection');
      assert.equal(prepare.acceptsDocuments, true);
      const description = await client.workflow.getHandle(workflowId).describe();
      assert.deepEqual(description.searchAttributes.Country, ['SE']);
      await untilDocumentReview(client, workflowId).then((handle) =>
        handle.executeUpdate(reviewDocumentUpdate, {
          args: [{ documentId: 'doc-1', decision: 'approve', actor: operator }],
        }),
      );
    });
    assert.deepEqual(result, { stage: 'connected' });
    const mails: Array<{ language: string }> = [
      ...files.effects.callsOf('sendStepMessage').filter((message) => message.workflowId === workflowId),
      ...files.effects.callsOf('sendEmail').filter((mail: EmailRequest) => mail.workflowId === workflowId),
    ];
    assert.deepEqual([...new Set(mails.map((mail) => mail.language))], ['en']);
    const recorded = files.effects.callsOf('recordConnection')[0] as {
      organization: { country: string; language: string };
    };
    assert.deepEqual([recorded.organization.country, recorded.organization.language], ['SE', 'en']);
    // Its setup speaks English too, and carries the country.
    const setupId = 'setup-se-foreign-company-svensk-test-ab-connection-foreign';
    const setupInvitations = await eventually('the setup invitation', async () => {
      const sent = files.effects.invitations('setup-organization').filter((message) => message.workflowId === setupId);
      return sent.length > 0 ? sent : undefined;
    });
    assert.deepEqual(
      setupInvitations.map((message) => [message.recipient.email, message.language]),
      [[admin.email, 'en']],
    );
    assert.deepEqual((await files.env.client.workflow.getHandle(setupId).describe()).searchAttributes.Country, ['SE']);
  });

  it('a kind configured without documentation goes through the company register', async () => {
    const workflowId = 'connection-municipality-register';
    const municipality = input({
      organization: {
        orgId: 'dk-municipality-test-kommune',
        name: 'Test Kommune',
        kind: 'municipality',
        country: 'DK',
        cvr: '29189846',
      },
      documentationRequired: false,
    });
    const result = await run(workflowId, municipality, async (client) => {
      assert.equal((await pendingStep(client, workflowId, 'prepare-connection')).acceptsDocuments, false);
      await complete(client, workflowId, 'prepare-connection', karen, { administrators: [admin] });
      await complete(client, workflowId, 'approve-connection', karen, {
        decision: 'approve',
        acceptTerms: true,
        termsVersion: '2023-01',
      });
    });
    assert.deepEqual(result, { stage: 'connected' });
    assert.deepEqual(files.effects.callsOf('checkCompanyRepresentative'), [
      { cvr: '29189846', identityDigest: 'ab'.repeat(32) },
    ]);
  });
});

/** The registrant path up to the case workers: a document, prepared, approved by the representative. */
async function untilDocumentReview(client: TestWorkflowEnvironment['client'], workflowId: string) {
  const handle = client.workflow.getHandle(workflowId);
  const prepare = await pendingStep(client, workflowId, 'prepare-connection');
  await handle.executeUpdate(attachDocumentUpdate, {
    args: [{ step: 'prepare-connection', linkId: prepare.linkId!, actor: peter, document: pdf }],
  });
  await complete(client, workflowId, 'prepare-connection', peter, { administrators: [admin] });
  await complete(client, workflowId, 'approve-connection', karen, {
    decision: 'approve',
    acceptTerms: true,
    termsVersion: '2023-01',
  });
  await waitForStage(client, workflowId, 'awaiting-document-review');
  return handle;
}

async function waitForStage(
  client: TestWorkflowEnvironment['client'],
  workflowId: string,
  stage: string,
): Promise<void> {
  await eventually(
    `${workflowId} at ${stage}`,
    async () => (await client.workflow.getHandle(workflowId).query(processStatusQuery)).stage === stage,
  );
}
