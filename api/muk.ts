// Operator calls of the MUK connection: start one per municipality, see where it stands (JSON or the
// printable application), report what happened in the service portal, fetch the Service Provider's metadata.
import { Router } from 'express';
import { WorkflowNotFoundError } from '@temporalio/client';
import { mukEventSchema, mukEventSteps, type MukEvent, type MukEventType } from '../domain/muk/events';
import { serviceProviderMetadataXml } from '../domain/muk/metadata-xml';
import {
  municipalityKey,
  mukWorkflowId,
  startMukConnectionSchema,
  type StartMukConnection,
} from '../domain/muk/municipality';
import { isValidViewSignature } from '../links/view-links';
import type { MukConnectionDetails, MukConnectionInput } from '../workflows/muk-connection.messages';
import {
  cancelProcessUpdate,
  completeStepUpdate,
  processStatusQuery,
  type Actor,
  type ProcessStatus,
} from '../workflows/process.messages';
import type { ApiDeps } from './deps';
import { HttpError, parseOr422 } from './errors';
import { startProcessOnce, updateProcess } from './process-calls';
import { renderMukApplicationPage } from './pages/muk-application';
import { cancelBody, mukConnectionId } from './schemas';
import { operatorActor } from './middleware';

export async function mukStatus(
  temporal: ApiDeps['temporal'],
  id: string,
): Promise<ProcessStatus<MukConnectionDetails>> {
  try {
    const found = await temporal.workflow.getHandle(mukWorkflowId(id)).query(processStatusQuery);
    if (found.processType !== 'muk-connection') throw new HttpError(404, 'not_found', 'No MUK connection with that id');
    return found as ProcessStatus<MukConnectionDetails>;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new HttpError(404, 'not_found', 'No MUK connection with that id');
    throw error;
  }
}

/**
 * Starts a municipality's MUK connection (the API's POST /api/muk/connections and the console's start
 * form): 409 with the running case when one is in progress.
 */
export async function startMukConnection(
  { temporal, config }: Pick<ApiDeps, 'temporal' | 'config'>,
  body: StartMukConnection,
  /** The request, told the workflow id for its audit row. */
  req: { workflowId?: string },
): Promise<{ connectionId: string; workflowId: string }> {
  const key = municipalityKey(body.municipality.name, body.municipality.federalState);
  const workflowId = mukWorkflowId(key);
  req.workflowId = workflowId;
  const input: MukConnectionInput = {
    municipalityKey: key,
    request: body,
    vendor: config.mukVendor,
    timing: config.durations.muk,
  };
  await startProcessOnce(temporal, config, {
    processType: 'muk-connection',
    workflowId,
    args: [input],
    organizationName: body.municipality.name,
    alreadyRunning: {
      message: 'This municipality already has a MUK connection in progress',
      details: { connectionId: key, workflowId },
    },
  });
  return { connectionId: key, workflowId };
}

/** The console's start form (api/console/start.tsx): the start body's fields, each named by its path. */
export const mukFormFields = [
  'municipality.name',
  'municipality.federalState',
  'municipality.support.name',
  'municipality.support.email',
  'municipality.support.phone',
  'responsible.name',
  'responsible.email',
  'portalLoginUrl',
  'municipality.contact.name',
  'municipality.contact.email',
];

/** Every field the console's event forms may post (api/console/muk.tsx): the type and each event's own. */
export const mukEventFormFields = [
  'type',
  ...new Set(mukEventSchema.options.flatMap((option) => Object.keys(option.shape).filter((name) => name !== 'type'))),
];

/** The events the connection takes now, as its waiting steps name them (the workflow decides, e.g. whether the portal may refuse). */
export function awaitedMukEvents(status: Pick<ProcessStatus, 'pendingSteps'>): MukEventType[] {
  return status.pendingSteps.flatMap((pending) => (pending.context?.events as MukEventType[] | undefined) ?? []);
}

/**
 * Reports what happened in the service portal (the API's POST /api/muk/connections/:id/events and the
 * console's event buttons): 409 unless the connection awaits this event now. Answers the new stage.
 */
export async function sendMukEvent(
  temporal: ApiDeps['temporal'],
  id: string,
  event: MukEvent,
  actor: Actor,
): Promise<string> {
  // The portal's refusal answers the step its confirmation would; steps that repeat (another round)
  // carry a round key, which the pending one names. The process itself says whether it takes a refusal now.
  const step = mukEventSteps[event.type];
  const pending = (await mukStatus(temporal, id)).pendingSteps.find((waiting) => waiting.step === step);
  if (!pending) throw new HttpError(409, 'step_not_pending', `The connection is not waiting for ${event.type}`);
  const result = await updateProcess(
    temporal,
    mukWorkflowId(id),
    completeStepUpdate,
    [{ step, ...(pending.key ? { key: pending.key } : {}), actor, input: event }],
    'No MUK connection with that id',
  );
  return result.stage;
}

export function mukRouter({ temporal, config }: ApiDeps): Router {
  const router = Router();

  const status = (id: string) => mukStatus(temporal, id);

  router.post('/', async (req, res) => {
    const body = parseOr422(startMukConnectionSchema, req.body);
    res.status(201).json(await startMukConnection({ temporal, config }, body, req));
  });

  router.get('/:id', async (req, res) => {
    const id = parseOr422(mukConnectionId, req.params.id, 'path');
    req.workflowId = mukWorkflowId(id);
    const found = await status(id);
    const { stage, details, pendingSteps, events } = found;
    res.json({
      connectionId: id,
      workflowId: mukWorkflowId(id),
      stage,
      municipality: details.municipality,
      responsible: details.responsible,
      portalLoginUrl: details.portalLoginUrl,
      vorhabenReference: details.vorhabenReference ?? null,
      vorhabenReturned: details.vorhabenReturned ?? null,
      application: details.application,
      serviceProvider: details.serviceProvider,
      pendingSteps: pendingSteps.map(({ step, key, since, expiresAt, remindersSent }) => ({
        step,
        key,
        since,
        expiresAt,
        remindersSent,
      })),
      awaitedEvents: awaitedMukEvents(found),
      events,
    });
  });

  router.get('/:id/application', async (req, res) => {
    const id = parseOr422(mukConnectionId, req.params.id, 'path');
    req.workflowId = mukWorkflowId(id);
    const { stage, details } = await status(id);
    res.type('html').send(renderMukApplicationPage(details, stage));
  });

  router.get('/:id/service-provider/metadata.xml', async (req, res) => {
    const id = parseOr422(mukConnectionId, req.params.id, 'path');
    req.workflowId = mukWorkflowId(id);
    const { details } = await status(id);
    // The connection exists; its Service Provider does not yet: a state conflict, not an unknown resource.
    if (!details.serviceProvider)
      throw new HttpError(409, 'not_prepared', 'The Service Provider is prepared once the Vorhaben is confirmed');
    res
      .type('application/samlmetadata+xml')
      .send(serviceProviderMetadataXml(details.serviceProvider.plan, details.serviceProvider.certificates));
  });

  router.post('/:id/events', async (req, res) => {
    const id = parseOr422(mukConnectionId, req.params.id, 'path');
    const event = parseOr422(mukEventSchema, req.body);
    req.workflowId = mukWorkflowId(id);
    const stage = await sendMukEvent(temporal, id, event, operatorActor(req));
    res.json({ ok: true, stage });
  });

  router.post('/:id/cancel', async (req, res) => {
    const id = parseOr422(mukConnectionId, req.params.id, 'path');
    const body = parseOr422(cancelBody, req.body);
    req.workflowId = mukWorkflowId(id);
    const actor = operatorActor(req);
    const result = await updateProcess(
      temporal,
      mukWorkflowId(id),
      cancelProcessUpdate,
      [{ reason: body.reason, actor }],
      'No MUK connection with that id',
    );
    res.json({ ok: true, stage: result.stage });
  });

  return router;
}

/** The printable application behind a signed read-only link, for the responsible employee's browser. */
export function mukApplicationViewRouter({ temporal, config }: ApiDeps): Router {
  const router = Router();
  router.get('/muk/connections/:id/application', async (req, res) => {
    if (!isValidViewSignature(config.env.LINK_SIGNING_KEY, req.path, req.query.exp, req.query.sig)) {
      throw new HttpError(404, 'unknown_link', 'This link is not valid or has expired');
    }
    const id = parseOr422(mukConnectionId, req.params.id, 'path');
    req.workflowId = mukWorkflowId(id);
    const { stage, details } = await mukStatus(temporal, id);
    res.type('html').send(renderMukApplicationPage(details, stage));
  });
  return router;
}
