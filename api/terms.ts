// Operator calls for terms versions: publish an update (notified to every administrator, in effect
// `noticeMonths` after the last notice) or an addition (in effect at once), and see current and pending.
import { createHash } from 'node:crypto';
import { Router } from 'express';
import {
  QueryNotRegisteredError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { z } from 'zod';
import { currentTerms, findTermsVersion, pendingTerms, saveTermsVersion, type TermsVersion } from '../db/terms';
import { termsNoticePageSize } from '../domain/terms';
import { searchAttributes } from '../temporal.config';
import {
  termsUpdateStatusQuery,
  termsWorkflowId,
  type PublishedTerms,
  type TermsUpdateInput,
  type TermsUpdateStatus,
} from '../workflows/terms-update.messages';
import type { ApiDeps } from './deps';
import { HttpError, parseOr422 } from './errors';
import { startWorkflow } from '../config/temporal';
import { publishBody, type TermsOverview } from './schemas';

/** The console's publish form (api/console/terms.tsx): the fields it offers. */
export const termsFormFields = ['version', 'title', 'url', 'kind'];

function view(row: TermsVersion) {
  return {
    version: row.version,
    title: row.title,
    url: row.url,
    kind: row.kind,
    publishedAt: row.publishedAt,
    notifiedAllAt: row.notifiedAllAt,
    effectiveAt: row.effectiveAt,
  };
}

/** The terms now and the updates under way, with each update's progress as its process reports it. */
export async function termsOverview(
  { temporal, db }: Pick<ApiDeps, 'temporal' | 'db'>,
  now = new Date(),
): Promise<TermsOverview> {
  const pending = await Promise.all(
    (await pendingTerms(db, now)).map(async (row) => {
      let status: TermsUpdateStatus | undefined;
      try {
        status = await temporal.workflow.getHandle(termsWorkflowId(row.version)).query(termsUpdateStatusQuery);
      } catch (error) {
        // A version the process has not registered yet, or one published before processes kept it: no progress to show.
        if (!(error instanceof WorkflowNotFoundError) && !(error instanceof QueryNotRegisteredError)) throw error;
      }
      return {
        ...view(row),
        stage: status?.stage ?? null,
        reminderAt: status?.reminderAt ?? null,
        notice: status
          ? {
              lastNotice: status.lastNotice,
              organizationsTotal: status.organizationsTotal,
              organizationsNotified: status.organizationsNotified,
              emailsSent: status.emailsSent,
            }
          : null,
      };
    }),
  );
  return { current: view(await currentTerms(db, now)), pending };
}

/**
 * Publishes a terms version (the API's POST /api/terms and the console's form): 409 when the version
 * exists. An update's process notifies every administrator; an addition is in effect at once.
 */
export async function publishTerms(
  { temporal, config, db }: Pick<ApiDeps, 'temporal' | 'config' | 'db'>,
  body: z.infer<typeof publishBody>,
  /** The request, told the workflow id for its audit row. */
  req: { workflowId?: string },
): Promise<ReturnType<typeof view> & { workflowId: string }> {
  const workflowId = termsWorkflowId(body.version);
  req.workflowId = workflowId;
  const refuse = (existing?: TermsVersion) =>
    new HttpError(
      409,
      'terms_version_exists',
      `Terms version ${body.version} has already been published`,
      existing ? view(existing) : undefined,
    );
  const existing = await findTermsVersion(db, body.version);
  if (existing) throw refuse(existing);

  const terms: PublishedTerms = {
    version: body.version,
    title: body.title,
    url: body.url,
    text: body.text ?? null,
    contentHash: createHash('sha256')
      .update(body.text ?? body.url)
      .digest('hex'),
    kind: body.kind,
    publishedAt: new Date().toISOString(),
  };
  const input: TermsUpdateInput = {
    terms,
    noticeMonths: config.durations.terms.noticeMonths,
    reminderBefore: config.durations.terms.reminderBefore,
    lateConnectionSweepEvery: config.durations.terms.lateConnectionSweepEvery,
    earlierUpdatePollEvery: config.durations.terms.earlierUpdatePollEvery,
    pageSize: termsNoticePageSize,
  };
  // The workflow id is the duplicate check two simultaneous publications cannot both pass; the
  // workflow writes the row too, so a crash right after starting it loses nothing.
  try {
    await startWorkflow(temporal, 'termsUpdate', {
      workflowId,
      taskQueue: config.temporal.taskQueue,
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      memo: { termsVersion: body.version },
      staticSummary: `Terms ${body.kind} ${body.version}: ${body.title}`,
      typedSearchAttributes: [
        { key: searchAttributes.processType, value: 'terms' },
        { key: searchAttributes.onboardingStage, value: 'published' },
      ],
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) throw refuse(await findTermsVersion(db, body.version));
    throw error;
  }
  await saveTermsVersion(db, { ...terms, effectiveAt: terms.kind === 'addition' ? terms.publishedAt : null });
  return { ...view((await findTermsVersion(db, body.version))!), workflowId };
}

export function termsRouter(deps: ApiDeps): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    res.json(await termsOverview(deps));
  });

  router.post('/', async (req, res) => {
    const body = parseOr422(publishBody, req.body);
    res.status(201).json(await publishTerms(deps, body, req));
  });

  return router;
}
