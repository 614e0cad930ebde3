// The console's cases: one list over every process (Temporal visibility, filtered and paged as GET
// /api/cases is), and each case's page with its people, pending steps, documents and timeline, and the
// operator's actions on it (re-send a step, cancel, re-send an expired setup), done through the same
// functions and schemas as the operator API.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { administratorsOf, findOrganizationRow } from '../../db/organizations';
import {
  documentStatuses,
  documentTypes as documentTypeWords,
  eventTypes,
  formatDate,
  initiatorRoles,
  organizationKinds,
  processTypes as processTypeWords,
  stages,
  wordFor,
} from '../../domain/glossary';
import type { Language } from '../../domain/language';
import { stepTitles, type StepName } from '../../domain/steps';
import type { Actor } from '../../workflows/process.messages';
import { cancelCase, describeCase, listCasePage, resendCaseStep, type CaseSummary, type CaseView } from '../cases';
import type { ApiDeps } from '../deps';
import { HttpError } from '../errors';
import { fieldErrors } from '../pages/form-errors';
import { Fragment, h } from '../pages/jsx';
import { Table } from '../pages/table';
import { resendOrganizationSetup } from '../organizations';
import { caseNotice, caseText, refusal, type CaseNotice, type CaseTextKey } from './case-texts';
import { browserLanguage } from '../pages/language';
import { eventDetail } from './event-detail';
import { Field, FieldError, Select } from '../pages/field';
import { reviewPath } from './reviews';
import { renderConsolePage } from './layout';
import { processTypes } from '../../domain/process-types';
import { cancelBody, caseId, consoleCasesQuery, resendBody, setupResendRequest } from '../schemas';
import { operatorActor } from '../middleware';
import { Alert } from '../pages/alert';

/** Empty fields of a form name no value; a country code is upper case whichever way it was typed. */
function formValues(values: Record<string, unknown>): Record<string, unknown> {
  const filled = Object.entries(values ?? {}).filter(([, value]) => value !== '');
  return Object.fromEntries(
    filled.map(([name, value]) => [
      name,
      name === 'country' && typeof value === 'string' ? value.trim().toUpperCase() : value,
    ]),
  );
}

/** The re-send form's fields as the API's body: the corrected recipient only where one was typed. */
function resendInput(form: Record<string, unknown>): Record<string, unknown> {
  const { 'recipient.name': name, 'recipient.email': email, ...rest } = formValues(form);
  return { ...rest, ...(name !== undefined || email !== undefined ? { recipient: { name, email } } : {}) };
}

type Problem = {
  form: 'filter' | 'resend' | 'cancel' | 'setup';
  fields?: Record<string, string>;
  message?: string;
  step?: unknown;
  key?: unknown;
};

const caseHref = (workflowId: string) => `/console/cases/${encodeURIComponent(workflowId)}`;

function FormProblem({
  problem,
  form,
  language,
}: {
  problem?: Problem;
  form: Problem['form'];
  language: Language;
}): JSX.Element | null {
  if (problem?.form !== form) return null;
  const message =
    problem.message ?? problem.fields?.[''] ?? caseText(language, form === 'filter' ? 'invalidFilter' : 'formInvalid');
  return <Alert>{message}</Alert>;
}

function listPage(
  language: Language,
  values: Record<string, unknown>,
  listing?: { cases: CaseSummary[]; nextPage: string | null },
  problem?: Problem,
): string {
  const t = (key: CaseTextKey) => caseText(language, key);
  const errors = problem?.fields ?? {};
  const value = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
  const { page: _page, ...filter } = values;
  const nextHref = listing?.nextPage
    ? `/console/cases?${new URLSearchParams({ ...(filter as Record<string, string>), page: listing.nextPage })}`
    : undefined;
  const firstHref = values.page ? `/console/cases?${new URLSearchParams(filter as Record<string, string>)}` : undefined;
  return renderConsolePage(
    language,
    t('casesTitle'),
    <>
      <h1>{t('casesTitle')}</h1>
      <form class="card filters" method="get" action="/console/cases" aria-label={t('filter')}>
        <FormProblem problem={problem} form="filter" language={language} />
        <Select
          name="processType"
          label={t('processType')}
          value={value('processType') ?? ''}
          error={errors.processType}
          options={[
            { value: '', label: t('any') },
            ...processTypes.map((type) => ({ value: type, label: wordFor(processTypeWords, type, language) })),
          ]}
        />
        <Select
          name="stage"
          label={t('stage')}
          value={value('stage') ?? ''}
          error={errors.stage}
          options={[
            { value: '', label: t('any') },
            ...Object.keys(stages).map((stage) => ({ value: stage, label: wordFor(stages, stage, language) })),
          ]}
        />
        <Field
          name="organizationId"
          label={t('organizationId')}
          value={value('organizationId')}
          error={errors.organizationId}
          autocomplete="off"
        />
        <Field name="country" label={t('country')} value={value('country')} error={errors.country} autocomplete="off" />
        <Field
          name="text"
          type="search"
          label={t('text')}
          hint={t('textHint')}
          value={value('text')}
          error={errors.text}
          autocomplete="off"
        />
        <Select
          name="status"
          label={t('show')}
          value={value('status') ?? 'running'}
          error={errors.status}
          options={[
            { value: 'running', label: t('running') },
            { value: 'all', label: t('all') },
          ]}
        />
        <FieldError id="page-error" message={errors.page ? t('invalidPage') : undefined} />
        <button type="submit">{t('search')}</button>
      </form>
      {listing ? (
        <section class="card" aria-labelledby="results">
          <h2 id="results">{t('casesTitle')}</h2>
          {listing.cases.length === 0 ? (
            <p>{t('noCases')}</p>
          ) : (
            <Table headings={[t('organization'), t('processType'), t('stage'), t('started')]}>
              {listing.cases.map((found) => (
                <tr>
                  <td>
                    <a href={caseHref(found.workflowId)}>{found.organizationName ?? found.workflowId}</a>
                  </td>
                  <td>{found.processType ? wordFor(processTypeWords, found.processType, language) : found.type}</td>
                  <td>{found.stage ? wordFor(stages, found.stage, language) : ''}</td>
                  <td>{formatDate(found.startTime, language)}</td>
                </tr>
              ))}
            </Table>
          )}
          {nextHref || firstHref ? (
            <nav class="pager" aria-label={t('pages')}>
              {firstHref ? <a href={firstHref}>{t('firstPage')}</a> : null}
              {nextHref ? (
                <a href={nextHref} rel="next">
                  {t('nextPage')}
                </a>
              ) : null}
            </nav>
          ) : null}
        </section>
      ) : null}
    </>,
  );
}

/** `person:…`, `operator:…` or a broker's name, with a word for what it is. */
function actorWords(actor: string | undefined, language: Language): string {
  if (!actor) return '';
  const kind = /^(person|operator):/.exec(actor)?.[1] as 'person' | 'operator' | undefined;
  return kind ? `${caseText(language, kind)} (${actor.slice(kind.length + 1)})` : actor;
}

type PersonView = { name?: string; email?: string; phone?: string };
const personText = (person: PersonView | undefined) =>
  [person?.name, person?.email, person?.phone].filter(Boolean).join(', ');

function People({ view, admins, language }: { view: CaseView; admins: PersonView[]; language: Language }): JSX.Element {
  const t = (key: CaseTextKey) => caseText(language, key);
  const details = view.details as {
    initiator?: { role: string; name: string };
    representative?: PersonView;
    administrators?: PersonView[];
    responsible?: PersonView;
    municipality?: { support?: PersonView; contact?: PersonView };
  };
  const rows: Array<[string, string | JSX.Element]> = [];
  if (details.initiator)
    rows.push([
      t('initiator'),
      `${details.initiator.name} (${wordFor(initiatorRoles, details.initiator.role, language)})`,
    ]);
  if (details.representative) rows.push([t('representative'), personText(details.representative)]);
  const adminList = details.administrators ?? admins;
  if (adminList.length > 0)
    rows.push([
      t('administrators'),
      <ul>
        {adminList.map((admin) => (
          <li>{personText(admin)}</li>
        ))}
      </ul>,
    ]);
  if (details.responsible) rows.push([t('responsible'), personText(details.responsible)]);
  if (details.municipality?.contact) rows.push([t('municipalityContact'), personText(details.municipality.contact)]);
  if (details.municipality?.support) rows.push([t('supportContact'), personText(details.municipality.support)]);
  return (
    <section class="card" aria-labelledby="people">
      <h2 id="people">{t('people')}</h2>
      {rows.length === 0 ? (
        <p>{t('noPeople')}</p>
      ) : (
        <dl>{rows.map(([label, value]) => [<dt>{label}</dt>, <dd>{value}</dd>])}</dl>
      )}
    </section>
  );
}

/** Whether a refused re-send was this pending step's form. */
const isFor = (problem: Problem, pending: CaseView['pendingSteps'][number]) =>
  problem.step === pending.step && problem.key === pending.key;

function PendingSteps({
  view,
  language,
  problem,
}: {
  view: CaseView;
  language: Language;
  problem?: Problem;
}): JSX.Element {
  const t = (key: CaseTextKey) => caseText(language, key);
  const action = `${caseHref(view.workflowId)}/resend`;
  return (
    <section class="card" aria-labelledby="pending">
      <h2 id="pending">{t('pendingSteps')}</h2>
      {problem?.form === 'resend' && !view.pendingSteps.some((pending) => isFor(problem, pending)) ? (
        <FormProblem problem={problem} form="resend" language={language} />
      ) : null}
      {view.pendingSteps.length === 0 ? (
        <p>{t('noPendingSteps')}</p>
      ) : (
        <Table headings={[t('step'), t('waitsFor'), t('since'), t('deadline'), t('reminders'), t('action')]}>
          {view.pendingSteps.map((pending, index) => {
            const mine = problem?.form === 'resend' && isFor(problem, pending) ? problem : undefined;
            const errors = mine?.fields ?? {};
            const id = `resend-${index}`;
            return (
              <tr>
                <td>{stepTitles[pending.step as StepName]?.[language] ?? pending.step}</td>
                <td>{personText(pending.recipient)}</td>
                <td>{formatDate(pending.since, language)}</td>
                <td>{formatDate(pending.expiresAt, language)}</td>
                <td>{pending.remindersSent}</td>
                <td>
                  <form method="post" action={action}>
                    <FormProblem problem={mine} form="resend" language={language} />
                    <input type="hidden" name="step" value={pending.step} />
                    {pending.key ? <input type="hidden" name="key" value={pending.key} /> : null}
                    <details
                      open={
                        errors['recipient.name'] || errors['recipient.email'] || errors.recipient ? true : undefined
                      }
                    >
                      <summary>{t('otherRecipient')}</summary>
                      <Field
                        name="recipient.name"
                        id={`${id}-name`}
                        label={t('recipientName')}
                        error={errors['recipient.name'] ?? errors.recipient}
                        autocomplete="off"
                      />
                      <Field
                        name="recipient.email"
                        id={`${id}-email`}
                        type="email"
                        label={t('recipientEmail')}
                        error={errors['recipient.email']}
                        autocomplete="off"
                      />
                    </details>
                    <button type="submit">{t('resend')}</button>
                  </form>
                </td>
              </tr>
            );
          })}
        </Table>
      )}
    </section>
  );
}

function Documents({ view, language }: { view: CaseView; language: Language }): JSX.Element | null {
  const t = (key: CaseTextKey) => caseText(language, key);
  const documents = (
    view.details as { documents?: Array<{ documentId: string; documentType: string; status: string; reason?: string }> }
  ).documents;
  if (!documents || documents.length === 0) return null;
  return (
    <section class="card" aria-labelledby="documents">
      <h2 id="documents">{t('documents')}</h2>
      <Table headings={[t('documentType'), t('documentStatus'), t('reason'), t('action')]}>
        {documents.map((document) => (
          <tr>
            <td>{wordFor(documentTypeWords, document.documentType, language)}</td>
            <td>{wordFor(documentStatuses, document.status, language)}</td>
            <td>{document.reason ?? ''}</td>
            <td>
              <a href={reviewPath(view.workflowId, document.documentId)}>{t('review')}</a>
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

function Timeline({ view, language }: { view: CaseView; language: Language }): JSX.Element {
  const t = (key: CaseTextKey) => caseText(language, key);
  return (
    <section class="card" aria-labelledby="timeline">
      <h2 id="timeline">{t('timeline')}</h2>
      {view.events.length === 0 ? (
        <p>{t('noEvents')}</p>
      ) : (
        <Table headings={[t('time'), t('event'), t('step'), t('actor'), t('detail')]}>
          {[...view.events].reverse().map((event) => (
            <tr>
              <td>{formatDate(event.at, language)}</td>
              <td>{wordFor(eventTypes, event.type, language)}</td>
              <td>{event.step ? (stepTitles[event.step]?.[language] ?? event.step) : ''}</td>
              <td>{actorWords(event.actor, language)}</td>
              <td>{eventDetail(event, language)}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}

function casePage(
  language: Language,
  view: CaseView,
  extras: { admins: PersonView[]; setupExpired: boolean; notice?: string; problem?: Problem },
): string {
  const t = (key: CaseTextKey) => caseText(language, key);
  const { problem } = extras;
  const process = view.processType ? wordFor(processTypeWords, view.processType, language) : view.type;
  const title = `${view.organizationName ?? view.workflowId}: ${process}`;
  const organization = (view.details as { organization?: { kind?: string } }).organization;
  const running = view.status === 'RUNNING';
  const base = caseHref(view.workflowId);
  return renderConsolePage(
    language,
    title,
    <>
      <p>
        <a href="/console/cases">{t('backToCases')}</a>
      </p>
      <h1>{title}</h1>
      {extras.notice ? (
        <p class="notice" role="status">
          {extras.notice}
        </p>
      ) : null}
      <section class="card" aria-labelledby="overview">
        <h2 id="overview">{t('overview')}</h2>
        <dl>
          <dt>{t('stage')}</dt>
          <dd>
            <strong>{view.stage ? wordFor(stages, view.stage, language) : ''}</strong> (
            {t(running ? 'runningNow' : 'closed')})
          </dd>
          <dt>{t('organization')}</dt>
          <dd>
            {[
              view.organizationName,
              organization?.kind ? wordFor(organizationKinds, organization.kind, language) : undefined,
              view.organizationId,
              view.country,
            ]
              .filter(Boolean)
              .join(' · ')}
          </dd>
          <dt>{t('processType')}</dt>
          <dd>{process}</dd>
          <dt>{t('started')}</dt>
          <dd>{formatDate(view.startTime, language)}</dd>
          {view.closeTime ? [<dt>{t('ended')}</dt>, <dd>{formatDate(view.closeTime, language)}</dd>] : null}
          <dt>{t('caseId')}</dt>
          <dd>
            <code>{view.workflowId}</code>
          </dd>
        </dl>
        {view.processType === 'muk-connection' ? (
          <p>
            <a href={`/console/muk/${encodeURIComponent(view.workflowId.replace(/^muk-/, ''))}`}>{t('openMuk')}</a>
          </p>
        ) : null}
      </section>
      <People view={view} admins={extras.admins} language={language} />
      <PendingSteps view={view} language={language} problem={problem} />
      <Documents view={view} language={language} />
      <Timeline view={view} language={language} />
      {extras.setupExpired ? (
        <section class="card" aria-labelledby="setup">
          <h2 id="setup">{t('setupTitle')}</h2>
          <p>{t('setupHint')}</p>
          <form method="post" action={`${base}/setup-resend`}>
            <FormProblem problem={problem} form="setup" language={language} />
            <button type="submit">{t('setupResend')}</button>
          </form>
        </section>
      ) : null}
      {running ? (
        <section class="card" aria-labelledby="cancel">
          <h2 id="cancel">{t('cancelTitle')}</h2>
          <p class="muted">{t('cancelHint')}</p>
          <form method="post" action={`${base}/cancel`}>
            <FormProblem problem={problem} form="cancel" language={language} />
            <Field
              name="reason"
              type="textarea"
              label={t('cancelReason')}
              error={problem?.form === 'cancel' ? problem.fields?.reason : undefined}
              required
            />
            <button type="submit" class="danger">
              {t('cancel')}
            </button>
          </form>
        </section>
      ) : null}
    </>,
  );
}

export function consoleCasesRouter(deps: ApiDeps): Router {
  const { db } = deps;
  const router = Router();

  router.get('/cases', async (req, res) => {
    const language = browserLanguage(req);
    const values = formValues(req.query as Record<string, unknown>);
    const parsed = consoleCasesQuery.safeParse(values);
    if (!parsed.success) {
      res
        .status(422)
        .type('html')
        .send(listPage(language, values, undefined, { form: 'filter', fields: fieldErrors(parsed.error, language) }));
      return;
    }
    const { page, ...filter } = parsed.data;
    try {
      res.type('html').send(listPage(language, values, await listCasePage(deps, filter, page)));
    } catch (error) {
      if (!(error instanceof HttpError && error.status === 422)) throw error;
      res
        .status(422)
        .type('html')
        .send(
          listPage(language, values, undefined, {
            form: 'filter',
            fields: { page: caseText(language, 'invalidPage') },
          }),
        );
    }
  });

  /** The case's page, with a notice or the refused form's errors, or the console's "no such case". */
  async function showCase(req: Request, res: Response, status: number, problem?: Problem): Promise<void> {
    const language = browserLanguage(req);
    const workflowId = caseId.safeParse(req.params.workflowId);
    let view: CaseView | undefined;
    try {
      view = workflowId.success ? await describeCase(deps, workflowId.data) : undefined;
    } catch (error) {
      if (!(error instanceof HttpError && error.status === 404)) throw error;
    }
    if (!view) {
      res
        .status(404)
        .type('html')
        .send(
          renderConsolePage(language, caseText(language, 'notFound'), [
            <h1>{caseText(language, 'notFound')}</h1>,
            <p>
              <a href="/console/cases">{caseText(language, 'backToCases')}</a>
            </p>,
          ]),
        );
      return;
    }
    const orgId = view.organizationId;
    const org = orgId && view.processType === 'setup' ? await findOrganizationRow(db, orgId) : undefined;
    const admins = org ? (await administratorsOf(db, org.orgId)).map(({ name, email }) => ({ name, email })) : [];
    const setupExpired = Boolean(org && view.status !== 'RUNNING' && org.status !== 'active');
    res
      .status(status)
      .type('html')
      .send(casePage(language, view, { admins, setupExpired, notice: caseNotice(language, req.query.done), problem }));
  }

  router.get('/cases/:workflowId', (req, res) => showCase(req, res, 200));

  /**
   * A form's action: validated with the API's schema, done by the API's function, then back to the case
   * (303, with a notice), or the case again with the status and what was wrong.
   */
  function caseAction<S extends z.ZodType>(action: {
    form: Problem['form'];
    schema: S;
    /** The form's fields as the API's body. */
    input: (form: Record<string, unknown>) => Record<string, unknown>;
    act: (workflowId: string, body: z.infer<S>, actor: Actor) => Promise<unknown>;
    done: CaseNotice;
  }) {
    return async (req: Request, res: Response) => {
      const language = browserLanguage(req);
      const workflowId = caseId.safeParse(req.params.workflowId);
      if (!workflowId.success) return showCase(req, res, 404);
      req.workflowId = workflowId.data;
      const values = action.input(req.body ?? {});
      const mark = { form: action.form, step: values.step, key: values.key };
      const parsed = action.schema.safeParse(values);
      if (!parsed.success) return showCase(req, res, 422, { ...mark, fields: fieldErrors(parsed.error, language) });
      try {
        await action.act(workflowId.data, parsed.data, operatorActor(req));
      } catch (error) {
        if (!(error instanceof HttpError) || error.status >= 500) throw error;
        return showCase(req, res, error.status, { ...mark, message: refusal(language, error.code) });
      }
      res.redirect(303, `${caseHref(workflowId.data)}?done=${action.done}`);
    };
  }

  router.post(
    '/cases/:workflowId/resend',
    caseAction({
      form: 'resend',
      schema: resendBody,
      input: resendInput,
      act: (workflowId, body, actor) => resendCaseStep(deps, workflowId, body, actor),
      done: 'resent',
    }),
  );
  router.post(
    '/cases/:workflowId/cancel',
    caseAction({
      form: 'cancel',
      schema: cancelBody,
      input: formValues,
      act: (workflowId, body, actor) => cancelCase(deps, workflowId, body, actor),
      done: 'cancelled',
    }),
  );
  router.post(
    '/cases/:workflowId/setup-resend',
    caseAction({
      form: 'setup',
      schema: setupResendRequest,
      input: formValues,
      act: async (workflowId, _body, actor) => {
        const view = await describeCase(deps, workflowId);
        const org =
          view.processType === 'setup' && view.organizationId
            ? await findOrganizationRow(db, view.organizationId)
            : undefined;
        if (!org) throw new HttpError(404, 'not_found', 'No organisation setup with that workflow id');
        await resendOrganizationSetup(deps, org, actor);
      },
      done: 'setup-resent',
    }),
  );

  return router;
}
