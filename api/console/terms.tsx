// Terms in the console (`/console/terms`): the version in effect, each update under way with its notice's
// progress as its process reports it, and the form that publishes a version through the API's own function.
import { Router, type Request } from 'express';
import { formatDate, stages, termsKinds, termsNotices, wordFor } from '../../domain/glossary';
import { w, wordsIn, type Language, type Localized } from '../../domain/language';
import type { ApiDeps } from '../deps';
import { Fragment, h } from '../pages/jsx';
import { Table } from '../pages/table';
import { publishTerms, termsFormFields, termsOverview } from '../terms';
import { Field, Select } from '../pages/field';
import { fieldErrors, formValues, submitForm, sendPage, type FieldErrors } from './forms';
import { browserLanguage } from '../pages/language';
import { renderConsolePage } from './layout';
import { publishBody, type TermsOverview } from '../schemas';
import { Alert } from '../pages/alert';

const texts = {
  title: w('Vilkår', 'Bedingungen', 'Terms'),
  current: w('Gældende vilkår', 'Geltende Bedingungen', 'Terms in effect'),
  since: w('Gældende siden', 'In Kraft seit', 'In effect since'),
  pending: w('Opdateringer under varsling', 'Aktualisierungen in der Ankündigung', 'Updates being announced'),
  nonePending: w('Ingen opdateringer er undervejs.', 'Keine Aktualisierung ist unterwegs.', 'No update is under way.'),
  version: w('Version', 'Version', 'Version'),
  titleField: w('Titel', 'Titel', 'Title'),
  kind: w('Type', 'Art', 'Kind'),
  published: w('Offentliggjort', 'Veröffentlicht', 'Published'),
  stage: w('Status', 'Stand', 'Stage'),
  notified: w('Organisationer underrettet', 'Organisationen benachrichtigt', 'Organisations told'),
  lastNotice: w('Seneste varsel til alle', 'Letzte Benachrichtigung an alle', 'Last notice to everyone'),
  emails: w('E-mails til administratorer', 'E-Mails an Administratoren', 'E-mails to administrators'),
  effective: w('Træder i kraft', 'Tritt in Kraft', 'Takes effect'),
  reminder: w('Påmindelse', 'Erinnerung', 'Reminder'),
  notFixed: w(
    'fastsættes, når alle er underrettet',
    'wird festgelegt, sobald alle benachrichtigt sind',
    'fixed once everyone is told',
  ),
  unknown: w('ukendt', 'unbekannt', 'unknown'),
  publish: w('Offentliggør en version', 'Eine Fassung veröffentlichen', 'Publish a version'),
  publishHint: w(
    'En opdatering varsles til alle administratorer og træder i kraft efter varslingsperioden; en tilføjelse gælder straks.',
    'Eine Aktualisierung wird allen Administratoren angekündigt und tritt nach der Ankündigungsfrist in Kraft; eine Ergänzung gilt sofort.',
    'An update is announced to every administrator and takes effect after the notice period; an addition is in effect at once.',
  ),
  url: w('Adresse (URL) på vilkårene', 'Adresse (URL) der Bedingungen', 'Address (URL) of the terms'),
  publishButton: w('Offentliggør', 'Veröffentlichen', 'Publish'),
  done: w('Versionen er offentliggjort.', 'Die Fassung ist veröffentlicht.', 'The version is published.'),
  problems: w(
    'Formularen har fejl. Ret felterne markeret nedenfor.',
    'Das Formular enthält Fehler. Bitte korrigieren Sie die markierten Felder.',
    'The form has errors. Correct the fields marked below.',
  ),
  exists: w(
    'Den version er allerede offentliggjort.',
    'Diese Fassung ist bereits veröffentlicht.',
    'That version has already been published.',
  ),
  refused: w(
    'Versionen blev ikke offentliggjort.',
    'Die Fassung wurde nicht veröffentlicht.',
    'The version was not published.',
  ),
  checkField: w('Kontrollér dette felt.', 'Bitte prüfen Sie dieses Feld.', 'Check this field.'),
};

const fieldMessages: Record<string, Localized> = {
  version: w(
    'Bogstaver, cifre, ".", "_" eller "-", højst 64, fx "2025-06".',
    'Buchstaben, Ziffern, ".", "_" oder "-", höchstens 64, z. B. "2025-06".',
    'Letters, digits, ".", "_" or "-", at most 64, e.g. "2025-06".',
  ),
  title: w(
    'Skriv en titel (højst 300 tegn).',
    'Geben Sie einen Titel an (höchstens 300 Zeichen).',
    'Enter a title (at most 300 characters).',
  ),
  url: w(
    'Skriv en adresse, der begynder med https://.',
    'Geben Sie eine Adresse an, die mit https:// beginnt.',
    'Enter an address beginning with https://.',
  ),
  kind: w(
    'Vælg opdatering eller tilføjelse.',
    'Wählen Sie Aktualisierung oder Ergänzung.',
    'Choose update or addition.',
  ),
};

interface FormState {
  values: Record<string, string>;
  errors: FieldErrors;
  problem?: string;
}

function termsPage(language: Language, overview: TermsOverview, state: FormState, done: boolean): string {
  const t = wordsIn(texts, language);
  const { current, pending } = overview;
  const date = (iso: string | null, fallback: string) => (iso ? formatDate(iso, language) : fallback);
  return renderConsolePage(
    language,
    t('title'),
    <>
      <h1>{t('title')}</h1>
      {done ? (
        <p class="notice" role="status">
          {t('done')}
        </p>
      ) : null}
      <section class="card">
        <h2>{t('current')}</h2>
        <p>
          <a href={current.url}>{current.title}</a> ({t('version')} {current.version},{' '}
          {wordFor(termsKinds, current.kind, language)}), {t('since')} {date(current.effectiveAt, t('unknown'))}
        </p>
      </section>
      <section class="card">
        <h2>{t('pending')}</h2>
        {pending.length === 0 ? (
          <p>{t('nonePending')}</p>
        ) : (
          <Table
            headings={[
              t('version'),
              t('published'),
              t('stage'),
              t('notified'),
              t('lastNotice'),
              t('emails'),
              t('effective'),
              t('reminder'),
            ]}
          >
            {pending.map((update) => (
              <tr>
                <th scope="row">
                  <a href={update.url}>{update.title}</a> ({update.version})
                </th>
                <td>{formatDate(update.publishedAt, language)}</td>
                <td>{update.stage ? wordFor(stages, update.stage, language) : t('unknown')}</td>
                <td>
                  {update.notice
                    ? `${update.notice.organizationsNotified} / ${update.notice.organizationsTotal}`
                    : t('unknown')}
                </td>
                <td>{update.notice ? wordFor(termsNotices, update.notice.lastNotice, language) : t('unknown')}</td>
                <td>{update.notice ? update.notice.emailsSent : t('unknown')}</td>
                <td>{date(update.effectiveAt, t('notFixed'))}</td>
                <td>{date(update.reminderAt, t('notFixed'))}</td>
              </tr>
            ))}
          </Table>
        )}
      </section>
      <form class="card" method="post" action="/console/terms" novalidate>
        <h2>{t('publish')}</h2>
        <p class="muted">{t('publishHint')}</p>
        <Alert>{state.problem}</Alert>
        <Field name="version" label={t('version')} value={state.values.version} error={state.errors.version} required />
        <Field name="title" label={t('titleField')} value={state.values.title} error={state.errors.title} required />
        <Field name="url" label={t('url')} type="url" value={state.values.url} error={state.errors.url} required />
        <Select
          name="kind"
          label={t('kind')}
          value={state.values.kind}
          error={state.errors.kind}
          options={['update', 'addition'].map((kind) => ({ value: kind, label: wordFor(termsKinds, kind, language) }))}
        />
        <button type="submit">{t('publishButton')}</button>
      </form>
    </>,
  );
}

export function termsScreens(deps: ApiDeps): Router {
  const router = Router();

  router.get('/terms', async (req, res) => {
    sendPage(
      res,
      200,
      termsPage(
        browserLanguage(req),
        await termsOverview(deps),
        { values: {}, errors: {} },
        req.query.done === 'published',
      ),
    );
  });

  router.post('/terms', async (req: Request, res) => {
    const language = browserLanguage(req);
    const submitted = await submitForm(publishBody, req.body, (body) => publishTerms(deps, body, req));
    if (submitted.ok) return res.redirect(303, '/console/terms?done=published');
    const { refusal } = submitted;
    const errors =
      refusal.status === 422
        ? fieldErrors(refusal, termsFormFields, (field) => (fieldMessages[field] ?? texts.checkField)[language])
        : {};
    const problem =
      refusal.code === 'terms_version_exists'
        ? texts.exists[language]
        : Object.keys(errors).some((field) => field !== '')
          ? texts.problems[language]
          : texts.refused[language];
    if (refusal.code === 'terms_version_exists') errors.version = texts.exists[language];
    sendPage(
      res,
      refusal.status,
      termsPage(language, await termsOverview(deps), { values: formValues(req.body), errors, problem }, false),
    );
  });

  return router;
}
