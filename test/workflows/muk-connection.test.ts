import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureServiceProviderKeys } from '../../activities/muk/keys';
import type { IntegrationCheckResult } from '../../activities/muk/integration-check';
import { openDatabase, type Db } from '../../db/open';
import { municipalityKey, startMukConnectionSchema } from '../../domain/muk/municipality';
import { defaultVendorProfile } from '../../domain/muk/vendor';
import { defaultDurations } from '../../temporal.config';
import type {
  MukConnectionDetails,
  MukConnectionInput,
  MukConnectionResult,
} from '../../workflows/muk-connection.messages';
import { completeStepUpdate, processStatusQuery } from '../../workflows/process.messages';
import { complete, operator, pendingStep, person, refusedWith } from '../support/process-driver';
import { seedRequest } from '../support/muk';
import { timeSkippingServer } from '../support/time-skipping';

const request = startMukConnectionSchema.parse(seedRequest);
const key = municipalityKey(request.municipality.name, request.municipality.federalState);

function input(municipality: string, withRequest = request): MukConnectionInput {
  return {
    municipalityKey: `${key}-${municipality}`,
    request: withRequest,
    vendor: defaultVendorProfile,
    timing: defaultDurations.muk,
  };
}

const contact = { name: 'Anna Amtmann', email: 'anna.amtmann@bad-toelz.de' };
const withContact = startMukConnectionSchema.parse({
  ...seedRequest,
  municipality: { ...seedRequest.municipality, contact },
});
const correctedData = {
  name: 'Stadt Bad Tölz',
  federalState: 'Bayern',
  support: { name: 'Servicestelle Wirtschaft', email: 'wirtschaft@bad-toelz.de' },
  portalLoginUrl: 'https://portal.bad-toelz.de/login',
};

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
  const server = timeSkippingServer();
  let db: Db;

  before(async () => {
    db = await openDatabase(join(mkdtempSync(join(tmpdir(), 'muk-')), 'app.sqlite'));
  });
  after(() => {
    db?.$client.close();
  });

  async function run(
    workflowId: string,
    args: MukConnectionInput,
    drive: (client: TestWorkflowEnvironment['client']) => Promise<void>,
  ): Promise<MukConnectionResult> {
    const activities = {
      ensureMukServiceProviderKeys: server.effects.record(
        'ensureMukServiceProviderKeys',
        (r: { municipalityKey: string; subject: { commonName: string; organisation: string } }) =>
          ensureServiceProviderKeys(db, r.municipalityKey, r.subject, new Date()),
      ),
      checkMukIntegration: server.effects.record('checkMukIntegration', () => passedCheck),
    };
    return server.withWorker('muk', activities, async (taskQueue) => {
      const handle = await server.env.client.workflow.start('mukConnection', { taskQueue, workflowId, args: [args] });
      await drive(server.env.client);
      return handle.result();
    });
  }

  const event = (
    client: TestWorkflowEnvironment['client'],
    workflowId: string,
    type: Parameters<typeof complete>[2],
    body: Record<string, unknown> = {},
  ) => complete(client, workflowId, type, operator, { type, ...body });

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
      assert.equal(tested.stage, 'done');
    });
    assert.deepEqual(result, { stage: 'done' });

    const invitation = server.effects.invitations('vorhaben-submitted')[0]!;
    assert.deepEqual(invitation.recipient, seedRequest.responsible);
    assert.equal(invitation.linkId, undefined, 'operator steps carry the page, not an action token');
    assert.equal(invitation.pagePath, `/muk/connections/${key}-happy/application`);
    assert.ok(invitation.details?.includes('- NEZO-Login & Postfach 2.0: Nur NEZO-Login'));
    const spDetails = server.effects.invitations('service-provider-created')[0]!.details ?? [];
    assert.ok(spDetails.includes('Entity-ID: https://bad-toelz.optigov.de/saml/muk/metadata'));
    assert.ok(
      spDetails.every((line) => line.length <= 1000),
      'every line fits the mail template',
    );

    const done = server.effects.callsOf('sendEmail').find((email) => email.template === 'muk-connection-done')!;
    assert.equal(done.to.email, 'support@bad-toelz.de');
    assert.ok(server.effects.callsOf('recordAudit').some((a) => a.outcome === 'done' && a.orgId === `${key}-happy`));

    const description = await server.env.client.workflow.getHandle(workflowId).describe();
    assert.deepEqual(description.searchAttributes.ProcessType, ['muk-connection']);
    assert.deepEqual(description.searchAttributes.Country, ['DE']);
    assert.deepEqual(description.searchAttributes.OrganizationId, [`${key}-happy`]);
    assert.deepEqual(description.searchAttributes.OrganizationName, ['Bad Tölz']);
    assert.deepEqual(description.searchAttributes.OnboardingStage, ['done']);

    const history = payloadText(await server.env.client.workflow.getHandle(workflowId).fetchHistory());
    assert.doesNotMatch(history, /PRIVATE KEY/, 'private keys never enter the history');
    assert.match(history, /BEGIN CERTIFICATE/, 'certificates do (so the search would find a key)');
  });

  it('answers an event that is not awaited now with StepNotPending', async () => {
    const workflowId = 'muk-not-awaited';
    await run(workflowId, input('not-awaited'), async (client) => {
      await pendingStep(client, workflowId, 'vorhaben-submitted');
      await refusedWith(
        client.workflow.getHandle(workflowId).executeUpdate(completeStepUpdate, {
          args: [{ step: 'vorhaben-confirmed', actor: operator, input: { type: 'vorhaben-confirmed' } }],
        }),
        'notPending',
      );
      await refusedWith(
        client.workflow.getHandle(workflowId).executeUpdate(completeStepUpdate, {
          args: [{ step: 'vorhaben-submitted', actor: operator, input: { type: 'vorhaben-submitted' } }],
        }),
        'invalid',
        'muk-event-of-this-step',
      );
      await event(client, workflowId, 'vorhaben-submitted', { reference: 'V-1' });
    });
  });

  it('reminds every 3 days and expires after 30 days without the Vorhaben, telling the responsible employee', async () => {
    const result = await run('muk-expired', input('expired'), async () => undefined);
    assert.deepEqual(result, { stage: 'expired', reason: 'A step was not completed in time' });
    assert.equal(
      server.effects.invitations('vorhaben-submitted', 'reminder').length,
      9,
      'reminded on days 3, 6, …, 27',
    );
    const ended = server.effects.callsOf('sendEmail').find((email) => email.template === 'process-ended')!;
    assert.equal(ended.to.email, seedRequest.responsible.email);
    assert.ok(server.effects.callsOf('recordAudit').some((a) => a.outcome === 'expired'));
  });

  it('expires waiting for the Service-Provider approval, after weekly reminders', async () => {
    const workflowId = 'muk-approval-expired';
    const result = await run(workflowId, input('approval-expired'), async (client) => {
      await event(client, workflowId, 'vorhaben-submitted', { reference: 'V-2' });
      await event(client, workflowId, 'vorhaben-confirmed');
      await event(client, workflowId, 'service-provider-created');
    });
    assert.equal(result.stage, 'expired');
    assert.equal(
      server.effects.invitations('service-provider-approved', 'reminder').length,
      8,
      'reminded on days 7, 14, …, 56',
    );
  });

  it('sends a failed integration test back to the Service Provider with the reason, then finishes', async () => {
    const workflowId = 'muk-retest';
    const result = await run(workflowId, input('retest'), async (client) => {
      await event(client, workflowId, 'vorhaben-submitted', { reference: 'V-3' });
      await event(client, workflowId, 'vorhaben-confirmed');
      await event(client, workflowId, 'service-provider-created');
      await event(client, workflowId, 'service-provider-approved');
      const failed = await event(client, workflowId, 'integration-tested', {
        result: 'failed',
        reason: 'ACS URL falsch eingetragen',
      });
      assert.equal(failed.stage, 'awaiting-service-provider-creation');
      const again = await pendingStep(client, workflowId, 'service-provider-created', 'round-2');
      assert.equal(again.key, 'round-2');
      const status = await client.workflow.getHandle(workflowId).query(processStatusQuery);
      assert.equal((status.details as MukConnectionDetails).serviceProvider?.lastFailure, 'ACS URL falsch eingetragen');
      await event(client, workflowId, 'service-provider-created');
      await event(client, workflowId, 'service-provider-approved');
      await event(client, workflowId, 'integration-tested', { result: 'passed' });
    });
    assert.deepEqual(result, { stage: 'done' });
    const resent = server.effects.invitations('service-provider-created');
    assert.equal(resent.length, 2, 'the Service-Provider step is mailed again');
    assert.ok(resent[1]!.details?.includes('Integrationstest fehlgeschlagen: ACS URL falsch eingetragen'));
    assert.equal(server.effects.callsOf('checkMukIntegration').length, 2);
    assert.equal(server.effects.callsOf('ensureMukServiceProviderKeys').length, 1, 'the keys are made once');
  });

  it("lets the municipality's contact correct its data first, and builds the application and the Service Provider from the correction", async () => {
    const workflowId = 'muk-contact';
    const result = await run(workflowId, input('contact', withContact), async (client) => {
      const handle = client.workflow.getHandle(workflowId);
      const waiting = await pendingStep(client, workflowId, 'confirm-municipality-data');
      assert.equal(waiting.requiresLogin, true);
      assert.equal((await handle.query(processStatusQuery)).stage, 'awaiting-municipality-data');
      // No Vorhaben before the municipality has confirmed its data.
      await refusedWith(
        handle.executeUpdate(completeStepUpdate, {
          args: [
            { step: 'vorhaben-submitted', actor: operator, input: { type: 'vorhaben-submitted', reference: 'V-0' } },
          ],
        }),
        'notPending',
      );
      const notAnna = await refusedWith(
        complete(client, workflowId, 'confirm-municipality-data', person('someone', 'Maria Muster'), correctedData),
        'wrongPerson',
        'sent-to-another-person',
      );
      assert.deepEqual(notAnna.details, [
        { rule: 'sent-to-another-person', recipientName: contact.name, organizationId: 'bad-toelz-by-contact' },
      ]);
      await refusedWith(
        complete(client, workflowId, 'confirm-municipality-data', person('anna', contact.name), {
          ...correctedData,
          portalLoginUrl: 'portal',
        }),
        'invalid',
        'municipality-data-valid',
      );

      const confirmed = await complete(
        client,
        workflowId,
        'confirm-municipality-data',
        person('anna', contact.name),
        correctedData,
      );
      assert.equal(confirmed.stage, 'awaiting-vorhaben-submission');
      const details = (await handle.query(processStatusQuery)).details as MukConnectionDetails;
      assert.equal(details.application.Vorhaben.Name, 'Stadt Bad Tölz');
      assert.equal(details.application.Vorhaben['NEZO-Login'], 'https://portal.bad-toelz.de/login');
      assert.deepEqual(details.application.Vorhaben.Support, {
        Name: 'Servicestelle Wirtschaft',
        'E-Mail': 'wirtschaft@bad-toelz.de',
      });

      await event(client, workflowId, 'vorhaben-submitted', { reference: 'V-10' });
      await event(client, workflowId, 'vorhaben-confirmed');
      await event(client, workflowId, 'service-provider-created');
      const prepared = (await handle.query(processStatusQuery)).details as MukConnectionDetails;
      assert.equal(prepared.serviceProvider?.plan.entityId, 'https://portal.bad-toelz.de/saml/muk/metadata');
      assert.equal(prepared.serviceProvider?.plan.contact.email, 'wirtschaft@bad-toelz.de');
      await event(client, workflowId, 'service-provider-approved');
      await event(client, workflowId, 'integration-tested', { result: 'passed' });
    });
    assert.deepEqual(result, { stage: 'done' });

    const invitation = server.effects.invitations('confirm-municipality-data')[0]!;
    assert.deepEqual(invitation.recipient, contact);
    assert.ok(invitation.linkId, 'the contact gets an action link');
    assert.ok(invitation.details?.includes('Name der Kommune: Bad Tölz'), invitation.details?.join('\n'));
    assert.ok(server.effects.invitations('vorhaben-submitted')[0]!.details?.includes('- Name: Stadt Bad Tölz'));
    assert.equal(
      server.effects.invitations('vorhaben-submitted')[0]!.organizationName,
      'Stadt Bad Tölz',
      'later mails carry the corrected name',
    );
    const done = server.effects.callsOf('sendEmail').filter((email) => email.template === 'muk-connection-done');
    assert.deepEqual(
      done.map((email) => email.to.email),
      ['wirtschaft@bad-toelz.de', contact.email],
    );
    assert.equal((done[0]!.vars as { entityId?: string }).entityId, 'https://portal.bad-toelz.de/saml/muk/metadata');
    assert.ok(server.effects.callsOf('recordAudit').some((a) => a.outcome === 'corrected'));
    const description = await server.env.client.workflow.getHandle(workflowId).describe();
    assert.deepEqual(description.searchAttributes.OrganizationName, ['Stadt Bad Tölz']);
  });

  it('reminds the contact every 3 days and ends after 30 days without the confirmation', async () => {
    const result = await run('muk-contact-silent', input('contact-silent', withContact), async () => undefined);
    assert.deepEqual(result, { stage: 'expired', reason: 'A step was not completed in time' });
    assert.equal(server.effects.invitations('confirm-municipality-data', 'reminder').length, 9);
    assert.equal(server.effects.invitations('vorhaben-submitted').length, 0);
  });

  it('sends a returned Vorhaben back to be corrected and submitted again, twice, then goes on once it is confirmed', async () => {
    const workflowId = 'muk-returned';
    const result = await run(workflowId, input('returned'), async (client) => {
      const handle = client.workflow.getHandle(workflowId);
      await event(client, workflowId, 'vorhaben-submitted', { reference: 'V-20' });
      const returned = await complete(client, workflowId, 'vorhaben-confirmed', operator, {
        type: 'vorhaben-returned',
        reason: 'Bundesland fehlt',
      });
      assert.equal(returned.stage, 'awaiting-vorhaben-submission');
      const again = await pendingStep(client, workflowId, 'vorhaben-submitted', 'round-2');
      assert.equal(again.key, 'round-2');
      assert.equal(
        ((await handle.query(processStatusQuery)).details as MukConnectionDetails).vorhabenReturned,
        'Bundesland fehlt',
      );
      // A return is awaited only while the confirmation is.
      await refusedWith(
        handle.executeUpdate(completeStepUpdate, {
          args: [
            {
              step: 'vorhaben-confirmed',
              key: 'round-2',
              actor: operator,
              input: { type: 'vorhaben-returned', reason: 'x' },
            },
          ],
        }),
        'notPending',
      );
      await event(client, workflowId, 'vorhaben-submitted', { reference: 'V-21' });
      await complete(client, workflowId, 'vorhaben-confirmed', operator, {
        type: 'vorhaben-returned',
        reason: 'Support-Telefon fehlt',
      });
      await event(client, workflowId, 'vorhaben-submitted', { reference: 'V-22' });
      await event(client, workflowId, 'vorhaben-confirmed');
      const status = await handle.query(processStatusQuery);
      assert.equal(status.stage, 'awaiting-service-provider-creation');
      const details = status.details as MukConnectionDetails;
      assert.equal(details.vorhabenReference, 'V-22');
      assert.equal(details.vorhabenReturned, undefined);
      assert.deepEqual(
        status.events.filter((e) => e.type === 'vorhaben-returned').map((e) => e.detail),
        ['Bundesland fehlt', 'Support-Telefon fehlt'],
      );
      await event(client, workflowId, 'service-provider-created');
      await event(client, workflowId, 'service-provider-approved');
      await event(client, workflowId, 'integration-tested', { result: 'passed' });
    });
    assert.deepEqual(result, { stage: 'done' });
    const rounds = server.effects.invitations('vorhaben-submitted');
    assert.deepEqual(
      rounds.map((r) => r.key),
      [undefined, 'round-2', 'round-3'],
    );
    assert.ok(rounds[1]!.details?.includes('Vom MUK-Serviceportal zurückgegeben: Bundesland fehlt'));
    assert.ok(rounds[2]!.details?.includes('Vom MUK-Serviceportal zurückgegeben: Support-Telefon fehlt'));
    assert.ok(!rounds[0]!.details?.some((line) => line.startsWith('Vom MUK-Serviceportal')));
    assert.equal(
      server.effects.invitations('vorhaben-confirmed').length,
      3,
      'each round waits for the confirmation again',
    );
    assert.equal(server.effects.callsOf('recordAudit').filter((a) => a.outcome === 'returned').length, 2);
  });

  it('expires a Vorhaben round the employee never submits again after a return', async () => {
    const workflowId = 'muk-returned-expired';
    const result = await run(workflowId, input('returned-expired'), async (client) => {
      await event(client, workflowId, 'vorhaben-submitted', { reference: 'V-30' });
      await complete(client, workflowId, 'vorhaben-confirmed', operator, {
        type: 'vorhaben-returned',
        reason: 'Ziel unklar',
      });
    });
    assert.equal(result.stage, 'expired');
    assert.equal(
      server.effects.invitations('vorhaben-submitted', 'reminder').filter((r) => r.key === 'round-2').length,
      9,
    );
  });

  it('sends a rejected Service Provider back to be created again with the reason, then goes on once it is approved', async () => {
    const workflowId = 'muk-rejected';
    const result = await run(workflowId, input('rejected'), async (client) => {
      const handle = client.workflow.getHandle(workflowId);
      await event(client, workflowId, 'vorhaben-submitted', { reference: 'V-40' });
      await event(client, workflowId, 'vorhaben-confirmed');
      // No rejection before the Service Provider is reported created.
      await refusedWith(
        handle.executeUpdate(completeStepUpdate, {
          args: [
            {
              step: 'service-provider-approved',
              key: 'round-1',
              actor: operator,
              input: { type: 'service-provider-rejected', reason: 'x' },
            },
          ],
        }),
        'notPending',
      );
      await event(client, workflowId, 'service-provider-created', { serviceProviderId: 'SP-4' });
      // The Vorhaben is no longer the question.
      await refusedWith(
        complete(client, workflowId, 'service-provider-approved', operator, { type: 'vorhaben-returned', reason: 'x' }),
        'invalid',
        'muk-event-of-this-step',
      );
      const rejected = await complete(client, workflowId, 'service-provider-approved', operator, {
        type: 'service-provider-rejected',
        reason: 'ACS-URL nicht erreichbar',
      });
      assert.equal(rejected.stage, 'awaiting-service-provider-creation');
      await pendingStep(client, workflowId, 'service-provider-created', 'round-2');
      const details = (await handle.query(processStatusQuery)).details as MukConnectionDetails;
      assert.equal(details.serviceProvider?.lastRejection, 'ACS-URL nicht erreichbar');
      assert.equal(details.serviceProvider?.approved, false);
      await event(client, workflowId, 'service-provider-created');
      await event(client, workflowId, 'service-provider-approved');
      const approved = (await handle.query(processStatusQuery)).details as MukConnectionDetails;
      assert.equal(approved.serviceProvider?.lastRejection, undefined);
      assert.equal(approved.serviceProvider?.portalServiceProviderId, 'SP-4');
      await event(client, workflowId, 'integration-tested', { result: 'passed' });
    });
    assert.deepEqual(result, { stage: 'done' });
    const created = server.effects.invitations('service-provider-created');
    assert.equal(created.length, 2);
    assert.ok(created[1]!.details?.includes('Vom MUK-Serviceportal abgelehnt: ACS-URL nicht erreichbar'));
    assert.equal(server.effects.callsOf('checkMukIntegration').length, 1, 'a rejected Service Provider is not tested');
    assert.equal(server.effects.callsOf('ensureMukServiceProviderKeys').length, 1);
    assert.ok(server.effects.callsOf('recordAudit').some((a) => a.outcome === 'rejected'));
  });
});
