// Operator calls for terms versions: publish an update (notified to every administrator, in effect
// `noticeMonths` after the last notice) or an addition (in effect at once), and see current and pending.
import { createHash } from 'node:crypto';
import { Router } from 'express';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import { z } from 'zod';
import { currentTerms, findTermsVersion, pendingTerms, saveTermsVersion, type TermsVersion } from '../db/terms';
import { termsNoticePageSize, termsVersionPattern } from '../domain/terms';
import { searchAttributes } from '../temporal.config';
import { termsWorkflowId, type PublishedTerms, type TermsUpdateInput } from '../workflows/terms-update.messages';
import type { ApiDeps } from './deps';
import { HttpError, parseOr422 } from './errors';

export const publishBody = z.strictObject({
  version: z.string().regex(termsVersionPattern, 'letters, digits, ".", "_" or "-", at most 64, e.g. "2025-06"'),
  title: z.string().trim().min(1).max(300),
  url: z.url({ protocol: /^https?$/, message: 'an http(s) address of the terms' }),
  kind: z.enum(['update', 'addition']),
  /** The terms' text, where the publisher has it: the content hash is then the text's. */
  text: z.string().min(1).max(200_000).regex(/\S/, 'the text must not be blank').optional(),
});

function view(row: TermsVersion) {
  return { version: row.version, title: row.title, url: row.url, kind: row.kind, publishedAt: row.publishedAt, notifiedAllAt: row.notifiedAllAt, effectiveAt: row.effectiveAt };
}

export function termsRouter({ temporal, config, db }: ApiDeps): Router {
  const router = Router();

  router.get('/', (_req, res) => {
    const now = new Date();
    res.json({ current: view(currentTerms(db, now)), pending: pendingTerms(db, now).map(view) });
  });

  router.post('/', async (req, res) => {
    const body = parseOr422(publishBody, req.body);
    const workflowId = termsWorkflowId(body.version);
    req.workflowId = workflowId;
    const refuse = (existing?: TermsVersion) =>
      new HttpError(409, 'terms_version_exists', `Terms version ${body.version} has already been published`, existing ? view(existing) : undefined);
    const existing = findTermsVersion(db, body.version);
    if (existing) throw refuse(existing);

    const terms: PublishedTerms = {
      version: body.version,
      title: body.title,
      url: body.url,
      text: body.text ?? null,
      contentHash: createHash('sha256').update(body.text ?? body.url).digest('hex'),
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
      await temporal.workflow.start('termsUpdate', {
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
      if (error instanceof WorkflowExecutionAlreadyStartedError) throw refuse(findTermsVersion(db, body.version));
      throw error;
    }
    saveTermsVersion(db, { ...terms, effectiveAt: terms.kind === 'addition' ? terms.publishedAt : null });
    const row = findTermsVersion(db, body.version)!;
    res.status(201).json({ ...view(row), workflowId });
  });

  return router;
}
