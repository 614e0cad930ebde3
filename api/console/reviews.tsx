// The case worker's documents: "Waiting for me" (GET /console), the documents awaiting review, oldest
// first, with the working days they have waited; and the review screen of one document
// (GET/POST /console/cases/:workflowId/documents/:documentId): the document in the page, and a form to
// approve it or reject it with a reason, decided through the operator API's own reviewDocument.
import { Router, type Request, type Response } from 'express';
import { WorkflowNotFoundError } from '@temporalio/client';
import { attachedDocument, documentsByIds, type StoredDocument } from '../../db/documents';
import {
  documentStatuses,
  documentTypes,
  formatDate,
  initiatorRoles,
  mediaTypes,
  organizationKinds,
  stages,
  wordFor,
} from '../../domain/glossary';
import { wordsIn, type Language, type Localized } from '../../domain/language';
import { documentReviewWorkingDays } from '../../domain/organization';
import { danishWorkingDaysBetween } from '../../domain/working-days';
import { searchAttributes } from '../../temporal.config';
import type { ConnectionDocumentView } from '../../workflows/connection.messages';
import { processStatusQuery, type ProcessEvent } from '../../workflows/process.messages';
import { connectionWorkflowId, reviewDocument } from '../connections';
import type { ApiDeps } from '../deps';
import { HttpError } from '../errors';
import { contentSecurityPolicy, operatorActor } from '../middleware';
import { Fragment, h } from '../pages/jsx';
import { Table } from '../pages/table';
import { browserLanguage } from '../pages/language';
import { FieldError } from '../pages/field';
import { renderConsolePage } from './layout';
import { consoleText } from './texts';
import { connectionId, documentId as documentIdSchema, reviewBody } from '../schemas';
import { Alert } from '../pages/alert';

const texts = {
  documentsTitle: { da: 'Dokumenter til gennemgang', de: 'Nachweise zur Prüfung', en: 'Documents to review' },
  promise: {
    da: `Vi har lovet at gennemgå dokumentationen inden for ${documentReviewWorkingDays} arbejdsdage, regnet fra ledelsesrepræsentantens godkendelse. Arbejdsdage er hverdage uden helligdage.`,
    de: `Wir haben zugesagt, die Nachweise innerhalb von ${documentReviewWorkingDays} Arbeitstagen zu prüfen, gerechnet ab der Genehmigung durch die vertretungsberechtigte Person. Arbeitstage sind Werktage ohne dänische Feiertage.`,
    en: `We promise to review the documentation within ${documentReviewWorkingDays} working days of the representative’s approval. Working days are weekdays other than Danish public holidays.`,
  },
  none: {
    da: 'Ingen dokumenter venter på gennemgang.',
    de: 'Keine Nachweise warten auf Prüfung.',
    en: 'No documents are waiting for review.',
  },
  organization: { da: 'Organisation', de: 'Organisation', en: 'Organisation' },
  documentType: { da: 'Dokumenttype', de: 'Art des Nachweises', en: 'Document type' },
  uploaded: { da: 'Uploadet', de: 'Hochgeladen', en: 'Uploaded' },
  waited: { da: 'Arbejdsdage ventet', de: 'Gewartete Arbeitstage', en: 'Working days waited' },
  left: { da: 'Arbejdsdage tilbage', de: 'Verbleibende Arbeitstage', en: 'Working days left' },
  overdue: { da: 'Overskredet', de: 'Überschritten', en: 'Overdue' },
  review: { da: 'Gennemgå', de: 'Prüfen', en: 'Review' },
  reviewTitle: { da: 'Gennemgå dokument', de: 'Nachweis prüfen', en: 'Review document' },
  kind: { da: 'Organisationstype', de: 'Organisationsart', en: 'Kind of organisation' },
  stage: { da: 'Sagens status', de: 'Stand des Vorgangs', en: 'Stage of the case' },
  statedType: {
    da: 'Dokumenttype (oplyst af uploaderen)',
    de: 'Art des Nachweises (laut hochladender Person)',
    en: 'Document type (as stated by the uploader)',
  },
  fileType: { da: 'Filtype', de: 'Dateityp', en: 'File type' },
  fileName: { da: 'Filnavn', de: 'Dateiname', en: 'File name' },
  uploadedBy: { da: 'Uploadet af', de: 'Hochgeladen von', en: 'Uploaded by' },
  uploadedAt: { da: 'Uploadet den', de: 'Hochgeladen am', en: 'Uploaded on' },
  status: { da: 'Dokumentets status', de: 'Status des Nachweises', en: 'Status of the document' },
  download: { da: 'Hent dokumentet', de: 'Nachweis herunterladen', en: 'Download the document' },
  decision: { da: 'Din afgørelse', de: 'Ihre Entscheidung', en: 'Your decision' },
  approve: { da: 'Godkend dokumentationen', de: 'Nachweis genehmigen', en: 'Approve the documentation' },
  reject: { da: 'Afvis dokumentationen', de: 'Nachweis ablehnen', en: 'Reject the documentation' },
  reason: {
    da: 'Begrundelse (skal udfyldes ved afvisning; registranten får den at se)',
    de: 'Begründung (bei Ablehnung erforderlich; die registrierende Person sieht sie)',
    en: 'Reason (required to reject; the registrant will read it)',
  },
  reviewReason: { da: 'Begrundelse for afgørelsen', de: 'Begründung der Entscheidung', en: 'Reason for the decision' },
  submit: { da: 'Send afgørelsen', de: 'Entscheidung absenden', en: 'Send the decision' },
  problem: {
    da: 'Afgørelsen er ikke sendt. Ret det markerede.',
    de: 'Die Entscheidung wurde nicht gesendet. Bitte korrigieren Sie das Markierte.',
    en: 'The decision was not sent. Correct what is marked.',
  },
  chooseDecision: {
    da: 'Vælg, om du godkender eller afviser.',
    de: 'Wählen Sie, ob Sie genehmigen oder ablehnen.',
    en: 'Choose whether you approve or reject.',
  },
  reasonRequired: {
    da: 'Skriv, hvorfor du afviser dokumentationen.',
    de: 'Schreiben Sie, warum Sie den Nachweis ablehnen.',
    en: 'Write why you reject the documentation.',
  },
  reasonTooLong: {
    da: 'Begrundelsen må højst være på 1000 tegn.',
    de: 'Die Begründung darf höchstens 1000 Zeichen lang sein.',
    en: 'The reason may be at most 1000 characters long.',
  },
  notAwaiting: {
    da: 'Dokumentet venter ikke længere på gennemgang.',
    de: 'Der Nachweis wartet nicht mehr auf Prüfung.',
    en: 'This document is no longer awaiting review.',
  },
  refused: {
    da: 'Afgørelsen blev ikke modtaget: sagen tog ikke imod den.',
    de: 'Die Entscheidung wurde vom Vorgang nicht angenommen.',
    en: 'The case did not accept the decision.',
  },
  notFound: { da: 'Dokumentet findes ikke', de: 'Nachweis nicht gefunden', en: 'No such document' },
  notFoundText: {
    da: 'Der er ikke noget dokument med denne adresse i en tilslutningssag.',
    de: 'Unter dieser Adresse gibt es keinen Nachweis eines Anschlussvorgangs.',
    en: 'There is no document of a connection case at this address.',
  },
  back: { da: 'Tilbage til Venter på mig', de: 'Zurück zu „Wartet auf mich“', en: 'Back to Waiting for me' },
  doneApproved: {
    da: 'Dokumentationen er godkendt. Sagen går videre.',
    de: 'Der Nachweis ist genehmigt. Der Vorgang geht weiter.',
    en: 'The documentation is approved. The case moves on.',
  },
  doneRejected: {
    da: 'Dokumentationen er afvist. Registranten bliver bedt om ny dokumentation.',
    de: 'Der Nachweis ist abgelehnt. Die registrierende Person wird um einen neuen Nachweis gebeten.',
    en: 'The documentation is rejected. The registrant is asked for new documentation.',
  },
} satisfies Record<string, Localized>;
type TextKey = keyof typeof texts;

/** What the connection's status query describes of itself (workflows/connection.ts, describeWith). */
interface ConnectionDetails {
  organization: { orgId: string; name: string; kind: string };
  initiator: { role: string; name: string };
  documents: ConnectionDocumentView[];
}

const awaitingReviewStage = 'awaiting-document-review';
/** "Waiting for me" looks at this many cases in review at most (far more than a day's work). */
const maxCasesListed = 500;

/** When the case last asked for a review; undefined once that event has aged out of the kept ones. */
function reviewAskedAt(events: ProcessEvent[]): string | undefined {
  return events.filter((event) => event.type === 'stage-changed' && event.detail === awaitingReviewStage).pop()?.at;
}

interface AwaitingDocument {
  workflowId: string;
  documentId: string;
  organizationName: string;
  documentType: string;
  uploadedAt: string;
  waitingSince: string;
}

/**
 * The documents a case worker may decide now: those the process holds as pending while it awaits the
 * review. Visibility finds the cases; each case's own view says which of its documents are pending (a
 * document the registrant withdrew in a revision keeps its row, but the process knows it withdrawn).
 */
async function documentsAwaitingReview({
  temporal,
  db,
}: Pick<ApiDeps, 'temporal' | 'db'>): Promise<AwaitingDocument[]> {
  const query = `ExecutionStatus="Running" AND ${searchAttributes.processType.name}="connection" AND ${searchAttributes.onboardingStage.name}="${awaitingReviewStage}"`;
  const workflowIds: string[] = [];
  for await (const info of temporal.workflow.list({ query, pageSize: 100 })) {
    workflowIds.push(info.workflowId);
    if (workflowIds.length >= maxCasesListed) break;
  }
  const found: AwaitingDocument[] = [];
  for (let start = 0; start < workflowIds.length; start += 20) {
    const cases = await Promise.all(
      workflowIds.slice(start, start + 20).map((workflowId) =>
        temporal.workflow
          .getHandle(workflowId)
          .query(processStatusQuery)
          .then((status) => ({ workflowId, status }))
          // A case that ended since visibility listed it waits for nobody.
          .catch(() => undefined),
      ),
    );
    for (const entry of cases) {
      if (!entry || entry.status.stage !== awaitingReviewStage) continue;
      const details = entry.status.details as unknown as ConnectionDetails;
      const pending = details.documents.filter((document) => document.status === 'pending');
      if (pending.length === 0) continue;
      const rows = await documentsByIds(
        db,
        entry.workflowId,
        pending.map((document) => document.documentId),
      );
      const askedAt = reviewAskedAt(entry.status.events);
      for (const document of pending) {
        const row = rows.find((r) => r.documentId === document.documentId);
        if (!row) continue;
        found.push({
          workflowId: entry.workflowId,
          documentId: document.documentId,
          organizationName: details.organization.name,
          documentType: document.documentType,
          uploadedAt: row.createdAt,
          // Uploads come before the approval that asks for the review: the wait starts with the later of the two.
          waitingSince: askedAt && askedAt > row.createdAt ? askedAt : row.createdAt,
        });
      }
    }
  }
  return found.sort((a, b) => a.waitingSince.localeCompare(b.waitingSince) || a.uploadedAt.localeCompare(b.uploadedAt));
}

/** A document's review screen (also linked from its case page). */
export function reviewPath(workflowId: string, documentId: string): string {
  return `/console/cases/${encodeURIComponent(workflowId)}/documents/${encodeURIComponent(documentId)}`;
}

const doneNotices = { approved: 'doneApproved', rejected: 'doneRejected' } as const satisfies Record<string, TextKey>;

function waitingForMePage(
  language: Language,
  waiting: AwaitingDocument[],
  done: string | undefined,
  now: Date,
): string {
  const t = wordsIn(texts, language);
  const notice = done && done in doneNotices ? t(doneNotices[done as keyof typeof doneNotices]) : undefined;
  return renderConsolePage(
    language,
    consoleText(language, 'waitingForMe'),
    <>
      <h1>{consoleText(language, 'waitingForMe')}</h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <section class="card" aria-labelledby="documents-title">
        <h2 id="documents-title">{t('documentsTitle')}</h2>
        <p class="muted">{t('promise')}</p>
        {waiting.length === 0 ? (
          <p>{t('none')}</p>
        ) : (
          <Table
            headings={[
              t('organization'),
              t('documentType'),
              t('uploaded'),
              t('waited'),
              t('left'),
              <span class="visually-hidden">{t('review')}</span>,
            ]}
          >
            {waiting.map((document) => {
              const waited = danishWorkingDaysBetween(new Date(document.waitingSince), now);
              const left = documentReviewWorkingDays - waited;
              return (
                <tr>
                  <td>{document.organizationName}</td>
                  <td>{wordFor(documentTypes, document.documentType, language)}</td>
                  <td>{formatDate(document.uploadedAt, language, false)}</td>
                  <td>{waited}</td>
                  <td>{left >= 0 ? left : <span class="error">{`${t('overdue')} (${-left})`}</span>}</td>
                  <td>
                    <a
                      href={reviewPath(document.workflowId, document.documentId)}
                      aria-label={`${t('review')}: ${wordFor(documentTypes, document.documentType, language)}, ${document.organizationName}`}
                    >
                      {t('review')}
                    </a>
                  </td>
                </tr>
              );
            })}
          </Table>
        )}
      </section>
    </>,
  );
}

/** A document of a connection case, as the review screen shows it. */
interface ReviewCase {
  connectionId: string;
  workflowId: string;
  stage: string;
  details: ConnectionDetails;
  document: ConnectionDocumentView;
  row: StoredDocument;
}

async function findReviewCase(
  { temporal, db }: Pick<ApiDeps, 'temporal' | 'db'>,
  workflowIdParam: string,
  documentIdParam: string,
): Promise<ReviewCase | undefined> {
  const id = /^connection-(.+)$/.exec(workflowIdParam)?.[1];
  if (!id || !connectionId.safeParse(id).success || !documentIdSchema.safeParse(documentIdParam).success)
    return undefined;
  const workflowId = connectionWorkflowId(id);
  let status;
  try {
    status = await temporal.workflow.getHandle(workflowId).query(processStatusQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
  const details = status.details as unknown as ConnectionDetails;
  const document = details.documents?.find((d) => d.documentId === documentIdParam);
  const row = await attachedDocument(db, workflowId, documentIdParam);
  if (!document || !row) return undefined;
  return { connectionId: id, workflowId, stage: status.stage, details, document, row };
}

type FieldErrors = Partial<Record<'decision' | 'reason', string>>;

interface FormState {
  decision?: string;
  reason?: string;
  errors?: FieldErrors;
  /** A problem with the whole decision (the case no longer awaits it). */
  problem?: string;
}

function kiloBytes(bytes: number, language: Language): string {
  return `${new Intl.NumberFormat({ da: 'da-DK', de: 'de-DE', en: 'en-GB' }[language], { maximumFractionDigits: 0 }).format(Math.max(1, Math.round(bytes / 1024)))} kB`;
}

function DocumentView({ review, language }: { review: ReviewCase; language: Language }): JSX.Element {
  const base = `/api/connections/${encodeURIComponent(review.connectionId)}/documents/${encodeURIComponent(review.row.documentId)}`;
  const label = `${wordFor(documentTypes, review.document.documentType, language)} – ${review.details.organization.name}`;
  // The document's own answer sandboxes it and lets only this origin frame it (api/connections.ts sendDocument).
  return (
    <section class="card">
      <p>
        <a href={base} download>
          {`${texts.download[language]} (${wordFor(mediaTypes, review.row.mediaType, language)}, ${kiloBytes(review.row.sizeBytes, language)})`}
        </a>
      </p>
      {review.row.mediaType === 'application/pdf' ? (
        <iframe class="document" src={`${base}?disposition=inline`} title={label}></iframe>
      ) : (
        <img class="document" src={`${base}?disposition=inline`} alt={label} />
      )}
    </section>
  );
}

function reviewPage(language: Language, review: ReviewCase, form: FormState = {}): string {
  const t = wordsIn(texts, language);
  const { details, document, row } = review;
  const open = review.stage === awaitingReviewStage && document.status === 'pending';
  const errors = form.errors ?? {};
  const described = (field: keyof FieldErrors) => (errors[field] ? `${field}-error` : undefined);
  // The facts and the decision beside the document, and before it for the keyboard: Tab reaches the form
  // without passing through the PDF viewer's own controls.
  return renderConsolePage(
    language,
    `${t('reviewTitle')}: ${details.organization.name}`,
    <>
      <p>
        <a href="/console">{t('back')}</a>
      </p>
      <h1>{`${t('reviewTitle')}: ${details.organization.name}`}</h1>
      <Alert>{form.problem}</Alert>
      <div class="review">
        <div>
          <section class="card">
            <dl>
              <dt>{t('organization')}</dt>
              <dd>{details.organization.name}</dd>
              <dt>{t('kind')}</dt>
              <dd>{wordFor(organizationKinds, details.organization.kind, language)}</dd>
              <dt>{t('stage')}</dt>
              <dd>{wordFor(stages, review.stage, language)}</dd>
              <dt>{t('statedType')}</dt>
              <dd>{wordFor(documentTypes, document.documentType, language)}</dd>
              <dt>{t('fileType')}</dt>
              <dd>{wordFor(mediaTypes, row.mediaType, language)}</dd>
              {row.originalName ? [<dt>{t('fileName')}</dt>, <dd>{row.originalName}</dd>] : null}
              <dt>{t('uploadedBy')}</dt>
              <dd>{`${details.initiator.name} (${wordFor(initiatorRoles, details.initiator.role, language)})`}</dd>
              <dt>{t('uploadedAt')}</dt>
              <dd>{formatDate(row.createdAt, language)}</dd>
              <dt>{t('status')}</dt>
              <dd>{wordFor(documentStatuses, document.status, language)}</dd>
              {document.reason ? [<dt>{t('reviewReason')}</dt>, <dd>{document.reason}</dd>] : null}
            </dl>
          </section>
          {open ? (
            <form class="card" method="post" action={reviewPath(review.workflowId, row.documentId)} novalidate>
              <Alert>{errors.decision || errors.reason ? t('problem') : null}</Alert>
              <fieldset aria-describedby={described('decision')}>
                <legend>{t('decision')}</legend>
                <label class="choice">
                  <input type="radio" name="decision" value="approve" checked={form.decision === 'approve'} />
                  {t('approve')}
                </label>
                <label class="choice">
                  <input type="radio" name="decision" value="reject" checked={form.decision === 'reject'} />
                  {t('reject')}
                </label>
                <FieldError id="decision-error" message={errors.decision} />
              </fieldset>
              <label for="reason">{t('reason')}</label>
              <textarea
                id="reason"
                name="reason"
                rows="4"
                maxlength="1000"
                aria-invalid={errors.reason ? 'true' : undefined}
                aria-describedby={described('reason')}
              >
                {form.reason ?? ''}
              </textarea>
              <FieldError id="reason-error" message={errors.reason} />
              <button type="submit">{t('submit')}</button>
            </form>
          ) : (
            <p class="notice">{t('notAwaiting')}</p>
          )}
        </div>
        <DocumentView review={review} language={language} />
      </div>
    </>,
  );
}

function notFoundPage(language: Language): string {
  const t = wordsIn(texts, language);
  return renderConsolePage(language, t('notFound'), [
    <h1>{t('notFound')}</h1>,
    <p>{t('notFoundText')}</p>,
    <p>
      <a href="/console">{t('back')}</a>
    </p>,
  ]);
}

/** The review page frames the document: it alone may load frames, and only from this origin. */
function sendReviewPage(res: Response, status: number, html: string): void {
  res.setHeader('Content-Security-Policy', `${contentSecurityPolicy}; frame-src 'self'`);
  res.status(status).type('html').send(html);
}

/** The form's fields as the API's review body: an empty reason is no reason. */
function reviewFormBody(form: Record<string, unknown>): Record<string, unknown> {
  const reason = typeof form.reason === 'string' && form.reason.trim() !== '' ? form.reason : undefined;
  return { decision: form.decision, ...(reason !== undefined ? { reason } : {}) };
}

function fieldErrors(language: Language, issues: Array<{ path: PropertyKey[]; code: string }>): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    if (issue.path[0] === 'reason')
      errors.reason ??= texts[issue.code === 'too_big' ? 'reasonTooLong' : 'reasonRequired'][language];
    else errors.decision ??= texts.chooseDecision[language];
  }
  return errors;
}

export function reviewsRouter(deps: ApiDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const waiting = await documentsAwaitingReview(deps);
    const done = typeof req.query.done === 'string' ? req.query.done : undefined;
    res.type('html').send(waitingForMePage(browserLanguage(req), waiting, done, new Date()));
  });

  router.get('/cases/:workflowId/documents/:documentId', async (req, res) => {
    const language = browserLanguage(req);
    const review = await findReviewCase(deps, String(req.params.workflowId), String(req.params.documentId));
    if (!review) return void res.status(404).type('html').send(notFoundPage(language));
    req.workflowId = review.workflowId;
    sendReviewPage(res, 200, reviewPage(language, review));
  });

  router.post('/cases/:workflowId/documents/:documentId', async (req: Request, res: Response) => {
    const language = browserLanguage(req);
    const review = await findReviewCase(deps, String(req.params.workflowId), String(req.params.documentId));
    if (!review) return void res.status(404).type('html').send(notFoundPage(language));
    req.workflowId = review.workflowId;
    const form = (req.body ?? {}) as Record<string, unknown>;
    const entered = {
      decision: typeof form.decision === 'string' ? form.decision : undefined,
      reason: typeof form.reason === 'string' ? form.reason : undefined,
    };
    const parsed = reviewBody.safeParse(reviewFormBody(form));
    if (!parsed.success)
      return sendReviewPage(
        res,
        422,
        reviewPage(language, review, { ...entered, errors: fieldErrors(language, parsed.error.issues) }),
      );
    try {
      const result = await reviewDocument(
        deps,
        review.connectionId,
        review.row.documentId,
        parsed.data,
        operatorActor(req),
      );
      res.redirect(303, `/console?done=${result.status}`);
    } catch (error) {
      if (!(error instanceof HttpError) || error.status >= 500) throw error;
      if (error.status === 404) return void res.status(404).type('html').send(notFoundPage(language));
      const now = (await findReviewCase(deps, review.workflowId, review.row.documentId)) ?? review;
      sendReviewPage(
        res,
        error.status,
        reviewPage(language, now, {
          ...entered,
          problem: texts[error.status === 409 ? 'notAwaiting' : 'refused'][language],
        }),
      );
    }
  });

  return router;
}
