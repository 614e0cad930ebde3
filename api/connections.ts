// Operator calls of the connection process: start one, see where it stands, review its documents, cancel it.
import { Router, type Response } from 'express';
import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { attachedDocument, documentBytes, documentsOf, type StoredDocument } from '../db/documents';
import { organizationKey } from '../domain/organization';
import { reviewDocumentUpdate, type ConnectionInput } from '../workflows/connection.messages';
import { cancelProcessUpdate, processStatusQuery, type Actor } from '../workflows/process.messages';
import type { ApiDeps } from './deps';
import { HttpError, parseOr422 } from './errors';
import { startProcessOnce, updateProcess } from './process-calls';
import {
  startConnectionBody,
  reviewBody,
  cancelBody,
  connectionId,
  documentId,
  documentQuery,
  type ReviewBody,
} from './schemas';
import { operatorActor } from './middleware';

export const connectionWorkflowId = (id: string) => `connection-${id}`;

/**
 * A stored document of the connection as the case worker reads it: the bytes under the type their first
 * bytes proved, never sniffed; in a frame of this origin only, sandboxed by its own answer (a `sandbox`
 * attribute on the frame would keep Chromium from showing a PDF at all), never cached.
 */
function sendDocument(res: Response, row: StoredDocument, bytes: Buffer, disposition: 'attachment' | 'inline'): void {
  const extension = { 'application/pdf': '.pdf', 'image/png': '.png', 'image/jpeg': '.jpg' }[row.mediaType] ?? '';
  // res.attachment encodes any file name safely (RFC 6266); inline takes the same parameters.
  res.attachment(row.originalName ?? `${row.documentId}${extension}`);
  if (disposition === 'inline')
    res.setHeader('Content-Disposition', String(res.getHeader('Content-Disposition')).replace(/^attachment/, 'inline'));
  res.type(row.mediaType);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'; frame-ancestors 'self'");
  res.setHeader('X-Frame-Options', 'SAMEORIGIN');
  res.send(bytes);
}

/**
 * Approves or rejects a document awaiting review: the operator API's review and the console's review form
 * both decide through this.
 */
export async function reviewDocument(
  deps: Pick<ApiDeps, 'temporal'>,
  id: string,
  documentId: string,
  body: ReviewBody,
  actor: Actor,
): Promise<{ status: 'approved' | 'rejected' }> {
  return updateProcess(
    deps.temporal,
    connectionWorkflowId(id),
    reviewDocumentUpdate,
    [{ documentId, ...body, actor }],
    'No connection with that id',
  );
}

export type StartConnectionBody = z.infer<typeof startConnectionBody>;

/** The console's start form (api/console/start.tsx): this body's fields, each named by its path. */
export const connectionFormFields = [
  'organization.name',
  'organization.kind',
  'organization.country',
  'organization.cvr',
  'initiator.role',
  'initiator.name',
  'initiator.email',
  'representative.name',
  'representative.email',
];

/**
 * Starts an organisation's connection (the API's POST /api/connections and the console's start form):
 * 422 where the kind needs a CVR number it lacks, 409 with the running case when one is in progress.
 */
export async function startConnection(
  { temporal, config }: Pick<ApiDeps, 'temporal' | 'config'>,
  body: StartConnectionBody,
  /** The request, told the workflow id for its audit row. */
  req: { workflowId?: string },
): Promise<{ connectionId: string; workflowId: string }> {
  const documentationRequired = config.documentationRequiredKinds.includes(body.organization.kind);
  // Without documentation the company register confirms the representative, and it knows organisations by CVR.
  if (!documentationRequired && !body.organization.cvr) {
    throw new HttpError(422, 'invalid_request', 'The request body is invalid', [
      {
        path: 'organization.cvr',
        message: `a ${body.organization.kind} proves its representative through the company register here: name its CVR number`,
      },
    ]);
  }
  const orgId = organizationKey(body.organization);
  const workflowId = connectionWorkflowId(orgId);
  req.workflowId = workflowId;
  const { initiator } = body;
  const input: ConnectionInput = {
    organization: { orgId, ...body.organization },
    initiator,
    representative:
      initiator.role === 'representative' ? { name: initiator.name, email: initiator.email } : body.representative!,
    timing: { ...config.durations.connection, setup: config.durations.setup },
    caseWorkerEmail: config.env.CASEWORKER_EMAIL,
    documentationRequired,
  };
  await startProcessOnce(temporal, config, {
    processType: 'connection',
    workflowId,
    args: [input],
    organizationName: body.organization.name,
    alreadyRunning: {
      message: 'This organisation already has a connection in progress',
      details: { connectionId: orgId, workflowId },
    },
  });
  return { connectionId: orgId, workflowId };
}

export function connectionsRouter(deps: ApiDeps): Router {
  const { temporal, db } = deps;
  const router = Router();
  const workflowIdOf = connectionWorkflowId;

  router.post('/', async (req, res) => {
    const body = parseOr422(startConnectionBody, req.body);
    const started = await startConnection(deps, body, req);
    res.status(201).json(started);
  });

  router.get('/:id', async (req, res) => {
    const id = parseOr422(connectionId, req.params.id, 'path');
    const workflowId = workflowIdOf(id);
    req.workflowId = workflowId;
    let status;
    try {
      status = await temporal.workflow.getHandle(workflowId).query(processStatusQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new HttpError(404, 'not_found', 'No connection with that id');
      throw error;
    }
    const stored = await documentsOf(db, workflowId);
    const details = status.details as { organization: unknown; documents: Array<{ documentId: string }> } & Record<
      string,
      unknown
    >;
    res.json({
      connectionId: id,
      workflowId,
      stage: status.stage,
      organization: details.organization,
      initiator: details.initiator,
      administrators: details.administrators,
      termsVersion: details.termsVersion,
      documents: details.documents.map((document) => {
        const row = stored.find((r) => r.documentId === document.documentId);
        return {
          ...document,
          mediaType: row?.mediaType,
          sizeBytes: row?.sizeBytes,
          originalName: row?.originalName,
          uploadedAt: row?.createdAt,
        };
      }),
      pendingSteps: status.pendingSteps.map(({ linkId: _linkId, ...step }) => step),
      events: status.events,
    });
  });

  router.get('/:id/documents/:documentId', async (req, res) => {
    const id = parseOr422(connectionId, req.params.id, 'path');
    const document = parseOr422(documentId, req.params.documentId, 'path');
    const { disposition } = parseOr422(documentQuery, req.query, 'query');
    const workflowId = workflowIdOf(id);
    req.workflowId = workflowId;
    const row = await attachedDocument(db, workflowId, document);
    if (!row) throw new HttpError(404, 'unknown_document', 'No such document in this connection');
    const bytes = await documentBytes(db, row.documentId);
    if (!bytes) throw new HttpError(404, 'unknown_document', 'The document’s bytes are no longer stored');
    sendDocument(res, row, bytes, disposition);
  });

  router.post('/:id/documents/:documentId/review', async (req, res) => {
    const id = parseOr422(connectionId, req.params.id, 'path');
    const body = parseOr422(reviewBody, req.body);
    req.workflowId = workflowIdOf(id);
    const result = await reviewDocument(deps, id, String(req.params.documentId), body, operatorActor(req));
    res.json({ ok: true, documentId: req.params.documentId, status: result.status });
  });

  router.post('/:id/cancel', async (req, res) => {
    const id = parseOr422(connectionId, req.params.id, 'path');
    const body = parseOr422(cancelBody, req.body);
    const workflowId = workflowIdOf(id);
    req.workflowId = workflowId;
    const result = await updateProcess(
      temporal,
      workflowId,
      cancelProcessUpdate,
      [{ reason: body.reason, actor: operatorActor(req) }],
      'No connection with that id',
    );
    res.json({ ok: true, stage: result.stage });
  });

  return router;
}
