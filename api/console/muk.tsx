// A MUK case in the console (`/console/muk/:connectionId`): where it stands, the printable application and
// the Service Provider's metadata, what happened so far, and a form for each event the process awaits now
// (as its waiting steps name them), sent through the API's own function.
import { Router, type Request, type Response } from 'express';
import type { Markup } from '../../activities/mail/html';
import {
  eventTypes,
  formatDate,
  integrationTestResults,
  mukEvents,
  processTypes,
  stages,
  wordFor,
} from '../../domain/glossary';
import { w, wordsIn, type Language, type Localized } from '../../domain/language';
import { mukEventSchema, type MukEventType } from '../../domain/muk/events';
import { mukApplicationPagePath, mukServiceProviderMetadataPath } from '../../domain/muk/paths';
import { mukWorkflowId } from '../../domain/muk/municipality';
import { signedViewUrl } from '../../links/view-links';
import type { MukConnectionDetails } from '../../workflows/muk-connection.messages';
import type { ProcessStatus } from '../../workflows/process.messages';
import type { ApiDeps } from '../deps';
import { HttpError } from '../errors';
import { awaitedMukEvents, mukStatus, sendMukEvent } from '../muk';
import { Fragment, h } from '../pages/jsx';
import { Table } from '../pages/table';
import { Field, fieldId, Select } from '../pages/field';
import { fieldErrors, formValues, submitForm, sendPage, type FieldErrors } from './forms';
import { browserLanguage } from '../pages/language';
import { eventDetail } from './event-detail';
import { renderConsolePage } from './layout';
import { mukConnectionId } from '../schemas';
import { operatorActor } from '../middleware';
import { Alert } from '../pages/alert';

const texts = {
  stage: w('Status', 'Stand', 'Stage'),
  awaited: w('Det venter sagen på nu', 'Darauf wartet der Vorgang jetzt', 'What the case awaits now'),
  awaitedHint: w(
    'Meld, hvad der er sket i MUK-serviceportalen.',
    'Melden Sie, was im MUK-Serviceportal geschehen ist.',
    'Report what happened in the MUK service portal.',
  ),
  nothingAwaited: w(
    'Sagen venter ikke på en melding fra serviceportalen lige nu.',
    'Der Vorgang wartet gerade auf keine Meldung aus dem Serviceportal.',
    'The case awaits no report from the service portal right now.',
  ),
  refresh: w('Opdatér siden', 'Seite aktualisieren', 'Refresh the page'),
  papers: w('Ansøgning og metadata', 'Antrag und Metadaten', 'Application and metadata'),
  application: w('Udskrivbar ansøgning (Vorhaben)', 'Druckbarer Antrag (Vorhaben)', 'Printable application (Vorhaben)'),
  metadata: w(
    'Service Providerens SAML-metadata (XML)',
    'SAML-Metadaten des Service Providers (XML)',
    'The Service Provider’s SAML metadata (XML)',
  ),
  metadataLater: w(
    'Metadata findes, når Vorhaben er bekræftet og Service Provideren forberedt.',
    'Die Metadaten gibt es, sobald das Vorhaben bestätigt und der Service Provider vorbereitet ist.',
    'The metadata exists once the Vorhaben is confirmed and the Service Provider prepared.',
  ),
  facts: w('Oplysninger', 'Angaben', 'Details'),
  federalState: w('Delstat', 'Bundesland', 'Federal state'),
  responsible: w(
    'Ansvarlig hos leverandøren',
    'Verantwortlich beim Dienstleister',
    'Responsible at the service provider',
  ),
  portalLogin: w('Login til serviceportalen', 'Anmeldung am Serviceportal', 'Service portal login'),
  reference: w('Vorhaben-reference', 'Vorhaben-Referenz', 'Vorhaben reference'),
  returned: w('Vorhaben sendt tilbage, fordi', 'Vorhaben zurückgegeben, weil', 'Vorhaben returned because'),
  rejected: w(
    'Service Provider afvist, fordi',
    'Service Provider abgelehnt, weil',
    'Service Provider rejected because',
  ),
  failed: w(
    'Integrationstesten fejlede, fordi',
    'Integrationstest fehlgeschlagen, weil',
    'Integration test failed because',
  ),
  deadline: w('Frist', 'Frist', 'Deadline'),
  history: w('Forløb', 'Verlauf', 'History'),
  when: w('Tidspunkt', 'Zeitpunkt', 'When'),
  what: w('Hændelse', 'Ereignis', 'Event'),
  who: w('Af', 'Von', 'By'),
  detail: w('Detaljer', 'Einzelheiten', 'Details'),
  done: w('Meldt:', 'Gemeldet:', 'Reported:'),
  problems: w(
    'Meldingen har fejl. Ret felterne markeret nedenfor.',
    'Die Meldung enthält Fehler. Bitte korrigieren Sie die markierten Felder.',
    'The report has errors. Correct the fields marked below.',
  ),
  notAwaited: w(
    'Sagen venter ikke på den melding lige nu. Siden viser, hvad den venter på.',
    'Der Vorgang wartet gerade nicht auf diese Meldung. Die Seite zeigt, worauf er wartet.',
    'The case does not await that report now. The page shows what it awaits.',
  ),
  refused: w('Meldingen blev ikke modtaget.', 'Die Meldung wurde nicht angenommen.', 'The report was not accepted.'),
  notFound: w(
    'Ingen MUK-tilslutning med dette id.',
    'Kein MUK-Anschluss mit dieser Kennung.',
    'No MUK connection with that id.',
  ),
  checkField: w('Kontrollér dette felt.', 'Bitte prüfen Sie dieses Feld.', 'Check this field.'),
};

/** The fields an event takes besides its type, with their words. */
const eventFieldWords: Record<string, { label: Localized; message: Localized }> = {
  reference: {
    label: w(
      'Referencen fra serviceportalen',
      'Referenz aus dem Serviceportal',
      'The reference from the service portal',
    ),
    message: w(
      'Skriv referencen, som serviceportalen gav.',
      'Geben Sie die Referenz an, die das Serviceportal vergeben hat.',
      'Enter the reference the service portal gave.',
    ),
  },
  reason: {
    label: w('Begrundelse', 'Begründung', 'Reason'),
    message: w(
      'Skriv begrundelsen; den ansvarlige retter ud fra den.',
      'Geben Sie die Begründung an; die verantwortliche Person korrigiert danach.',
      'Enter the reason; the responsible person corrects accordingly.',
    ),
  },
  note: {
    label: w('Bemærkning (valgfrit)', 'Bemerkung (optional)', 'Note (optional)'),
    message: w('Højst 2000 tegn.', 'Höchstens 2000 Zeichen.', 'At most 2000 characters.'),
  },
  serviceProviderId: {
    label: w(
      'Service Providerens id i portalen (valgfrit)',
      'Kennung des Service Providers im Portal (optional)',
      'The Service Provider’s id in the portal (optional)',
    ),
    message: w('Højst 100 tegn.', 'Höchstens 100 Zeichen.', 'At most 100 characters.'),
  },
  result: {
    label: w('Resultat', 'Ergebnis', 'Result'),
    message: w('Vælg et resultat.', 'Wählen Sie ein Ergebnis.', 'Choose a result.'),
  },
};

/** Each event's fields as the API's schema has them: the page offers exactly what the schema takes. */
const eventFields = Object.fromEntries(
  mukEventSchema.options.map((option) => [
    option.shape.type.value,
    Object.entries(option.shape as Record<string, { isOptional(): boolean; options?: readonly string[] }>)
      .filter(([name]) => name !== 'type')
      .map(([name, schema]) => ({ name, required: !schema.isOptional(), choices: schema.options })),
  ]),
) as Record<MukEventType, Array<{ name: string; required: boolean; choices?: readonly string[] }>>;

interface Refused {
  type?: string;
  values: Record<string, string>;
  errors: FieldErrors;
}

function EventForm({
  language,
  connectionId,
  type,
  refused,
}: {
  language: Language;
  connectionId: string;
  type: MukEventType;
  refused?: Refused;
}): Markup {
  const mine = refused?.type === type ? refused : undefined;
  return (
    <form class="card" method="post" action={`/console/muk/${encodeURIComponent(connectionId)}/events`} novalidate>
      <input type="hidden" name="type" value={type} />
      {eventFields[type].map((field) => {
        const words = eventFieldWords[field.name];
        const label = words ? words.label[language] : field.name;
        if (field.choices) {
          const options = field.choices.map((choice) => ({
            value: choice,
            label: wordFor(integrationTestResults, choice, language),
          }));
          return (
            <Select
              name={field.name}
              label={label}
              options={options}
              value={mine?.values[field.name]}
              error={mine?.errors[field.name]}
              id={`${type}-${fieldId(field.name)}`}
            />
          );
        }
        return (
          <Field
            name={field.name}
            label={label}
            value={mine?.values[field.name]}
            error={mine?.errors[field.name]}
            type={field.name === 'reference' || field.name === 'serviceProviderId' ? 'text' : 'textarea'}
            required={field.required}
            id={`${type}-${fieldId(field.name)}`}
          />
        );
      })}
      <button type="submit">{wordFor(mukEvents, type, language)}</button>
    </form>
  );
}

function casePage(
  language: Language,
  connectionId: string,
  status: ProcessStatus<MukConnectionDetails>,
  signingKey: string,
  notice?: { done?: string; problem?: string; refused?: Refused },
): string {
  const t = wordsIn(texts, language);
  const { details, stage, pendingSteps, events } = status;
  const awaited = awaitedMukEvents(status);
  const applicationLink = signedViewUrl(
    '',
    signingKey,
    mukApplicationPagePath(connectionId),
    new Date(Date.now() + 8 * 3_600_000),
  );
  const sp = details.serviceProvider;
  const fact = (label: string, value: Markup | string | undefined) =>
    value ? [<dt>{label}</dt>, <dd>{value}</dd>] : null;
  return renderConsolePage(
    language,
    details.municipality.name,
    <>
      <p class="muted">{wordFor(processTypes, 'muk-connection', language)}</p>
      <h1>{details.municipality.name}</h1>
      <p>
        {t('stage')}: <span class="badge">{wordFor(stages, stage, language)}</span>
      </p>
      {notice?.done ? (
        <p class="notice" role="status">
          {t('done')} {wordFor(mukEvents, notice.done, language)}
        </p>
      ) : null}
      <Alert>{notice?.problem}</Alert>
      <section class="card">
        <h2>{t('awaited')}</h2>
        {awaited.length > 0 ? (
          <p class="muted">{t('awaitedHint')}</p>
        ) : (
          <p>
            {t('nothingAwaited')} <a href={`/console/muk/${encodeURIComponent(connectionId)}`}>{t('refresh')}</a>
          </p>
        )}
        {pendingSteps.map((pending) =>
          pending.context?.events ? (
            <p class="muted">
              {t('deadline')}: {formatDate(pending.expiresAt, language)}
            </p>
          ) : null,
        )}
      </section>
      {awaited.map((type) => (
        <EventForm language={language} connectionId={connectionId} type={type} refused={notice?.refused} />
      ))}
      <section class="card">
        <h2>{t('papers')}</h2>
        <ul>
          <li>
            <a href={applicationLink}>{t('application')}</a>
          </li>
          <li>
            {sp ? (
              <a href={mukServiceProviderMetadataPath(connectionId)} download={`${connectionId}-metadata.xml`}>
                {t('metadata')}
              </a>
            ) : (
              <span class="muted">{t('metadataLater')}</span>
            )}
          </li>
        </ul>
      </section>
      <section class="card">
        <h2>{t('facts')}</h2>
        <dl>
          {fact(t('federalState'), details.municipality.federalState)}
          {fact(t('responsible'), `${details.responsible.name} <${details.responsible.email}>`)}
          {fact(t('portalLogin'), details.portalLoginUrl)}
          {fact(t('reference'), details.vorhabenReference)}
          {fact(t('returned'), details.vorhabenReturned)}
          {fact(t('rejected'), sp?.lastRejection)}
          {fact(t('failed'), sp?.lastFailure)}
        </dl>
      </section>
      <section class="card">
        <h2>{t('history')}</h2>
        <Table headings={[t('when'), t('what'), t('who'), t('detail')]}>
          {events.map((event) => (
            <tr>
              <td>{formatDate(event.at, language)}</td>
              <td>{wordFor(eventTypes, event.type, language)}</td>
              <td>{event.actor ?? ''}</td>
              <td>{eventDetail(event, language)}</td>
            </tr>
          ))}
        </Table>
      </section>
    </>,
  );
}

export function mukScreens(deps: ApiDeps): Router {
  const { temporal, config } = deps;
  const router = Router();

  /** The case, or the console's page saying there is none (404). */
  async function found(
    req: Request,
    res: Response,
  ): Promise<{ id: string; status: ProcessStatus<MukConnectionDetails> } | undefined> {
    const language = browserLanguage(req);
    const id = mukConnectionId.safeParse(req.params.connectionId);
    try {
      if (!id.success) throw new HttpError(404, 'not_found', 'No MUK connection with that id');
      req.workflowId = mukWorkflowId(id.data);
      return { id: id.data, status: await mukStatus(temporal, id.data) };
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 404) throw error;
      sendPage(res, 404, renderConsolePage(language, texts.notFound[language], <h1>{texts.notFound[language]}</h1>));
      return undefined;
    }
  }

  router.get('/muk/:connectionId', async (req, res) => {
    const is = await found(req, res);
    if (!is) return;
    const done = typeof req.query.done === 'string' && req.query.done in eventFields ? req.query.done : undefined;
    sendPage(res, 200, casePage(browserLanguage(req), is.id, is.status, config.env.LINK_SIGNING_KEY, { done }));
  });

  router.post('/muk/:connectionId/events', async (req, res) => {
    const is = await found(req, res);
    if (!is) return;
    const language = browserLanguage(req);
    const actor = operatorActor(req);
    const submitted = await submitForm(mukEventSchema, req.body, (event) =>
      sendMukEvent(temporal, is.id, event, actor),
    );
    if (submitted.ok)
      return res.redirect(
        303,
        `/console/muk/${encodeURIComponent(is.id)}?done=${encodeURIComponent(String(req.body.type))}`,
      );
    const { refusal } = submitted;
    const type = typeof req.body?.type === 'string' ? req.body.type : undefined;
    const fields = type && type in eventFields ? eventFields[type as MukEventType].map((field) => field.name) : [];
    const errors =
      refusal.status === 422
        ? fieldErrors(refusal, fields, (field) => (eventFieldWords[field]?.message ?? texts.checkField)[language])
        : {};
    const problem =
      refusal.status === 409
        ? texts.notAwaited[language]
        : Object.keys(errors).some((field) => field !== '')
          ? texts.problems[language]
          : texts.refused[language];
    // The page as it stands now, with the refused report's values and problems in its form.
    const now = await mukStatus(temporal, is.id);
    sendPage(
      res,
      refusal.status,
      casePage(language, is.id, now, config.env.LINK_SIGNING_KEY, {
        problem,
        refused: { type, values: formValues(req.body), errors },
      }),
    );
  });

  return router;
}
