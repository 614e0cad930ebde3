import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ensureServiceProviderKeys } from '../../activities/muk/keys';
import type { IntegrationCheckResult } from '../../activities/muk/integration-check';
import { openDatabase, type Db } from '../../db/open';
import { municipalityKey, startMukConnectionSchema } from '../../domain/muk/municipality';
import { defaultVendorProfile } from '../../domain/muk/vendor';
import { defaultDurations } from '../../temporal.config';
import type { MukConnectionDetails, MukConnectionInput, MukConnectionResult } from '../../workflows/muk-connection.messages';
import { completeStepUpdate, processStatusQuery, stepFailureTypes } from '../../workflows/process.messages';
import { workflowBundle } from '../support/bundle';
import { RecordedEffects } from '../support/fake-step-activities';
import { complete, operator, pendingStep } from '../support/process-driver';
import { seedRequest } from '../support/muk';
import { quietRuntime } from '../support/stack';
import { createTimeSkippingEnv } from '../support/time-skipping';

const request = startMukConnectionSchema.parse(seedRequest);
const key = municipalityKey(request.municipality.name, request.municipality.federalState);

function input(municipality: string): MukConnectionInput {
  return {
    municipalityKey: `${key}-${municipality}`,
    request,
    vendor: defaultVendorProfile,
    timing: defaultDurations.muk,
  };
}

/** Every payload of a history, decoded: what a reader of the history (or a stolen export) would see. */
function payloadText(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map(payloadText).join('\n');
  if (value && typeof value === 'object') return Object.values(value).map(payloadText).join('\n');
  return '';
}

const passedCheck: IntegrationCheckResult = {
  passed: true,
  checkedAt: '2026-01-01T00:00:00.000Z',
  checks: [{ name: 'login-reachable', ok: true, detail: 'answered 200' }],
};

describe('MUK connection workflow (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  let db: Db;
  let effects: RecordedEffects;

  before(async () => {
    quietRuntime();
    env = await createTimeSkippingEnv();
    db = openDatabase(join(mkdtempSync(join(tmpdir(), 'muk-')), 'app.sqlite'));
  });
  after(async () => {
    db?.$client.close();
    await env?.teardown();
  });
  beforeEach(() => {
    effects = new RecordedEffects();
  });

  async function run(workflowId: string, args: MukConnectionInput, drive: (client: TestWorkflowEnvironment['client']) => Promise<void>): Promise<MukConnectionResult> {
    const taskQueue = `muk-${workflowId}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: {
        ...effects.stepActivities(),
        ensureMukServiceProviderKeys: effects.record('ensureMukServiceProviderKeys', (r: { municipalityKey: string; subject: { commonName: string; organisation: string } }) =>
          ensureServiceProviderKeys(db, r.municipalityKey, r.subject, new Date()),
        ),
        checkMukIntegration: effects.record('checkMukIntegration', () => passedCheck),
      },
    });
    return worker.runUntil(async () => {
      const handle = await env.client.workflow.start('mukConnection', { taskQueue, workflowId, args: [args] });
      await drive(env.client);
      return handle.result();
    });
  }

  const event = (client: TestWorkflowEnvironment['client'], workflowId: string, type: Parameters<typeof complete>[2], body: Record<string, unknown> = {}) =>
    complete(client, workflowId, type, operator, { type, ...body });

  it('runs from the Vorhaben to done, mailing the application, preparing the Service Provider and telling the support contact', async () => {
    const workflowId = 'muk-happy';
    const result = await run(workflowId, input('happy'), async (client) => {
      await event(client, workflowId, 'vorhaben-submitted', { reference: 'V-4711' });
      await event(client, workflowId, 'vorhaben-confirmed');
      await event(client, workflowId, 'service-provider-created', { serviceProviderId: 'SP-1' });
      const status = await client.workflow.getHandle(workflowId).query(processStatusQuery);
      const details = status.details as MukConnectionDetails;
      assert.equal(details.vorhabenReference, 'V-4711');
      assert.equal(details.serviceProvider?.plan.entityId, 'https://bad-toelz.optigov.de/saml/muk/metadata');
      assert.equal(details.serviceProvider?.form.Datenkranz, 'OZG-Datenkranz');
      await event(client, workflowId, 'service-provider-approved');
      const tested = await event(client, workflowId, 'integration-tested', { result: 'passed' });
      assert.equal(tested.state, 'done');
    });
    assert.deepEqual(result, { stage: 'done' });

    const invitation = effects.invitations('vorhaben-submitted')[0]!;
    assert.deepEqual(invitation.recipient, seedRequest.responsible);
    assert.equal(invitation.linkId, undefined, 'operator steps carry the page, not an action token');
    assert.equal(invitation.pagePath, `/muk/connections/${key}-happy/application`);
    assert.ok(invitation.details?.includes('- NEZO-Login & Postfach 2.0: Nur NEZO-Login'));
    const spDetails = effects.invitations('service-provider-created')[0]!.details ?? [];
    assert.ok(spDetails.includes('Entity-ID: https://bad-toelz.optigov.de/saml/muk/metadata'));
    assert.ok(spDetails.every((line) => line.length <= 1000), 'every line fits the mail template');

    const done = effects.emails.find((email) => email.template === 'muk-connection-done')!;
    assert.equal(done.to.email, 'support@bad-toelz.de');
    assert.ok(effects.audit.some((a) => a.outcome === 'done' && a.orgId === `${key}-happy`));

    const description = await env.client.workflow.getHandle(workflowId).describe();
    assert.deepEqual(description.searchAttributes.ProcessType, ['muk-connection']);
    assert.deepEqual(description.searchAttributes.Country, ['DE']);
    assert.deepEqual(description.searchAttributes.OrganizationId, [`${key}-happy`]);
    assert.deepEqual(description.searchAttributes.OrganizationName, ['Bad Tölz']);
    assert.deepEqual(description.searchAttributes.OnboardingStage, ['done']);

    const history = payloadText(await env.client.workflow.getHandle(workflowId).fetchHistory());
    assert.doesNotMatch(history, /PRIVATE KEY/, 'private keys never enter the history');
    assert.match(history, /BEGIN CERTIFICATE/, 'certificates do (so the search would find a key)');
  });

  it('answers an event that is not awaited now with StepNotPending', async () => {
    const workflowId = 'muk-not-awaited';
    await run(workflowId, input('not-awaited'), async (client) => {
      await pendingStep(client, workflowId, 'vorhaben-submitted');
      await assert.rejects(
        client.workflow.getHandle(workflowId).executeUpdate(completeStepUpdate, {
          args: [{ step: 'vorhaben-confirmed', actor: operator, input: { type: 'vorhaben-confirmed' } }],
        }),
        (error: unknown) => error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === stepFailureTypes.notPending,
      );
      await assert.rejects(
        client.workflow.getHandle(workflowId).executeUpdate(completeStepUpdate, {
          args: [{ step: 'vorhaben-submitted', actor: operator, input: { type: 'vorhaben-submitted' } }],
        }),
        (error: unknown) => error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === stepFailureTypes.invalid,
      );
      await event(client, workflowId, 'vorhaben-submitted', { reference: 'V-1' });
    });
  });

  it('reminds every 3 days and expires after 30 days without the Vorhaben, telling the responsible employee', async () => {
    const result = await run('muk-expired', input('expired'), async () => undefined);
    assert.deepEqual(result, { stage: 'expired', reason: 'A step was not completed in time' });
    assert.equal(effects.invitations('vorhaben-submitted', 'reminder').length, 9, 'reminded on days 3, 6, …, 27');
    const ended = effects.emails.find((email) => email.template === 'process-ended')!;
    assert.equal(ended.to.email, seedRequest.responsible.email);
    assert.ok(effects.audit.some((a) => a.outcome === 'expired'));
  });

  it('expires waiting for the Service-Provider approval, after weekly reminders', async () => {
    const workflowId = 'muk-approval-expired';
    const result = await run(workflowId, input('approval-expired'), async (client) => {
      await event(client, workflowId, 'vorhaben-submitted', { reference: 'V-2' });
      await event(client, workflowId, 'vorhaben-confirmed');
      await event(client, workflowId, 'service-provider-created');
    });
    assert.equal(result.stage, 'expired');
    assert.equal(effects.invitations('service-provider-approved', 'reminder').length, 8, 'reminded on days 7, 14, …, 56');
  });

  it('sends a failed integration test back to the Service Provider with the reason, then finishes', async () => {
    const workflowId = 'muk-retest';
    const result = await run(workflowId, input('retest'), async (client) => {
      await event(client, workflowId, 'vorhaben-submitted', { reference: 'V-3' });
      await event(client, workflowId, 'vorhaben-confirmed');
      await event(client, workflowId, 'service-provider-created');
      await event(client, workflowId, 'service-provider-approved');
      const failed = await event(client, workflowId, 'integration-tested', { result: 'failed', reason: 'ACS URL falsch eingetragen' });
      assert.equal(failed.state, 'awaiting-service-provider-creation');
      const again = await pendingStep(client, workflowId, 'service-provider-created', 'round-2');
      assert.equal(again.key, 'round-2');
      const status = await client.workflow.getHandle(workflowId).query(processStatusQuery);
      assert.equal((status.details as MukConnectionDetails).serviceProvider?.lastFailure, 'ACS URL falsch eingetragen');
      await event(client, workflowId, 'service-provider-created');
      await event(client, workflowId, 'service-provider-approved');
      await event(client, workflowId, 'integration-tested', { result: 'passed' });
    });
    assert.deepEqual(result, { stage: 'done' });
    const resent = effects.invitations('service-provider-created');
    assert.equal(resent.length, 2, 'the Service-Provider step is mailed again');
    assert.ok(resent[1]!.details?.includes('Integrationstest fehlgeschlagen: ACS URL falsch eingetragen'));
    assert.equal(effects.callsOf('checkMukIntegration').length, 2);
    assert.equal(effects.callsOf('ensureMukServiceProviderKeys').length, 1, 'the keys are made once');
  });
});
