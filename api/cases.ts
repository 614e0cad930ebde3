// Operator calls on any process ("case"), whatever its type: find cases by stage through Temporal's
// visibility (the search attributes the Web UI filters by), show one, re-send a step's e-mail, cancel.
// `npm run ops` is a client of these. Open cases are the running processes and the organisations whose
// setup lapsed (their setup process has ended `expired`; POST /api/organizations/:orgId/setup/resend).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { WorkflowNotFoundError, type WorkflowExecutionInfo } from '@temporalio/client';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import { z } from 'zod';
import type { AppConfig } from '../config/env';
import { findOrganizationRow } from '../db/organizations';
import { searchAttributes } from '../temporal.config';
import { cancelProcessUpdate, processStatusQuery, resendStepUpdate, type Actor } from '../workflows/process.messages';
import type { ApiDeps } from './deps';
import { HttpError, parseOr422 } from './errors';
import { updateProcess } from './process-calls';
import { nameWords, listCasesQuery, caseId, resendBody, cancelBody } from './schemas';
import { operatorActor } from './middleware';

export type CaseFilter = Omit<z.infer<typeof listCasesQuery>, 'limit'>;

const expiredSetup = `(${searchAttributes.processType.name}="setup" AND ${searchAttributes.onboardingStage.name}="expired")`;

/** The visibility query for a listing: values are validated above, so quoting them is safe. */
export function casesQuery(filter: CaseFilter): string {
  const clauses: string[] = [];
  if (filter.status === 'running') clauses.push(`(ExecutionStatus="Running" OR ${expiredSetup})`);
  if (filter.processType) clauses.push(`${searchAttributes.processType.name}="${filter.processType}"`);
  if (filter.stage) clauses.push(`${searchAttributes.onboardingStage.name}="${filter.stage}"`);
  if (filter.organizationId) clauses.push(`${searchAttributes.organizationId.name}="${filter.organizationId}"`);
  if (filter.country) clauses.push(`${searchAttributes.country.name}="${filter.country}"`);
  for (const word of nameWords(filter.text ?? '')) clauses.push(`${searchAttributes.organizationName.name}="${word}"`);
  return clauses.join(' AND ');
}

export type CaseSummary = ReturnType<typeof summary>;

function summary(info: Omit<WorkflowExecutionInfo, 'raw'>) {
  const attributes = info.typedSearchAttributes;
  return {
    workflowId: info.workflowId,
    type: info.type,
    status: info.status.name,
    processType: attributes.get(searchAttributes.processType) ?? null,
    stage: attributes.get(searchAttributes.onboardingStage) ?? null,
    organizationId: attributes.get(searchAttributes.organizationId) ?? null,
    organizationName: attributes.get(searchAttributes.organizationName) ?? null,
    country: attributes.get(searchAttributes.country) ?? null,
    startTime: info.startTime.toISOString(),
    closeTime: info.closeTime?.toISOString() ?? null,
  };
}

/**
 * An ended setup run is an open case while nobody has set its organisation up, if it is the newest run of
 * its id; a restarted one is open as the running run. `connected`: a
 * setup that lapsed before lapses were recorded on the organisation.
 */
async function stillOpen(
  { db, temporal }: Pick<ApiDeps, 'db' | 'temporal'>,
  info: Omit<WorkflowExecutionInfo, 'raw'>,
  seen: Set<string>,
): Promise<boolean> {
  if (info.status.name === 'RUNNING') {
    seen.add(info.workflowId);
    return true;
  }
  if (seen.has(info.workflowId)) return false;
  seen.add(info.workflowId);
  // A restart's run is the case now, also where visibility lists it on another page than this ended one.
  if ((await temporal.workflow.getHandle(info.workflowId).describe()).runId !== info.runId) return false;
  const orgId = info.typedSearchAttributes.get(searchAttributes.organizationId);
  const status = orgId === undefined ? undefined : (await findOrganizationRow(db, orgId))?.status;
  return status === 'setup_expired' || status === 'connected';
}

export const casePageSize = 25;

/**
 * Visibility's page token, signed: the server answers an edited one with an unspecific failure, so only a
 * token it gave us reaches it (`<token>.<signature>`, base64url).
 */
function signedPage(config: AppConfig, token: Uint8Array): string {
  const encoded = Buffer.from(token).toString('base64url');
  return `${encoded}.${pageSignature(config, encoded)}`;
}

function pageSignature(config: AppConfig, encoded: string): string {
  return createHmac('sha256', config.env.PSEUDONYM_KEY)
    .update(`case list page|${encoded}`)
    .digest('base64url')
    .slice(0, 22);
}

function pageToken(config: AppConfig, page: string): Buffer {
  const [encoded = '', signature = ''] = page.split('.');
  const expected = pageSignature(config, encoded);
  if (signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
    throw new HttpError(422, 'invalid_request', 'The request query is invalid', [
      { path: 'page', message: 'not a page of this listing' },
    ]);
  }
  return Buffer.from(encoded, 'base64url');
}

/**
 * One page of cases as visibility pages them (newest first), and the signed token of the next page; a page
 * of open cases may hold fewer than `casePageSize` where ended runs of a setup are left out.
 */
export async function listCasePage(
  deps: Pick<ApiDeps, 'temporal' | 'db' | 'config'>,
  filter: CaseFilter,
  page?: string,
): Promise<{ cases: CaseSummary[]; nextPage: string | null }> {
  const { temporal, config } = deps;
  const namespace = temporal.options.namespace;
  const response = await temporal.workflowService.listWorkflowExecutions({
    namespace,
    query: casesQuery(filter),
    pageSize: casePageSize,
    nextPageToken: page ? pageToken(config, page) : undefined,
  });
  const seen = new Set<string>();
  const cases: CaseSummary[] = [];
  for (const raw of response.executions) {
    const info = await executionInfoFromRaw(raw, temporal.options.loadedDataConverter, raw, namespace);
    if (filter.status === 'running' && !(await stillOpen(deps, info, seen))) continue;
    cases.push(summary(info));
  }
  const next = response.nextPageToken;
  return { cases, nextPage: next && next.length > 0 ? signedPage(config, next) : null };
}

const noSuchCase = 'No case with that workflow id';

/** One case: what visibility knows, and what the process says of itself (stage, pending steps, events, its own details). */
export async function describeCase({ temporal }: Pick<ApiDeps, 'temporal'>, workflowId: string) {
  const handle = temporal.workflow.getHandle(workflowId);
  let description;
  try {
    description = await handle.describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new HttpError(404, 'not_found', noSuchCase);
    throw error;
  }
  // A process without the status query (a ping) still shows what visibility knows.
  const status = await handle.query(processStatusQuery).catch(() => undefined);
  return {
    ...summary(description),
    summary: (await description.staticSummary()) ?? null,
    memo: description.memo ?? {},
    pendingSteps: status?.pendingSteps.map(({ linkId: _linkId, context: _context, ...step }) => step) ?? [],
    events: status?.events ?? [],
    details: status?.details ?? {},
  };
}

export type CaseView = Awaited<ReturnType<typeof describeCase>>;

/** Re-sends a pending step's e-mail with a new link (the old one stops working), to a corrected recipient where given. */
export async function resendCaseStep(
  { temporal }: Pick<ApiDeps, 'temporal'>,
  workflowId: string,
  body: z.infer<typeof resendBody>,
  actor: Actor,
) {
  const sent = await updateProcess(temporal, workflowId, resendStepUpdate, [{ ...body, actor }], noSuchCase);
  return {
    ok: true as const,
    step: body.step,
    expiresAt: sent.expiresAt,
    ...(body.recipient ? { recipient: body.recipient } : {}),
  };
}

export async function cancelCase(
  { temporal }: Pick<ApiDeps, 'temporal'>,
  workflowId: string,
  body: z.infer<typeof cancelBody>,
  actor: Actor,
) {
  const result = await updateProcess(
    temporal,
    workflowId,
    cancelProcessUpdate,
    [{ reason: body.reason, actor }],
    noSuchCase,
  );
  return { ok: true as const, stage: result.stage };
}

export function casesRouter(deps: ApiDeps): Router {
  const { temporal } = deps;
  const router = Router();

  router.get('/', async (req, res) => {
    const filter = parseOr422(listCasesQuery, req.query, 'query');
    const cases = [];
    const seen = new Set<string>();
    for await (const info of temporal.workflow.list({
      query: casesQuery(filter),
      pageSize: Math.min(filter.limit, 1000),
    })) {
      if (filter.status === 'running' && !(await stillOpen(deps, info, seen))) continue;
      cases.push(summary(info));
      if (cases.length >= filter.limit) break;
    }
    res.json({ query: casesQuery(filter), cases });
  });

  router.get('/:workflowId', async (req, res) => {
    const workflowId = parseOr422(caseId, req.params.workflowId, 'path');
    req.workflowId = workflowId;
    res.json(await describeCase(deps, workflowId));
  });

  router.post('/:workflowId/resend', async (req, res) => {
    const workflowId = parseOr422(caseId, req.params.workflowId, 'path');
    const body = parseOr422(resendBody, req.body);
    req.workflowId = workflowId;
    res.status(202).json(await resendCaseStep(deps, workflowId, body, operatorActor(req)));
  });

  router.post('/:workflowId/cancel', async (req, res) => {
    const workflowId = parseOr422(caseId, req.params.workflowId, 'path');
    const body = parseOr422(cancelBody, req.body);
    req.workflowId = workflowId;
    res.json(await cancelCase(deps, workflowId, body, operatorActor(req)));
  });

  return router;
}
