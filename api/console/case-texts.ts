// The words of the console's case list and case page (api/console/cases.tsx).
import type { Language, Localized } from '../../domain/language';

const texts = {
  casesTitle: { da: 'Sager', de: 'Vorgänge', en: 'Cases' },
  filter: { da: 'Filtrér sagerne', de: 'Vorgänge filtern', en: 'Filter the cases' },
  processType: { da: 'Proces', de: 'Prozess', en: 'Process' },
  stage: { da: 'Status', de: 'Stand', en: 'Stage' },
  organizationId: { da: 'Organisations-id', de: 'Organisations-ID', en: 'Organisation id' },
  country: { da: 'Land (landekode, fx DK)', de: 'Land (Ländercode, z. B. DE)', en: 'Country (code, e.g. DK)' },
  text: {
    da: 'Ord i organisationens navn',
    de: 'Wörter im Namen der Organisation',
    en: 'Words of the organisation’s name',
  },
  textHint: {
    da: 'Hele ord, fx „Testfabrik“.',
    de: 'Ganze Wörter, z. B. „Testfabrik“.',
    en: 'Whole words, e.g. “Testfabrik”.',
  },
  show: { da: 'Vis', de: 'Anzeigen', en: 'Show' },
  running: { da: 'Åbne sager', de: 'Offene Vorgänge', en: 'Open cases' },
  all: { da: 'Alle sager', de: 'Alle Vorgänge', en: 'All cases' },
  any: { da: 'Alle', de: 'Alle', en: 'Any' },
  search: { da: 'Søg', de: 'Suchen', en: 'Search' },
  organization: { da: 'Organisation', de: 'Organisation', en: 'Organisation' },
  started: { da: 'Startet', de: 'Begonnen', en: 'Started' },
  ended: { da: 'Afsluttet', de: 'Beendet', en: 'Ended' },
  noCases: {
    da: 'Ingen sager passer til filtret.',
    de: 'Keine Vorgänge entsprechen dem Filter.',
    en: 'No cases match the filter.',
  },
  pages: { da: 'Sider', de: 'Seiten', en: 'Pages' },
  firstPage: { da: 'Første side', de: 'Erste Seite', en: 'First page' },
  nextPage: { da: 'Næste side', de: 'Nächste Seite', en: 'Next page' },
  invalidFilter: {
    da: 'Filtret er ikke gyldigt; ret de markerede felter.',
    de: 'Der Filter ist ungültig; bitte korrigieren Sie die markierten Felder.',
    en: 'The filter is not valid; correct the marked fields.',
  },
  invalidPage: {
    da: 'Siden findes ikke længere; begynd forfra.',
    de: 'Diese Seite gibt es nicht mehr; bitte beginnen Sie von vorn.',
    en: 'That page no longer exists; start again.',
  },

  overview: { da: 'Overblik', de: 'Überblick', en: 'Overview' },
  caseId: { da: 'Sagens id', de: 'Vorgangs-ID', en: 'Case id' },
  runningNow: { da: 'Sagen er i gang', de: 'Der Vorgang läuft', en: 'The case is running' },
  closed: { da: 'Sagen er afsluttet', de: 'Der Vorgang ist beendet', en: 'The case has ended' },
  openMuk: {
    da: 'Åbn MUK-sagen (ansøgning og hændelser)',
    de: 'MUK-Vorgang öffnen (Antrag und Ereignisse)',
    en: 'Open the MUK case (application and events)',
  },
  people: { da: 'Personer', de: 'Personen', en: 'People' },
  initiator: { da: 'Startet af', de: 'Begonnen von', en: 'Started by' },
  representative: { da: 'Ledelsesrepræsentant', de: 'Vertretungsberechtigte Person', en: 'Management representative' },
  administrators: { da: 'Administratorer', de: 'Administratoren', en: 'Administrators' },
  responsible: { da: 'Ansvarlig medarbejder', de: 'Verantwortliche Person', en: 'Responsible employee' },
  supportContact: { da: 'Supportkontakt', de: 'Support-Kontakt', en: 'Support contact' },
  municipalityContact: {
    da: 'Kommunens kontaktperson',
    de: 'Ansprechperson der Kommune',
    en: 'The municipality’s contact',
  },
  noPeople: {
    da: 'Sagen nævner ingen personer.',
    de: 'Der Vorgang nennt keine Personen.',
    en: 'The case names no people.',
  },
  pendingSteps: { da: 'Ventende trin', de: 'Offene Schritte', en: 'Pending steps' },
  noPendingSteps: {
    da: 'Sagen venter ikke på nogen lige nu.',
    de: 'Der Vorgang wartet gerade auf niemanden.',
    en: 'The case is waiting for nobody just now.',
  },
  step: { da: 'Trin', de: 'Schritt', en: 'Step' },
  waitsFor: { da: 'Venter på', de: 'Wartet auf', en: 'Waiting for' },
  since: { da: 'Sendt', de: 'Gesendet', en: 'Sent' },
  deadline: { da: 'Frist', de: 'Frist', en: 'Deadline' },
  reminders: { da: 'Påmindelser', de: 'Erinnerungen', en: 'Reminders' },
  action: { da: 'Handling', de: 'Aktion', en: 'Action' },
  resend: { da: 'Send linket igen', de: 'Link erneut senden', en: 'Send the link again' },
  otherRecipient: {
    da: 'Til en anden modtager (valgfrit)',
    de: 'An eine andere Person (optional)',
    en: 'To another recipient (optional)',
  },
  recipientName: { da: 'Modtagerens fulde navn', de: 'Vollständiger Name', en: 'Recipient’s full name' },
  recipientEmail: { da: 'Modtagerens e-mailadresse', de: 'E-Mail-Adresse', en: 'Recipient’s e-mail address' },
  documents: { da: 'Dokumentation', de: 'Nachweise', en: 'Documentation' },
  documentType: { da: 'Dokumenttype', de: 'Art des Nachweises', en: 'Document type' },
  documentStatus: { da: 'Status', de: 'Stand', en: 'Status' },
  reason: { da: 'Begrundelse', de: 'Begründung', en: 'Reason' },
  review: { da: 'Gennemgå', de: 'Prüfen', en: 'Review' },
  timeline: { da: 'Forløb', de: 'Verlauf', en: 'Timeline' },
  noEvents: { da: 'Ingen hændelser endnu.', de: 'Noch keine Ereignisse.', en: 'No events yet.' },
  time: { da: 'Tidspunkt', de: 'Zeitpunkt', en: 'Time' },
  event: { da: 'Hændelse', de: 'Ereignis', en: 'Event' },
  actor: { da: 'Udført af', de: 'Ausgeführt von', en: 'By' },
  detail: { da: 'Detaljer', de: 'Einzelheiten', en: 'Details' },
  toCorrectedRecipient: {
    da: 'Til en rettet modtager',
    de: 'An eine berichtigte Person',
    en: 'To a corrected recipient',
  },
  mailFailed: {
    da: 'E-mailen kunne ikke leveres',
    de: 'Die E-Mail konnte nicht zugestellt werden',
    en: 'The e-mail could not be delivered',
  },
  'corrected.name': { da: 'Navn', de: 'Name', en: 'Name' },
  'corrected.federalState': { da: 'Delstat', de: 'Bundesland', en: 'Federal state' },
  'corrected.support': { da: 'Supportkontakt', de: 'Support-Kontakt', en: 'Support contact' },
  'corrected.portalLoginUrl': {
    da: 'Portalens login-adresse',
    de: 'Login-Adresse des Portals',
    en: 'Portal login address',
  },
  person: { da: 'Person', de: 'Person', en: 'Person' },
  operator: { da: 'Operatør', de: 'Operator', en: 'Operator' },
  cancelTitle: { da: 'Annullér sagen', de: 'Vorgang abbrechen', en: 'Cancel the case' },
  cancelHint: {
    da: 'Sagen stopper, og ventende links holder op med at virke. Begrundelsen gemmes i sagen.',
    de: 'Der Vorgang endet, und offene Links funktionieren nicht mehr. Die Begründung wird im Vorgang gespeichert.',
    en: 'The case stops and its pending links stop working. The reason is kept with the case.',
  },
  cancelReason: { da: 'Begrundelse for annulleringen', de: 'Begründung für den Abbruch', en: 'Reason for cancelling' },
  cancel: { da: 'Annullér sagen', de: 'Vorgang abbrechen', en: 'Cancel the case' },
  setupTitle: { da: 'Opsætningen udløb', de: 'Die Einrichtung ist abgelaufen', en: 'The setup expired' },
  setupHint: {
    da: 'Alle administratorer, der ikke har sat organisationen op, får et nyt link.',
    de: 'Alle Administratoren, die die Organisation noch nicht eingerichtet haben, erhalten einen neuen Link.',
    en: 'Every administrator who has not set the organisation up gets a new link.',
  },
  setupResend: {
    da: 'Send opsætningslinks igen',
    de: 'Einrichtungslinks erneut senden',
    en: 'Send the setup links again',
  },
  notFound: { da: 'Sagen findes ikke.', de: 'Diesen Vorgang gibt es nicht.', en: 'There is no such case.' },
  backToCases: { da: 'Tilbage til sagerne', de: 'Zurück zu den Vorgängen', en: 'Back to the cases' },
  formInvalid: {
    da: 'Formularen er ikke udfyldt korrekt; ret de markerede felter.',
    de: 'Das Formular ist nicht korrekt ausgefüllt; bitte korrigieren Sie die markierten Felder.',
    en: 'The form is not filled in correctly; correct the marked fields.',
  },
} satisfies Record<string, Localized>;

/** What the page says after an action (`?done=`). */
const notices = {
  resent: {
    da: 'Linket er sendt igen. Det gamle link virker ikke længere.',
    de: 'Der Link wurde erneut gesendet. Der alte Link funktioniert nicht mehr.',
    en: 'The link was sent again. The old link no longer works.',
  },
  cancelled: { da: 'Sagen er annulleret.', de: 'Der Vorgang wurde abgebrochen.', en: 'The case was cancelled.' },
  'setup-resent': {
    da: 'Opsætningslinks er sendt igen.',
    de: 'Die Einrichtungslinks wurden erneut gesendet.',
    en: 'The setup links were sent again.',
  },
} satisfies Record<string, Localized>;

/** Why an action was refused, by the API's error code; an unknown code gets `other`. */
const refusals = {
  process_ended: {
    da: 'Sagen er allerede afsluttet.',
    de: 'Der Vorgang ist bereits beendet.',
    en: 'The case has already ended.',
  },
  step_not_pending: {
    da: 'Trinnet venter ikke længere.',
    de: 'Der Schritt ist nicht mehr offen.',
    en: 'The step is no longer pending.',
  },
  not_found: { da: 'Sagen findes ikke.', de: 'Diesen Vorgang gibt es nicht.', en: 'There is no such case.' },
  setup_completed: {
    da: 'Alle administratorer har allerede sat organisationen op.',
    de: 'Alle Administratoren haben die Organisation bereits eingerichtet.',
    en: 'Every administrator has already set the organisation up.',
  },
  setup_not_pending: {
    da: 'Intet opsætningslink venter lige nu; prøv igen om lidt.',
    de: 'Gerade wartet kein Einrichtungslink; bitte versuchen Sie es gleich noch einmal.',
    en: 'No setup link is waiting just now; try again in a moment.',
  },
  setup_not_started: {
    da: 'Opsætningen starter, når tilslutningen har sendt sine kvitteringer; prøv igen om lidt.',
    de: 'Die Einrichtung beginnt, sobald der Anschluss seine Bestätigungen versendet hat; bitte versuchen Sie es gleich noch einmal.',
    en: 'The setup starts once the connection has sent its receipts; try again in a moment.',
  },
  setup_restarting: {
    da: 'En anden har netop startet opsætningen igen.',
    de: 'Jemand anderes hat die Einrichtung gerade neu gestartet.',
    en: 'Someone else restarted the setup just now.',
  },
  other: { da: 'Handlingen blev afvist.', de: 'Die Aktion wurde abgelehnt.', en: 'The action was refused.' },
} satisfies Record<string, Localized>;

export type CaseTextKey = keyof typeof texts;
export type CaseNotice = keyof typeof notices;

export function caseText(language: Language, key: CaseTextKey): string {
  return texts[key][language];
}

export function isTextKey(key: string): key is CaseTextKey {
  return Object.hasOwn(texts, key);
}

export function caseNotice(language: Language, done: unknown): string | undefined {
  return typeof done === 'string' && Object.hasOwn(notices, done) ? notices[done as CaseNotice][language] : undefined;
}

export function refusal(language: Language, code: string): string {
  return (Object.hasOwn(refusals, code) ? refusals[code as keyof typeof refusals] : refusals.other)[language];
}
