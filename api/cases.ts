// Operator calls on any process ("case"), whatever its type: find cases by stage through Temporal's
// visibility (the search attributes the Web UI filters by), show one, re-send a step's e-mail, cancel.
// `npm run ops` is a client of these. Open cases are the running processes and the organisations whose
// setup lapsed (their setup process has ended `expired`; POST /api/organizations/:orgId/setup/resend).
import { Router } from 'express';
import { WorkflowNotFoundError, type WorkflowExecutionInfo } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { organizations } from '../db/schema';
import { personName } from '../domain/names';
import { email } from '../domain/step-inputs';
import { stepNames } from '../domain/steps';
import { searchAttributes } from '../temporal.config';
import { cancelProcessUpdate, processStatusQuery, resendStepUpdate } from '../workflows/process.messages';
import type { ApiDeps } from './deps';
import { HttpError, parseOr422 } from './errors';
import { updateProcess } from './process-calls';

export const processTypes = ['connection', 'setup', 'user-activation', 'bulk-activation', 'terms', 'muk-connection'] as const;

export const listCasesQuery = z.strictObject({
  processType: z.enum(processTypes).optional(),
  stage: z.string().regex(/^[a-z0-9-]{1,64}$/, 'a stage such as awaiting-approval').optional(),
  organizationId: z.string().regex(/^[a-z0-9-]{1,100}$/).optional(),
  status: z.enum(['running', 'all']).default('running'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const caseId = z.string().regex(/^[A-Za-z0-9][\w.:-]{0,254}$/, 'not a workflow id');
export const resendBody = z.strictObject({
  step: z.enum(stepNames),
  key: z.string().trim().min(1).max(200).optional(),
  /** The person the step should have gone to: the new link goes to them, and only they may complete it. */
  recipient: z.strictObject({ name: personName, email }).optional(),
}).meta({ examples: [{ step: 'prepare-connection' }] });
export const cancelCaseBody = z.strictObject({ reason: z.string().trim().min(1).max(1000) });

const expiredSetup = `(${searchAttributes.processType.name}="setup" AND ${searchAttributes.onboardingStage.name}="expired")`;

/** The visibility query for a listing: values are validated above, so quoting them is safe. */
export function casesQuery(filter: z.infer<typeof listCasesQuery>): string {
  const clauses: string[] = [];
  if (filter.status === 'running') clauses.push(`(ExecutionStatus="Running" OR ${expiredSetup})`);
  if (filter.processType) clauses.push(`${searchAttributes.processType.name}="${filter.processType}"`);
  if (filter.stage) clauses.push(`${searchAttributes.onboardingStage.name}="${filter.stage}"`);
  if (filter.organizationId) clauses.push(`${searchAttributes.organizationId.name}="${filter.organizationId}"`);
  return clauses.join(' AND ');
}

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
    startTime: info.startTime.toISOString(),
    closeTime: info.closeTime?.toISOString() ?? null,
  };
}

export function casesRouter({ temporal, db }: ApiDeps): Router {
  const router = Router();

  /**
   * An ended setup run is an open case while nobody has set its organisation up, once per organisation
   * (visibility lists the newest run first); a restarted one is open as the running run. `connected`: a
   * setup that lapsed before lapses were recorded on the organisation.
   */
  function stillOpen(info: Omit<WorkflowExecutionInfo, 'raw'>, seen: Set<string>): boolean {
    if (info.status.name === 'RUNNING') {
      seen.add(info.workflowId);
      return true;
    }
    if (seen.has(info.workflowId)) return false;
    seen.add(info.workflowId);
    const orgId = info.typedSearchAttributes.get(searchAttributes.organizationId);
    const status = orgId === undefined ? undefined : db.select({ status: organizations.status }).from(organizations).where(eq(organizations.orgId, orgId)).get()?.status;
    return status === 'setup_expired' || status === 'connected';
  }

  router.get('/', async (req, res) => {
    const filter = parseOr422(listCasesQuery, req.query, 'query');
    const cases = [];
    const seen = new Set<string>();
    for await (const info of temporal.workflow.list({ query: casesQuery(filter), pageSize: Math.min(filter.limit, 1000) })) {
      if (filter.status === 'running' && !stillOpen(info, seen)) continue;
      cases.push(summary(info));
      if (cases.length >= filter.limit) break;
    }
    res.json({ query: casesQuery(filter), cases });
  });

  router.get('/:workflowId', async (req, res) => {
    const workflowId = parseOr422(caseId, req.params.workflowId, 'path');
    req.workflowId = workflowId;
    const handle = temporal.workflow.getHandle(workflowId);
    let description;
    try {
      description = await handle.describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new HttpError(404, 'not_found', 'No case with that workflow id');
      throw error;
    }
    // A process without the status query (a ping) still shows what visibility knows.
    const status = await handle.query(processStatusQuery).catch(() => undefined);
    res.json({
      ...summary(description),
      summary: (await description.staticSummary()) ?? null,
      memo: description.memo ?? {},
      pendingSteps: status?.pendingSteps.map(({ linkId: _linkId, context: _context, ...step }) => step) ?? [],
      events: status?.events ?? [],
    });
  });

  router.post('/:workflowId/resend', async (req, res) => {
    const workflowId = parseOr422(caseId, req.params.workflowId, 'path');
    const body = parseOr422(resendBody, req.body);
    req.workflowId = workflowId;
    const actor = { kind: 'operator' as const, keyId: req.operator!.keyId };
    const sent = await updateProcess(temporal, workflowId, resendStepUpdate, [{ ...body, actor }], 'No case with that workflow id');
    res.status(202).json({ ok: true, step: body.step, expiresAt: sent.expiresAt, ...(body.recipient ? { recipient: body.recipient } : {}) });
  });

  router.post('/:workflowId/cancel', async (req, res) => {
    const workflowId = parseOr422(caseId, req.params.workflowId, 'path');
    const body = parseOr422(cancelCaseBody, req.body);
    req.workflowId = workflowId;
    const actor = { kind: 'operator' as const, keyId: req.operator!.keyId };
    const result = await updateProcess(temporal, workflowId, cancelProcessUpdate, [{ reason: body.reason, actor }], 'No case with that workflow id');
    res.json({ ok: true, stage: result.state });
  });

  return router;
}
