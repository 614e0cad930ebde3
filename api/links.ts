// The path of every click: GET /l/<token> shows the step (no side effect: mail scanners fetch links),
// POST /l/<token> completes it: where the process wrote on the link what the step accepts, the link decides
// (api/link-claims.ts) and the person is answered at once with the stage the process moves to; otherwise
// through the workflow's `completeStep` Update, whose validator decides whether the step is still pending and
// whether this person may act, and the answer is the stage once the process has acted.
// Before login a link shows only the step, the organisation and the recipient's first name (mail
// scanners and forwarded mails see no more); the rest only to the person it was sent to. A person who
// is not is answered 403 with whom it was sent to, and the refusal is audited. Nothing here is cached.
import express, { Router, type Request, type Response, type NextFunction } from 'express';
import { WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../db/audit';
import type { MitIdMeansBroker } from '../activities/mitid-means';
import { appMetrics } from '../config/metrics';
import { durationMs } from '../domain/duration';
import type { LinkAcceptance } from '../domain/link-acceptance';
import type { Language } from '../domain/language';
import { firstName, samePerson } from '../domain/person-name';
import { linkStepInputs } from '../domain/step-inputs';
import type { StepName } from '../domain/steps';
import { currentTerms, findTermsVersion } from '../db/terms';
import { discardDocument, keepDocument, markDocumentAttached } from '../db/documents';
import { findLink, linkUrl, markLinkUsed, saveLink, type ActionLink } from '../links/store';
import { verifyLinkToken } from '../links/tokens';
import { searchAttributes } from '../temporal.config';
import {
  actorLabel,
  attachDocumentUpdate,
  canAttachDocumentQuery,
  completeStepUpdate,
  mayActQuery,
  processStatusQuery,
  type Actor,
  type AttachDocumentCheck,
  type PendingStepView,
} from '../workflows/process.messages';
import type { ApiDeps } from './deps';
import { receiveDocumentUpload, uploadsDir } from './document-upload';
import { browserLanguage } from './pages/language';
import { HttpError, parseOr422 } from './errors';
import { httpErrorFromUpdate } from './process-calls';
import { acceptanceRefusal, claimClick, closedLinkRefusal, setupJudgement } from './link-claims';
import { activationCodeFields, handOutActivationCode, type HandedOutCode } from './means-activation';
import {
  renderActivationCodePage,
  renderLoginAgainPage,
  renderProblemPage,
  renderResultPage,
  renderStepPage,
  renderWrongPersonPage,
  type StepPageModel,
  type TermsLink,
} from './pages/step-page';
import { rateLimit } from './rate-limit';
import { loginUrlFor } from './session';
import { checkStepInput } from './step-checks';
import { formToStepInput } from './step-forms';
import { fieldProblem } from './pages/texts';
import { stepPageQuery } from './schemas';

function wantsHtml(req: Request): boolean {
  return req.accepts(['application/json', 'text/html']) === 'text/html';
}

interface OpenedLink {
  token: string;
  link: ActionLink;
  step: StepName;
  language: Language;
}

export function linksRouter(deps: ApiDeps & { meansBroker: MitIdMeansBroker }): Router {
  const { db, config, temporal, meansBroker } = deps;
  const signingKey = config.env.LINK_SIGNING_KEY;
  const router = Router();
  router.use('/l', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  /** The link a genuine token names, expired or not. */
  async function linkOf(token: string): Promise<{ link: ActionLink; exp: number } | undefined> {
    const claims = verifyLinkToken(signingKey, token);
    const link = claims && (await findLink(db, claims.id));
    if (!claims || !link || link.workflowId !== claims.workflowId || link.step !== claims.step) return undefined;
    return { link, exp: claims.exp };
  }

  /**
   * The opening every link route shares, called after its rate limit: the path's token verified and its
   * link found (404 unknown, 410 expired), and the request's log told the link's process.
   */
  async function openLink(req: Request): Promise<OpenedLink> {
    const token = String(req.params.token);
    const known = await linkOf(token);
    if (!known) throw new HttpError(404, 'unknown_link', 'This link is not valid');
    if (known.exp * 1000 <= Date.now()) throw new HttpError(410, 'link_expired', 'This link has expired');
    const { link } = known;
    req.workflowId = link.workflowId;
    return { token, link, step: link.step as StepName, language: link.language as Language };
  }

  /** The terms an approval accepts: as its context names them, the address from the published version where the context has none. */
  async function termsOf(pending: PendingStepView): Promise<TermsLink | undefined> {
    const { termsVersion, termsTitle, termsUrl } = pending.context ?? {};
    if (typeof termsVersion !== 'string') return undefined;
    const url = typeof termsUrl === 'string' ? termsUrl : (await findTermsVersion(db, termsVersion))?.url;
    return url
      ? { version: termsVersion, url, ...(typeof termsTitle === 'string' ? { title: termsTitle } : {}) }
      : undefined;
  }

  /**
   * An approval accepts the terms in effect when it is given: the process names none (it reads the accepted
   * ones after the approval), so the API adds the current version to what the step shows.
   */
  async function withTermsInEffect(pending: PendingStepView): Promise<PendingStepView> {
    if (pending.step !== 'approve-connection' || typeof pending.context?.termsVersion === 'string') return pending;
    const terms = await currentTerms(db);
    return {
      ...pending,
      context: { ...pending.context, termsVersion: terms.version, termsTitle: terms.title, termsUrl: terms.url },
    };
  }

  /**
   * An administrator's setup shows what the organisation has chosen by now: where another administrator's click
   * chose the policy and the process has not taken it yet, the page still shows its own login only, as the
   * click will be judged (`setupJudgement`).
   */
  async function withPolicyChosen(pending: PendingStepView, link: ActionLink): Promise<PendingStepView> {
    if (pending.step !== 'setup-organization' || pending.context?.organizationSetUp !== false || !link.acceptance)
      return pending;
    const { rule } = JSON.parse(link.acceptance) as LinkAcceptance;
    if (rule?.name !== 'setup') return pending;
    const { loginPolicy } = await setupJudgement(db, link, rule);
    return loginPolicy
      ? { ...pending, context: { ...pending.context, organizationSetUp: true, loginPolicy } }
      : pending;
  }

  /** The organisation a process belongs to, from Temporal's visibility (for the audit row of a refusal). */
  async function organizationOf(link: ActionLink): Promise<string | undefined> {
    const description = await temporal.workflow.getHandle(link.workflowId).describe();
    return description.typedSearchAttributes.get(searchAttributes.organizationId);
  }

  /**
   * The 403 for a person the step was not sent to, audited (the workflow's validator cannot write):
   * who tried (pseudonymously), which step, never the names.
   */
  async function wrongPerson(
    link: ActionLink,
    actor: Actor & { kind: 'person' },
    message: string,
    refusal: { recipientName: string; organizationId?: string; viewing?: boolean },
  ): Promise<HttpError> {
    await appendAudit(db, {
      // Looking is not rate limited: one row per person and link however often they reload, so a login
      // cannot grow the append-only table; each refused attempt to act (rate limited) is a row of its own.
      eventKey: refusal.viewing ? `step-refused:view:${link.linkId}:${actor.subject}` : `step-refused:${randomUUID()}`,
      at: new Date().toISOString(),
      actor: actorLabel(actor),
      orgId: refusal.organizationId,
      workflowId: link.workflowId,
      action: `step:${link.step}`,
      outcome: 'wrong-person',
    });
    return new HttpError(403, 'not_your_step', message, { recipientName: refusal.recipientName });
  }

  /** A process's refusal as the person's answer; a wrong person is audited on the way. */
  async function answerRefusal(
    http: HttpError,
    link: ActionLink,
    actor: Actor & { kind: 'person' },
  ): Promise<HttpError> {
    const details = http.details as { recipientName?: unknown; organizationId?: unknown } | undefined;
    if (http.code === 'not_your_step' && typeof details?.recipientName === 'string') {
      return wrongPerson(link, actor, http.message, {
        recipientName: details.recipientName,
        organizationId: typeof details.organizationId === 'string' ? details.organizationId : undefined,
      });
    }
    return http;
  }

  /** A refused Update as the person's answer. */
  async function refusal(error: unknown, link: ActionLink, actor: Actor & { kind: 'person' }): Promise<unknown> {
    const http = httpErrorFromUpdate(error);
    return http ? await answerRefusal(http, link, actor) : error;
  }

  function actorOf(
    req: Request,
    res: Response,
    token: string,
    language: Language,
  ): (Actor & { kind: 'person' }) | undefined {
    if (req.session) return { kind: 'person', subject: req.session.subject, name: req.session.name };
    const loginUrl = loginUrlFor(`/l/${token}`);
    if (wantsHtml(req)) res.status(401).type('html').send(renderLoginAgainPage(language, loginUrl));
    else
      res
        .status(401)
        .json({ error: { code: 'login_required', message: 'Log in with your private MitID to continue' }, loginUrl });
    return undefined;
  }

  /** The step behind the link while it waits; a step that waits under a newer link is a 410 for this one. */
  async function pendingStep(link: ActionLink): Promise<PendingStepView | undefined> {
    try {
      const status = await temporal.workflow.getHandle(link.workflowId).query(processStatusQuery);
      const found = status.pendingSteps.find((step) => step.linkId === link.linkId);
      if (
        !found &&
        status.pendingSteps.some((step) => step.step === link.step && (step.key ?? null) === link.stepKey)
      ) {
        throw new HttpError(410, 'link_superseded', 'This link has been replaced by a newer one');
      }
      return found && (await withPolicyChosen(await withTermsInEffect(found), link));
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  const limited = rateLimit([
    { limit: 10, windowMs: 60_000, key: (req) => `token:${req.params.token}` },
    { limit: config.env.LINK_POSTS_PER_IP_PER_MINUTE, windowMs: 60_000, key: (req) => `ip:${req.ip}` },
  ]);

  router.get('/l/:token', async (req, res) => {
    const { token, link, step, language } = await openLink(req);
    const { done } = parseOr422(stepPageQuery, req.query, 'query');
    if (link.usedAt) throw new HttpError(409, 'step_not_pending', 'This step has already been completed');
    if (link.closedAt) throw await closedLinkRefusal(db, link);
    const pending = await pendingStep(link);
    if (!pending) throw new HttpError(409, 'step_not_pending', 'This step is no longer pending');
    const person = req.session;
    if (person && !samePerson(person.name, pending.recipient.name)) {
      throw await wrongPerson(
        link,
        { kind: 'person', subject: person.subject, name: person.name },
        `This link was sent to ${pending.recipient.name}`,
        { recipientName: pending.recipient.name, organizationId: await organizationOf(link), viewing: true },
      );
    }
    const organizationName =
      typeof pending.context?.organizationName === 'string' ? pending.context.organizationName : undefined;
    const recipientFirstName = firstName(pending.recipient.name);
    if (wantsHtml(req)) {
      // Back from an upload (Post/Redirect/Get): the page confirms it, since the step itself still waits.
      const notice = person ? done : undefined;
      res
        .type('html')
        .send(renderStepPage({ ...(await stepPageModel({ token, link, step, language }, pending, person)), notice }));
      return;
    }
    // The contract's fields for anyone; the workflow id names the organisation's case, never a person.
    const shown = {
      step,
      workflowId: link.workflowId,
      recipientFirstName,
      expiresAt: link.expiresAt,
      requiresLogin: pending.requiresLogin,
      loggedIn: Boolean(person),
    };
    if (!person) {
      res.json({ ...shown, context: organizationName ? { organizationName } : {} });
      return;
    }
    res.json({ ...shown, acceptsDocuments: pending.acceptsDocuments, context: pending.context ?? {} });
  });

  router.post(
    '/l/:token',
    limited,
    express.json({ limit: '64kb' }),
    express.urlencoded({ extended: true, limit: '64kb' }),
    async (req, res) => {
      const { token, link, step, language } = await openLink(req);
      // Login first: a post without a session learns nothing about the step, not even that it is done.
      const person = actorOf(req, res, token, language);
      if (!person) return;
      if (link.usedAt) throw new HttpError(409, 'step_not_pending', 'This step has already been completed');
      // The representative's approval is checked against the company register by identity: only this step's
      // Update carries the keyed hash of the CPR number, so no other history holds it.
      const actor =
        step === 'approve-connection' && req.session?.identityDigest
          ? { ...person, identityDigest: req.session.identityDigest }
          : person;
      const schema = linkStepInputs[step];
      if (!schema) throw new HttpError(404, 'unknown_link', 'This link is not valid');
      const fromForm = Boolean(req.is('application/x-www-form-urlencoded'));
      const raw = fromForm ? formToStepInput(step, req.body) : (req.body ?? {});
      let input;
      try {
        input = parseOr422(schema, raw);
      } catch (error) {
        if (fromForm && (await showFormAgain(error, { token, link, step, language, person, entered: raw }, res)))
          return;
        throw error;
      }
      await checkStepInput(deps, step, input);
      const handOut = (target: { linkId: string; notAfter: string }) =>
        handOutActivationCode(
          { db, config, broker: meansBroker },
          { workflowId: link.workflowId, userId: link.stepKey ?? '', ...target },
        );

      if (step === 'activate-means') {
        // Only the broker's confirmation completes this step: the person's POST hands out a new activation code.
        await checkWithProcess(link, mayActQuery, {
          step,
          key: link.stepKey ?? undefined,
          linkId: link.linkId,
          actor: person,
        });
        const code = await handOut({ linkId: link.linkId, notAfter: link.expiresAt });
        if (wantsHtml(req) || req.is('application/x-www-form-urlencoded'))
          res.type('html').send(renderActivationCodePage(language, code));
        else res.json({ ok: true, ...activationCodeFields(code) });
        return;
      }

      const acceptance = link.acceptance ? (JSON.parse(link.acceptance) as LinkAcceptance) : undefined;
      if (acceptance) {
        const refused = await acceptanceRefusal(db, link, acceptance, person, input);
        if (refused?.wrongPerson)
          throw await wrongPerson(link, person, refused.refusal.message, {
            recipientName: acceptance.recipientName,
            organizationId: await organizationOf(link),
          });
        if (refused)
          throw new HttpError(422, 'invalid_step_input', refused.refusal.message, { rule: refused.refusal.rule });
        const claimSent = performance.now();
        const answer = await claimClick(deps, { link, acceptance, actor, input });
        const next = answer.next && {
          step: answer.next.step,
          url: linkUrl(config.publicBaseUrl, signingKey, { ...link, ...answer.next }),
        };
        sendAnswer(req, res, {
          step,
          language,
          input,
          stage: answer.stage,
          next,
          code:
            answer.next?.step === 'activate-means'
              ? await handOut({ linkId: answer.next.linkId, notAfter: answer.next.expiresAt })
              : undefined,
          timing: `claim;dur=${(performance.now() - claimSent).toFixed(1)}`,
        });
        return;
      }

      let result;
      const updateSent = performance.now();
      try {
        result = await temporal.workflow.getHandle(link.workflowId).executeUpdate(completeStepUpdate, {
          args: [{ step, key: link.stepKey ?? undefined, linkId: link.linkId, actor, input }],
          // Duplicate POSTs of one link reach the workflow as one Update.
          updateId: `link-${link.linkId}`,
        });
      } catch (error) {
        throw await refusal(error, link, actor);
      }
      const updateMs = performance.now() - updateSent;
      if (!(await markLinkUsed(db, link.linkId, new Date())))
        throw new HttpError(409, 'step_not_pending', 'This step has already been completed');

      let next: { step: StepName; url: string } | undefined;
      if (result.next) {
        // The next step's invitation may still be on its way: its link is saved here as the activity would.
        const { step: nextStep, linkId, key, expiresAt, recipientEmail, acceptance: accepts } = result.next;
        await saveLink(db, {
          linkId,
          workflowId: link.workflowId,
          step: nextStep,
          stepKey: key ?? null,
          recipientEmail,
          language,
          expiresAt,
          acceptance: accepts ? JSON.stringify(accepts) : null,
        });
        next = { step: nextStep, url: linkUrl(config.publicBaseUrl, signingKey, (await findLink(db, linkId))!) };
      }
      // The user chose to activate their separate means: the process now waits for it, and they get the code.
      const code: HandedOutCode | undefined =
        result.next?.step === 'activate-means'
          ? await handOut({ linkId: result.next.linkId, notAfter: result.next.expiresAt })
          : undefined;
      sendAnswer(req, res, {
        step,
        language,
        input,
        stage: result.stage,
        next,
        code,
        timing: `update;dur=${updateMs.toFixed(1)}`,
      });
    },
  );

  /** A completed step's answer: the result page, or the contract's JSON. */
  function sendAnswer(
    req: Request,
    res: Response,
    answer: {
      step: StepName;
      language: Language;
      input: unknown;
      stage: string;
      next?: { step: StepName; url: string };
      code?: HandedOutCode;
      /** How long the process (or the claim) took: with the whole request's, a slow click shows where its time went. */
      timing: string;
    },
  ): void {
    const { step, language, stage, next, code } = answer;
    res.setHeader('Server-Timing', `${answer.timing}, total;dur=${(performance.now() - req.receivedAt).toFixed(1)}`);
    if (wantsHtml(req) || req.is('application/x-www-form-urlencoded')) {
      const decision = (answer.input as { decision?: unknown }).decision;
      res.type('html').send(
        renderResultPage(language, {
          step,
          stage,
          decision: typeof decision === 'string' ? decision : undefined,
          next,
          code,
        }),
      );
      return;
    }
    res.json({
      ok: true,
      // The contract's name for the stage in a link's answer.
      state: stage,
      ...(next ? { next } : {}),
      ...(code ? activationCodeFields(code) : {}),
    });
  }

  /**
   * A refused form as its page again (422), each problem beside its field and everything typed kept, where
   * every problem names a field of the page and the step still waits for this person; false otherwise
   * (the error page answers then).
   */
  async function showFormAgain(
    error: unknown,
    form: {
      token: string;
      link: ActionLink;
      step: StepName;
      language: Language;
      person: Actor & { kind: 'person' };
      entered: unknown;
    },
    res: Response,
  ): Promise<boolean> {
    if (!(error instanceof HttpError) || error.status !== 422 || !Array.isArray(error.details)) return false;
    const paths = (error.details as Array<{ path: string }>).map((issue) => issue.path);
    if (paths.length === 0 || paths.some((path) => !fieldProblem(form.language, path))) return false;
    const pending = await pendingStep(form.link);
    if (!pending || !samePerson(form.person.name, pending.recipient.name)) return false;
    res
      .status(422)
      .type('html')
      .send(
        renderStepPage({
          ...(await stepPageModel(form, pending, form.person)),
          errors: paths,
          entered: form.entered as Record<string, unknown>,
        }),
      );
    return true;
  }

  /** The step's page for the person logged in, or, before login, with nothing of the step but what it may show anyone. */
  async function stepPageModel(
    at: { token: string; link: ActionLink; step: StepName; language: Language },
    pending: PendingStepView,
    person: { name: string } | undefined,
  ): Promise<StepPageModel> {
    return {
      language: at.language,
      step: at.step,
      actionPath: `/l/${at.token}`,
      expiresAt: at.link.expiresAt,
      pending: person ? pending : undefined,
      person,
      recipientFirstName: firstName(pending.recipient.name),
      loginUrl: loginUrlFor(`/l/${at.token}`),
      organizationName:
        typeof pending.context?.organizationName === 'string' ? pending.context.organizationName : undefined,
      terms: person && at.step === 'approve-connection' ? await termsOf(pending) : undefined,
    };
  }

  /**
   * Refuses what the process would refuse this person on this link (someone else's, superseded, no longer
   * pending, ...), asked through `query` before anything is stored or handed out; the Update still decides.
   */
  async function checkWithProcess(
    link: ActionLink,
    query: typeof canAttachDocumentQuery | typeof mayActQuery,
    check: AttachDocumentCheck,
  ): Promise<void> {
    const verdict = await temporal.workflow
      .getHandle(link.workflowId)
      .query(query, check)
      .catch((error: unknown) => {
        throw httpErrorFromUpdate(error) ?? error;
      });
    if (!verdict.allowed) throw await answerRefusal(httpErrorFromUpdate(verdict)!, link, check.actor);
  }

  router.post('/l/:token/documents', limited, async (req, res) => {
    const { token, link, step, language } = await openLink(req);
    if (link.usedAt) throw new HttpError(409, 'step_not_pending', 'This step has already been completed');
    const actor = actorOf(req, res, token, language);
    if (!actor) return;
    const target = { step, key: link.stepKey ?? undefined, linkId: link.linkId, actor };
    await checkWithProcess(link, canAttachDocumentQuery, target);
    const stored = await receiveDocumentUpload(req, {
      tempDir: uploadsDir(config.dataDir),
      idleTimeoutMs: durationMs(config.env.UPLOAD_IDLE_TIMEOUT),
      timeoutMs: durationMs(config.env.UPLOAD_TIMEOUT),
    });
    const documentId = randomUUID();
    const document = {
      documentId,
      sha256: stored.sha256,
      documentType: stored.documentType,
      mediaType: stored.mediaType,
      sizeBytes: stored.sizeBytes,
    };
    // Kept before the process hears of it, so what it holds is always stored; if it then refuses, it goes.
    await keepDocument(
      db,
      { ...document, workflowId: link.workflowId, step, originalName: stored.originalName, uploadedBy: actor.subject },
      stored.bytes,
    );
    let attached;
    try {
      attached = await temporal.workflow.getHandle(link.workflowId).executeUpdate(attachDocumentUpdate, {
        args: [{ ...target, document }],
        updateId: `document-${documentId}`,
      });
    } catch (error) {
      const refused = httpErrorFromUpdate(error);
      // Any other failure leaves the outcome unknown: the row stays unattached and the sweep asks the process.
      if (refused) await discardDocument(db, documentId);
      throw refused ? await answerRefusal(refused, link, actor) : error;
    }
    await markDocumentAttached(db, documentId);
    appMetrics.uploadBytes.observe({ media_type: stored.mediaType }, stored.sizeBytes);
    if (wantsHtml(req)) {
      res.redirect(303, `/l/${token}?done=uploaded`);
      return;
    }
    res.status(201).json({
      documentId,
      sha256: stored.sha256,
      mediaType: stored.mediaType,
      sizeBytes: stored.sizeBytes,
      documents: attached.documents,
    });
  });

  // People reach these routes from e-mail in a browser: errors become a readable page for them.
  router.use('/l', async (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!(error instanceof HttpError) || !wantsHtml(req)) {
      next(error);
      return;
    }
    // Every error page of a link speaks its language (an expired or rate-limited one's too); a link we
    // cannot read has no language of its own, and the browser's is the best guess.
    const token = /^\/l\/([^/?#]+)/.exec(req.originalUrl)?.[1];
    const link = token ? (await linkOf(token))?.link : undefined;
    const language = (link?.language as Language | undefined) ?? browserLanguage(req);
    const recipientName = (error.details as { recipientName?: unknown } | undefined)?.recipientName;
    if (error.code === 'not_your_step' && typeof recipientName === 'string') {
      res
        .status(403)
        .type('html')
        .send(renderWrongPersonPage(language, recipientName, req.session?.name ?? ''));
      return;
    }
    // A form that can be corrected (or a step that may still wait) gets the way back to its page.
    const linkPath = link ? `/l/${token}` : undefined;
    const backUrl =
      linkPath &&
      error.status !== 410 &&
      !['step_not_pending', 'unknown_link', 'not_your_step'].includes(error.code) &&
      req.method === 'POST'
        ? linkPath
        : undefined;
    res
      .status(error.status)
      .type('html')
      .send(renderProblemPage(language, error.code, backUrl));
  });

  return router;
}
