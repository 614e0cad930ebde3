// The console's start forms: a MitID Erhverv connection (`/console/start`) and a MUK connection
// (`/console/start/muk`). They post the API's bodies (field names are the body's paths), validated with the
// API's schemas and started through the API's own functions.
import { Router, type Request } from 'express';
import type { Markup } from '../../activities/mail/html';
import { initiatorRoles, organizationKinds as kindWords, processTypes, wordFor } from '../../domain/glossary';
import { w, wordsIn, type Language, type Localized } from '../../domain/language';
import { federalStateNames } from '../../domain/muk/federal-states';
import { startMukConnectionSchema } from '../../domain/muk/municipality';
import { countryCodes, organizationKinds } from '../../domain/organization';
import { connectionFormFields, startConnection } from '../connections';
import type { ApiDeps } from '../deps';
import type { HttpError } from '../errors';
import { mukFormFields, startMukConnection } from '../muk';
import { h } from '../pages/jsx';
import { Field, Select } from '../pages/field';
import { fieldErrors, formValues, submitForm, sendPage, type FieldErrors } from './forms';
import { browserLanguage } from '../pages/language';
import { renderConsolePage } from './layout';
import { startConnectionBody } from '../schemas';
import { Alert } from '../pages/alert';

const texts = {
  title: w('Start en sag', 'Vorgang starten', 'Start a case'),
  organization: w('Organisationen', 'Die Organisation', 'The organisation'),
  organizationName: w('Organisationens navn', 'Name der Organisation', 'Name of the organisation'),
  kind: w('Organisationstype', 'Art der Organisation', 'Kind of organisation'),
  country: w('Land', 'Land', 'Country'),
  countryHint: w(
    'Danmark, undtagen for en udenlandsk virksomhed, der angiver sit eget land.',
    'Dänemark, außer bei einem ausländischen Unternehmen, das sein eigenes Land angibt.',
    'Denmark, except for a foreign company, which names its own country.',
  ),
  cvr: w('CVR-nummer', 'CVR-Nummer', 'CVR number'),
  cvrHint: w(
    '8 cifre; skal udfyldes for en virksomhed, der bekræftes i CVR-registret.',
    '8 Ziffern; Pflicht für ein Unternehmen, das im Unternehmensregister bestätigt wird.',
    '8 digits; needed for a company confirmed in the company register.',
  ),
  initiator: w('Hvem starter tilslutningen', 'Wer den Anschluss beginnt', 'Who starts the connection'),
  role: w('Rolle', 'Rolle', 'Role'),
  personName: w('Fulde navn', 'Vollständiger Name', 'Full name'),
  email: w('E-mailadresse', 'E-Mail-Adresse', 'E-mail address'),
  representative: w('Ledelsesrepræsentanten', 'Die vertretungsberechtigte Person', 'The management representative'),
  representativeHint: w(
    'Kun når en registrant starter: den ledelsesrepræsentant, der skal godkende.',
    'Nur wenn eine registrierende Person beginnt: die vertretungsberechtigte Person, die genehmigt.',
    'Only when a registrant starts: the management representative who will approve.',
  ),
  startConnection: w('Start tilslutningen', 'Anschluss starten', 'Start the connection'),
  municipality: w('Kommunen', 'Die Kommune', 'The municipality'),
  municipalityName: w('Kommunens navn', 'Name der Kommune', 'Name of the municipality'),
  federalState: w('Delstat', 'Bundesland', 'Federal state'),
  support: w('Kommunens support', 'Support der Kommune', 'The municipality’s support'),
  supportName: w('Navn (afdeling eller person)', 'Name (Stelle oder Person)', 'Name (office or person)'),
  phone: w('Telefon (valgfrit)', 'Telefon (optional)', 'Phone (optional)'),
  responsible: w(
    'Ansvarlig hos leverandøren',
    'Verantwortlich beim Dienstleister',
    'Responsible at the service provider',
  ),
  portalLoginUrl: w(
    'Adresse for login til serviceportalen (NEZO-login)',
    'Adresse der Anmeldung am Serviceportal (NEZO-Login)',
    'Address of the service portal login (NEZO login)',
  ),
  contact: w(
    'Kommunens kontaktperson (valgfrit)',
    'Ansprechperson der Kommune (optional)',
    'The municipality’s contact (optional)',
  ),
  contactHint: w(
    'Udfyldt bekræfter eller retter kontaktpersonen først kommunens oplysninger.',
    'Wenn angegeben, bestätigt oder korrigiert die Ansprechperson zuerst die Angaben der Kommune.',
    'When given, the contact first confirms or corrects the municipality’s details.',
  ),
  startMuk: w('Start MUK-tilslutningen', 'MUK-Anschluss starten', 'Start the MUK connection'),
  problems: w(
    'Formularen har fejl. Ret felterne markeret nedenfor.',
    'Das Formular enthält Fehler. Bitte korrigieren Sie die markierten Felder.',
    'The form has errors. Correct the fields marked below.',
  ),
  runningConnection: w(
    'Denne organisation har allerede en tilslutning i gang.',
    'Diese Organisation hat bereits einen laufenden Anschluss.',
    'This organisation already has a connection in progress.',
  ),
  runningMuk: w(
    'Denne kommune har allerede en MUK-tilslutning i gang.',
    'Diese Kommune hat bereits einen laufenden MUK-Anschluss.',
    'This municipality already has a MUK connection in progress.',
  ),
  openCase: w('Åbn sagen', 'Vorgang öffnen', 'Open the case'),
  refused: w(
    'Sagen kunne ikke startes.',
    'Der Vorgang konnte nicht gestartet werden.',
    'The case could not be started.',
  ),
  checkField: w('Kontrollér dette felt.', 'Bitte prüfen Sie dieses Feld.', 'Check this field.'),
};

/** What each field must hold, said where the API's schema refuses it. */
const fieldMessages: Record<string, Localized> = {
  'organization.name': w(
    'Skriv organisationens navn.',
    'Geben Sie den Namen der Organisation an.',
    'Enter the organisation’s name.',
  ),
  'organization.kind': w(
    'Vælg en organisationstype.',
    'Wählen Sie eine Art der Organisation.',
    'Choose a kind of organisation.',
  ),
  'organization.country': w(
    'Vælg Danmark; kun en udenlandsk virksomhed har et andet land.',
    'Wählen Sie Dänemark; nur ein ausländisches Unternehmen hat ein anderes Land.',
    'Choose Denmark; only a foreign company has another country.',
  ),
  'organization.cvr': w(
    'Angiv CVR-nummeret med 8 cifre: denne organisationstype bekræftes i CVR-registret.',
    'Geben Sie die CVR-Nummer mit 8 Ziffern an: diese Art der Organisation wird im Unternehmensregister bestätigt.',
    'Enter the 8-digit CVR number: this kind of organisation is confirmed in the company register.',
  ),
  'initiator.role': w('Vælg en rolle.', 'Wählen Sie eine Rolle.', 'Choose a role.'),
  'initiator.name': w(
    'Skriv personens fulde navn.',
    'Geben Sie den vollständigen Namen der Person an.',
    'Enter the person’s full name.',
  ),
  'initiator.email': w(
    'Skriv en gyldig e-mailadresse.',
    'Geben Sie eine gültige E-Mail-Adresse an.',
    'Enter a valid e-mail address.',
  ),
  'representative.name': w(
    'Skriv ledelsesrepræsentantens fulde navn: en registrant har brug for en, der godkender.',
    'Geben Sie den vollständigen Namen der vertretungsberechtigten Person an: eine registrierende Person braucht jemanden, der genehmigt.',
    'Enter the management representative’s full name: a registrant needs someone who approves.',
  ),
  'representative.email': w(
    'Skriv ledelsesrepræsentantens e-mailadresse.',
    'Geben Sie die E-Mail-Adresse der vertretungsberechtigten Person an.',
    'Enter the management representative’s e-mail address.',
  ),
  'municipality.name': w(
    'Skriv kommunens navn.',
    'Geben Sie den Namen der Kommune an.',
    'Enter the municipality’s name.',
  ),
  'municipality.federalState': w('Vælg en delstat.', 'Wählen Sie ein Bundesland.', 'Choose a federal state.'),
  'municipality.support.name': w(
    'Skriv supportens navn.',
    'Geben Sie den Namen des Supports an.',
    'Enter the support’s name.',
  ),
  'municipality.support.email': w(
    'Skriv en gyldig e-mailadresse.',
    'Geben Sie eine gültige E-Mail-Adresse an.',
    'Enter a valid e-mail address.',
  ),
  'municipality.support.phone': w(
    'Skriv et telefonnummer som +49 89 1234-0.',
    'Geben Sie eine Telefonnummer wie +49 89 1234-0 an.',
    'Enter a phone number such as +49 89 1234-0.',
  ),
  'municipality.contact.name': w(
    'Skriv kontaktpersonens fulde navn, eller lad begge felter stå tomme.',
    'Geben Sie den vollständigen Namen der Ansprechperson an, oder lassen Sie beide Felder leer.',
    'Enter the contact’s full name, or leave both fields empty.',
  ),
  'municipality.contact.email': w(
    'Skriv kontaktpersonens e-mailadresse, eller lad begge felter stå tomme.',
    'Geben Sie die E-Mail-Adresse der Ansprechperson an, oder lassen Sie beide Felder leer.',
    'Enter the contact’s e-mail address, or leave both fields empty.',
  ),
  'responsible.name': w(
    'Skriv den ansvarliges fulde navn.',
    'Geben Sie den vollständigen Namen der verantwortlichen Person an.',
    'Enter the responsible person’s full name.',
  ),
  'responsible.email': w(
    'Skriv en gyldig e-mailadresse.',
    'Geben Sie eine gültige E-Mail-Adresse an.',
    'Enter a valid e-mail address.',
  ),
  portalLoginUrl: w(
    'Skriv en adresse, der begynder med https://.',
    'Geben Sie eine Adresse an, die mit https:// beginnt.',
    'Enter an address beginning with https://.',
  ),
};

interface FormState {
  values: Record<string, string>;
  errors: FieldErrors;
  /** The case already running (409): where it is. */
  running?: string;
}

function countryOptions(language: Language): Array<{ value: string; label: string }> {
  const names = new Intl.DisplayNames([language], { type: 'region' });
  return [...countryCodes]
    .map((code) => ({ value: code, label: names.of(code) ?? code }))
    .sort((a, b) => a.label.localeCompare(b.label, language));
}

function Choice({ language, current }: { language: Language; current: 'connection' | 'muk' }): Markup {
  const t = wordsIn(texts, language);
  const links = [
    { key: 'connection', href: '/console/start', label: wordFor(processTypes, 'connection', language) },
    { key: 'muk', href: '/console/start/muk', label: wordFor(processTypes, 'muk-connection', language) },
  ];
  return (
    <nav aria-label={t('title')}>
      <p>
        {links.map((link, index) => [
          index > 0 ? ' · ' : '',
          link.key === current ? (
            <strong aria-current="page">{link.label}</strong>
          ) : (
            <a href={link.href}>{link.label}</a>
          ),
        ])}
      </p>
    </nav>
  );
}

function Problems({
  language,
  state,
  runningText,
}: {
  language: Language;
  state: FormState;
  runningText: 'runningConnection' | 'runningMuk';
}): Markup | null {
  const t = wordsIn(texts, language);
  if (state.running) {
    return (
      <Alert>
        {t(runningText)} <a href={state.running}>{t('openCase')}</a>
      </Alert>
    );
  }
  if (Object.keys(state.errors).length === 0) return null;
  return <Alert paragraphs={[t('problems'), state.errors['']]} />;
}

function connectionPage(language: Language, state: FormState): string {
  const t = wordsIn(texts, language);
  const { values, errors } = state;
  const field = (name: string, label: string, props: { type?: 'email'; hint?: string; required?: boolean } = {}) => (
    <Field name={name} label={label} value={values[name]} error={errors[name]} {...props} />
  );
  return renderConsolePage(language, `${t('title')}: ${wordFor(processTypes, 'connection', language)}`, [
    <h1>{t('title')}</h1>,
    <Choice language={language} current="connection" />,
    <form class="card" method="post" action="/console/start" novalidate>
      <h2>{wordFor(processTypes, 'connection', language)}</h2>
      <Problems language={language} state={state} runningText="runningConnection" />
      <fieldset>
        <legend>{t('organization')}</legend>
        {field('organization.name', t('organizationName'), { required: true })}
        <Select
          name="organization.kind"
          label={t('kind')}
          value={values['organization.kind']}
          error={errors['organization.kind']}
          options={organizationKinds.map((kind) => ({ value: kind, label: wordFor(kindWords, kind, language) }))}
        />
        <Select
          name="organization.country"
          label={t('country')}
          value={values['organization.country'] ?? 'DK'}
          error={errors['organization.country']}
          options={countryOptions(language)}
        />
        <p class="muted">{t('countryHint')}</p>
        {field('organization.cvr', t('cvr'), { hint: t('cvrHint') })}
      </fieldset>
      <fieldset>
        <legend>{t('initiator')}</legend>
        <Select
          name="initiator.role"
          label={t('role')}
          value={values['initiator.role']}
          error={errors['initiator.role']}
          options={['representative', 'registrant'].map((role) => ({
            value: role,
            label: wordFor(initiatorRoles, role, language),
          }))}
        />
        {field('initiator.name', t('personName'), { required: true })}
        {field('initiator.email', t('email'), { type: 'email', required: true })}
      </fieldset>
      <fieldset>
        <legend>{t('representative')}</legend>
        <p class="muted">{t('representativeHint')}</p>
        {field('representative.name', t('personName'))}
        {field('representative.email', t('email'), { type: 'email' })}
      </fieldset>
      <button type="submit">{t('startConnection')}</button>
    </form>,
  ]);
}

function mukPage(language: Language, state: FormState): string {
  const t = wordsIn(texts, language);
  const { values, errors } = state;
  const field = (
    name: string,
    label: string,
    props: { type?: 'email' | 'tel' | 'url'; hint?: string; required?: boolean } = {},
  ) => <Field name={name} label={label} value={values[name]} error={errors[name]} {...props} />;
  return renderConsolePage(language, `${t('title')}: ${wordFor(processTypes, 'muk-connection', language)}`, [
    <h1>{t('title')}</h1>,
    <Choice language={language} current="muk" />,
    <form class="card" method="post" action="/console/start/muk" novalidate>
      <h2>{wordFor(processTypes, 'muk-connection', language)}</h2>
      <Problems language={language} state={state} runningText="runningMuk" />
      <fieldset>
        <legend>{t('municipality')}</legend>
        {field('municipality.name', t('municipalityName'), { required: true })}
        <Select
          name="municipality.federalState"
          label={t('federalState')}
          value={values['municipality.federalState']}
          error={errors['municipality.federalState']}
          options={federalStateNames.map((name) => ({ value: name, label: name }))}
        />
        {field('portalLoginUrl', t('portalLoginUrl'), { type: 'url', required: true })}
      </fieldset>
      <fieldset>
        <legend>{t('support')}</legend>
        {field('municipality.support.name', t('supportName'), { required: true })}
        {field('municipality.support.email', t('email'), { type: 'email', required: true })}
        {field('municipality.support.phone', t('phone'), { type: 'tel' })}
      </fieldset>
      <fieldset>
        <legend>{t('responsible')}</legend>
        {field('responsible.name', t('personName'), { required: true })}
        {field('responsible.email', t('email'), { type: 'email', required: true })}
      </fieldset>
      <fieldset>
        <legend>{t('contact')}</legend>
        <p class="muted">{t('contactHint')}</p>
        {field('municipality.contact.name', t('personName'))}
        {field('municipality.contact.email', t('email'), { type: 'email' })}
      </fieldset>
      <button type="submit">{t('startMuk')}</button>
    </form>,
  ]);
}

/** The form again after a refusal: the problems beside the fields, or the running case's link. */
function refusedState(
  language: Language,
  refusal: HttpError,
  form: unknown,
  fields: readonly string[],
  runningCase: (details: { connectionId: string; workflowId: string }) => string,
): FormState {
  const values = formValues(form);
  if (refusal.code === 'already_running')
    return {
      values,
      errors: {},
      running: runningCase(refusal.details as { connectionId: string; workflowId: string }),
    };
  const errors = fieldErrors(refusal, fields, (field) => (fieldMessages[field] ?? texts.checkField)[language]);
  if (Object.keys(errors).length === 0) errors[''] = texts.refused[language];
  return { values, errors };
}

export function startScreens(deps: ApiDeps): Router {
  const router = Router();

  router.get('/start', (req, res) =>
    sendPage(res, 200, connectionPage(browserLanguage(req), { values: {}, errors: {} })),
  );
  router.post('/start', async (req: Request, res) => {
    const language = browserLanguage(req);
    const submitted = await submitForm(startConnectionBody, req.body, (body) => startConnection(deps, body, req));
    if (submitted.ok) return res.redirect(303, `/console/cases/${encodeURIComponent(submitted.result.workflowId)}`);
    const state = refusedState(
      language,
      submitted.refusal,
      req.body,
      connectionFormFields,
      ({ workflowId }) => `/console/cases/${encodeURIComponent(workflowId)}`,
    );
    sendPage(res, submitted.refusal.status, connectionPage(language, state));
  });

  router.get('/start/muk', (req, res) => sendPage(res, 200, mukPage(browserLanguage(req), { values: {}, errors: {} })));
  router.post('/start/muk', async (req: Request, res) => {
    const language = browserLanguage(req);
    const submitted = await submitForm(startMukConnectionSchema, req.body, (body) =>
      startMukConnection(deps, body, req),
    );
    if (submitted.ok) return res.redirect(303, `/console/muk/${encodeURIComponent(submitted.result.connectionId)}`);
    const state = refusedState(
      language,
      submitted.refusal,
      req.body,
      mukFormFields,
      ({ connectionId }) => `/console/muk/${encodeURIComponent(connectionId)}`,
    );
    sendPage(res, submitted.refusal.status, mukPage(language, state));
  });

  return router;
}
