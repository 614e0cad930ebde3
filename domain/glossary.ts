// The words people read for the system's values: stages, kinds, roles, document types, login methods,
// statuses and events, in Danish, German and English. Mails, step pages, the console and the
// administration all take their words from here, so a value is called the same everywhere and no page
// shows a raw key. A value without an entry is shown as it is; test/unit/glossary.test.ts keeps every
// enum of the domain covered.
import { w, type Language, type Localized } from './language';

export const stages: Record<string, Localized> = {
  // connection
  'awaiting-preparation': w('Afventer forberedelse', 'Wartet auf Vorbereitung', 'Waiting for preparation'),
  'awaiting-approval': w(
    'Afventer ledelsesrepræsentantens godkendelse',
    'Wartet auf Genehmigung der vertretungsberechtigten Person',
    'Waiting for the representative’s approval',
  ),
  'awaiting-revision': w('Sendt tilbage til rettelse', 'Zur Überarbeitung zurückgeschickt', 'Sent back for revision'),
  'checking-company-register': w(
    'Tjekkes i CVR-registret',
    'Prüfung im Unternehmensregister',
    'Checking the company register',
  ),
  'awaiting-document-review': w('Dokumentationen gennemgås', 'Nachweise werden geprüft', 'Documentation under review'),
  'awaiting-resubmission': w('Afventer ny dokumentation', 'Wartet auf neue Nachweise', 'Waiting for new documentation'),
  connected: w('Tilsluttet', 'Angeschlossen', 'Connected'),
  rejected: w('Afvist', 'Abgelehnt', 'Rejected'),
  expired: w('Udløbet', 'Abgelaufen', 'Expired'),
  cancelled: w('Annulleret', 'Abgebrochen', 'Cancelled'),
  // setup
  'awaiting-setup': w('Afventer opsætning', 'Wartet auf Einrichtung', 'Waiting for setup'),
  active: w('Aktiv', 'Aktiv', 'Active'),
  completed: w('Gennemført', 'Abgeschlossen', 'Completed'),
  // user activation
  'awaiting-users': w(
    'Afventer brugernes aktivering',
    'Wartet auf die Aktivierung der Benutzer',
    'Waiting for the users to activate',
  ),
  emailing: w('Sender aktiveringsmails', 'Aktivierungs-E-Mails werden versendet', 'Sending activation e-mails'),
  emailed: w('Aktiveringsmails sendt', 'Aktivierungs-E-Mails versendet', 'Activation e-mails sent'),
  'starting-groups': w('Starter aktiveringer', 'Aktivierungen werden gestartet', 'Starting activations'),
  done: w('Færdig', 'Fertig', 'Done'),
  // terms
  published: w('Offentliggjort', 'Veröffentlicht', 'Published'),
  'waiting-for-previous': w(
    'Venter på den forrige opdatering',
    'Wartet auf die vorige Aktualisierung',
    'Waiting for the previous update',
  ),
  notifying: w(
    'Administratorerne underrettes',
    'Administratoren werden benachrichtigt',
    'Notifying the administrators',
  ),
  'announcing-date': w(
    'Ikrafttrædelsesdatoen meddeles',
    'Das Datum des Inkrafttretens wird mitgeteilt',
    'Announcing the effective date',
  ),
  'notice-period': w('I varslingsperioden', 'In der Ankündigungsfrist', 'In the notice period'),
  reminding: w('Påmindelser sendes', 'Erinnerungen werden versendet', 'Sending reminders'),
  reminded: w('Påmindelser sendt', 'Erinnerungen versendet', 'Reminders sent'),
  effective: w('Trådt i kraft', 'In Kraft getreten', 'In effect'),
  // MUK
  'awaiting-municipality-data': w(
    'Afventer kommunens oplysninger',
    'Wartet auf die Angaben der Kommune',
    'Waiting for the municipality’s details',
  ),
  'awaiting-vorhaben-submission': w(
    'Afventer indsendelse af Vorhaben',
    'Wartet auf das Absenden des Vorhabens',
    'Waiting for the Vorhaben to be submitted',
  ),
  'awaiting-vorhaben-confirmation': w(
    'Afventer bekræftelse af Vorhaben',
    'Wartet auf die Bestätigung des Vorhabens',
    'Waiting for the Vorhaben’s confirmation',
  ),
  'preparing-service-provider': w(
    'Service Provider forberedes',
    'Service Provider wird vorbereitet',
    'Preparing the Service Provider',
  ),
  'awaiting-service-provider-creation': w(
    'Afventer oprettelse af Service Provider',
    'Wartet auf das Anlegen des Service Providers',
    'Waiting for the Service Provider to be created',
  ),
  'awaiting-service-provider-approval': w(
    'Afventer godkendelse af Service Provider',
    'Wartet auf die Genehmigung des Service Providers',
    'Waiting for the Service Provider’s approval',
  ),
  'checking-integration': w('Integrationen tjekkes', 'Integration wird geprüft', 'Checking the integration'),
  'awaiting-integration-test': w(
    'Afventer integrationstest',
    'Wartet auf den Integrationstest',
    'Waiting for the integration test',
  ),
  // ping (operations)
  waiting: w('Venter', 'Wartet', 'Waiting'),
  answered: w('Besvaret', 'Beantwortet', 'Answered'),
  'timed-out': w('Tiden er udløbet', 'Zeit abgelaufen', 'Timed out'),
};

export const processTypes: Record<string, Localized> = {
  connection: w('Tilslutning til MitID Erhverv', 'Anschluss an MitID Erhverv', 'MitID Erhverv connection'),
  setup: w('Opsætning af organisation', 'Einrichtung der Organisation', 'Organisation setup'),
  'user-activation': w('Aktivering af bruger', 'Aktivierung eines Benutzers', 'User activation'),
  'bulk-activation': w('Samlet aktivering af brugere', 'Sammelaktivierung von Benutzern', 'Bulk user activation'),
  terms: w('Opdatering af vilkår', 'Aktualisierung der Bedingungen', 'Terms update'),
  'muk-connection': w(
    'Tilslutning til Mein Unternehmenskonto',
    'Anschluss an Mein Unternehmenskonto',
    'Mein Unternehmenskonto connection',
  ),
};

export const organizationKinds: Record<string, Localized> = {
  company: w('Virksomhed med CVR-nummer', 'Unternehmen mit CVR-Nummer', 'Company with a CVR number'),
  region: w('Region', 'Region', 'Region'),
  municipality: w('Kommune', 'Kommune', 'Municipality'),
  'foreign-company': w('Udenlandsk virksomhed', 'Ausländisches Unternehmen', 'Foreign company'),
  association: w('Forening', 'Verein', 'Association'),
  other: w('Anden organisationstype', 'Andere Organisationsart', 'Other kind of organisation'),
};

export const initiatorRoles: Record<string, Localized> = {
  representative: w('Ledelsesrepræsentant', 'Vertretungsberechtigte Person', 'Management representative'),
  registrant: w('Registrant', 'Registrierende Person', 'Registrant'),
};

/** The kinds of documentation of a representative's affiliation that a registrant may upload. */
export const documentTypes: Record<string, Localized> = {
  payslip: w('Lønseddel', 'Gehaltsabrechnung', 'Payslip'),
  'employment-contract': w('Ansættelseskontrakt', 'Arbeitsvertrag', 'Employment contract'),
  'power-of-attorney': w('Fuldmagt', 'Vollmacht', 'Power of attorney'),
  other: w('Anden dokumentation', 'Sonstiger Nachweis', 'Other documentation'),
};

export const documentStatuses: Record<string, Localized> = {
  pending: w('Afventer gennemgang', 'Wartet auf Prüfung', 'Awaiting review'),
  approved: w('Godkendt', 'Genehmigt', 'Approved'),
  rejected: w('Afvist', 'Abgelehnt', 'Rejected'),
  withdrawn: w(
    'Trukket tilbage af registranten',
    'Von der registrierenden Person zurückgezogen',
    'Withdrawn by the registrant',
  ),
};

/** The kinds of file an upload may be (api/document-upload.ts decides by the first bytes). */
export const mediaTypes: Record<string, Localized> = {
  'application/pdf': w('PDF-dokument', 'PDF-Dokument', 'PDF document'),
  'image/png': w('PNG-billede', 'PNG-Bild', 'PNG image'),
  'image/jpeg': w('JPEG-billede', 'JPEG-Bild', 'JPEG image'),
};

export const loginMethods: Record<string, Localized> = {
  private: w('Privat MitID', 'Private MitID', 'Private MitID'),
  separate: w('MitID app', 'MitID-App', 'MitID app'),
  app: w('MitID app', 'MitID-App', 'MitID app'),
  code_display: w('Kodeviser', 'Codeanzeige', 'Code display'),
  code_reader: w('Kodeoplæser', 'Codeleser', 'Code reader'),
  chip: w('Chip', 'Chip', 'Chip'),
};

export const userStatuses: Record<string, Localized> = {
  imported: w('Importeret', 'Importiert', 'Imported'),
  activation_pending: w('Afventer aktivering', 'Aktivierung ausstehend', 'Activation pending'),
  active: w('Aktiv', 'Aktiv', 'Active'),
  rejected: w('Afvist af brugeren', 'Vom Benutzer abgelehnt', 'Declined by the user'),
  expired: w('Aktiveringen udløb', 'Aktivierung abgelaufen', 'Activation expired'),
  deleted: w('Slettet', 'Gelöscht', 'Deleted'),
};

export const organizationStatuses: Record<string, Localized> = {
  connected: w(
    'Tilsluttet – afventer opsætning',
    'Angeschlossen – wartet auf Einrichtung',
    'Connected – waiting for setup',
  ),
  active: w('Aktiv', 'Aktiv', 'Active'),
  setup_expired: w('Opsætningen udløb', 'Einrichtung abgelaufen', 'Setup expired'),
};

export const administratorStatuses: Record<string, Localized> = {
  appointed: w('Udpeget – har ikke sat op endnu', 'Benannt – noch nicht eingerichtet', 'Appointed – not set up yet'),
  active: w('Aktiv', 'Aktiv', 'Active'),
  expired: w('Opsætningen udløb', 'Einrichtung abgelaufen', 'Setup expired'),
};

/** What an organisation's audit log records (api/organizations.ts, activities), as its administrators read it. */
export const auditActions: Record<string, Localized> = {
  'login-policy': w('Loginpolitik ændret', 'Anmelderichtlinie geändert', 'Login policy changed'),
  'import-users': w('Brugere importeret', 'Benutzer importiert', 'Users imported'),
  'activate-users': w(
    'Aktivering af brugere bestilt',
    'Aktivierung von Benutzern angefordert',
    'Activation of users requested',
  ),
  'activate-user': w('Aktivering af bruger', 'Aktivierung eines Benutzers', 'Activation of a user'),
  'delete-user': w('Bruger slettet', 'Benutzer gelöscht', 'User deleted'),
  'resend-activation': w('Aktivering sendt igen', 'Aktivierung erneut gesendet', 'Activation sent again'),
  'setup-resend': w('Opsætningslink sendt igen', 'Einrichtungslink erneut gesendet', 'Setup link sent again'),
  'setup-organization': w('Opsætning af organisationen', 'Einrichtung der Organisation', 'Setup of the organisation'),
  connection: w('Tilslutning', 'Anschluss', 'Connection'),
  'document-review': w('Gennemgang af dokumentation', 'Prüfung der Nachweise', 'Review of documentation'),
  terms: w('Vilkår', 'Bedingungen', 'Terms'),
  'operator-call': w('Kald fra driften', 'Aufruf durch den Betrieb', 'Call by the operators'),
};

export const auditOutcomes: Record<string, Localized> = {
  changed: w('Ændret', 'Geändert', 'Changed'),
  imported: w('Importeret', 'Importiert', 'Imported'),
  requested: w('Bestilt', 'Angefordert', 'Requested'),
  deleted: w('Slettet', 'Gelöscht', 'Deleted'),
  resent: w('Sendt igen', 'Erneut gesendet', 'Sent again'),
  restarted: w('Startet forfra', 'Neu gestartet', 'Started again'),
  invited: w('Mail sendt', 'E-Mail gesendet', 'E-mail sent'),
  'invitation-failed': w('Mail kunne ikke leveres', 'E-Mail nicht zustellbar', 'E-mail not delivered'),
  'organization-activated': w('Organisationen er aktiv', 'Organisation aktiv', 'Organisation active'),
  'administrator-activated': w('Administrator aktiv', 'Administrator aktiv', 'Administrator active'),
  'setup-expired': w('Opsætningen udløb', 'Einrichtung abgelaufen', 'Setup expired'),
  active: w('Aktiv', 'Aktiv', 'Active'),
  rejected: w('Afvist', 'Abgelehnt', 'Rejected'),
  expired: w('Udløbet', 'Abgelaufen', 'Expired'),
  approved: w('Godkendt', 'Genehmigt', 'Approved'),
  connected: w('Tilsluttet', 'Angeschlossen', 'Connected'),
  published: w('Offentliggjort', 'Veröffentlicht', 'Published'),
  'notified-all': w('Alle underrettet', 'Alle benachrichtigt', 'Everyone notified'),
  effective: w('Trådt i kraft', 'In Kraft getreten', 'In effect'),
};

export const eventTypes: Record<string, Localized> = {
  'stage-changed': w('Ny status', 'Neuer Status', 'Stage changed'),
  'step-completed': w('Trin gennemført', 'Schritt erledigt', 'Step completed'),
  'step-invited': w('Link sendt', 'Link gesendet', 'Link sent'),
  'step-reminded': w('Påmindelse sendt', 'Erinnerung gesendet', 'Reminder sent'),
  'step-resent': w('Link sendt igen', 'Link erneut gesendet', 'Link sent again'),
  'step-expired': w('Trin udløbet', 'Schritt abgelaufen', 'Step expired'),
  'delivery-failed': w('E-mail kunne ikke leveres', 'E-Mail nicht zustellbar', 'E-mail not delivered'),
  'document-uploaded': w('Dokument uploadet', 'Nachweis hochgeladen', 'Document uploaded'),
  'document-withdrawn': w('Dokument trukket tilbage', 'Nachweis zurückgezogen', 'Document withdrawn'),
  'document-approved': w('Dokument godkendt', 'Nachweis anerkannt', 'Document approved'),
  'document-rejected': w('Dokument afvist', 'Nachweis abgelehnt', 'Document rejected'),
  'sent-back': w('Sendt tilbage til rettelse', 'Zur Überarbeitung zurückgeschickt', 'Sent back for revision'),
  'under-review-notified': w('Underrettet om gennemgangen', 'Über die Prüfung benachrichtigt', 'Told about the review'),
  'review-reminded': w(
    'Sagsbehandler mindet om gennemgangen',
    'Sachbearbeitung an die Prüfung erinnert',
    'Case worker reminded of the review',
  ),
  cancelled: w('Annulleret', 'Abgebrochen', 'Cancelled'),
  'municipality-data-confirmed': w(
    'Kommunens oplysninger bekræftet',
    'Angaben der Kommune bestätigt',
    'Municipality’s details confirmed',
  ),
  'municipality-data-corrected': w(
    'Kommunens oplysninger rettet',
    'Angaben der Kommune berichtigt',
    'Municipality’s details corrected',
  ),
  'vorhaben-submitted': w('Vorhaben indsendt', 'Vorhaben abgesendet', 'Vorhaben submitted'),
  'vorhaben-returned': w('Vorhaben sendt tilbage', 'Vorhaben zurückgegeben', 'Vorhaben returned'),
  'service-provider-rejected': w('Service Provider afvist', 'Service Provider abgelehnt', 'Service Provider rejected'),
  'integration-checked': w('Integrationen tjekket', 'Integration geprüft', 'Integration checked'),
  'integration-test-failed': w(
    'Integrationstesten fejlede',
    'Integrationstest fehlgeschlagen',
    'Integration test failed',
  ),
};

/** What an operator reports from the MUK service portal (the console's buttons for each event). */
export const mukEvents: Record<string, Localized> = {
  'vorhaben-submitted': w('Vorhaben er indsendt', 'Vorhaben wurde abgesendet', 'Vorhaben submitted'),
  'vorhaben-confirmed': w('Vorhaben er bekræftet', 'Vorhaben wurde bestätigt', 'Vorhaben confirmed'),
  'vorhaben-returned': w('Vorhaben er sendt tilbage', 'Vorhaben wurde zurückgegeben', 'Vorhaben returned'),
  'service-provider-created': w(
    'Service Provider er oprettet',
    'Service Provider wurde angelegt',
    'Service Provider created',
  ),
  'service-provider-approved': w(
    'Service Provider er godkendt',
    'Service Provider wurde genehmigt',
    'Service Provider approved',
  ),
  'service-provider-rejected': w(
    'Service Provider er afvist',
    'Service Provider wurde abgelehnt',
    'Service Provider rejected',
  ),
  'integration-tested': w('Integrationstesten er udført', 'Integrationstest wurde durchgeführt', 'Integration tested'),
};

export const integrationTestResults: Record<string, Localized> = {
  passed: w('Bestået', 'Bestanden', 'Passed'),
  failed: w('Ikke bestået', 'Nicht bestanden', 'Failed'),
};

/** The last notice of a terms update every organisation has had. */
export const termsNotices: Record<string, Localized> = {
  update: w('Varsel om opdateringen', 'Ankündigung der Aktualisierung', 'Notice of the update'),
  date: w('Ikrafttrædelsesdatoen', 'Datum des Inkrafttretens', 'The effective date'),
  reminder: w('Påmindelse', 'Erinnerung', 'Reminder'),
};

export const termsKinds: Record<string, Localized> = {
  initial: w('Første version', 'Erste Fassung', 'First version'),
  update: w('Opdatering (med varsel)', 'Aktualisierung (mit Ankündigungsfrist)', 'Update (with notice)'),
  addition: w('Tilføjelse (gælder straks)', 'Ergänzung (gilt sofort)', 'Addition (in effect at once)'),
};

/** Labels of the facts a step page (or a mail) shows about a case, so no page shows a raw key. */
export const factLabels: Record<string, Localized> = {
  organization: w('Organisation', 'Organisation', 'Organisation'),
  kind: w('Organisationstype', 'Organisationsart', 'Kind of organisation'),
  role: w('Din rolle', 'Ihre Rolle', 'Your role'),
  preparedBy: w('Forberedt af', 'Vorbereitet von', 'Prepared by'),
  administrators: w('Organisationsadministratorer', 'Organisationsadministratoren', 'Organisation administrators'),
  documents: w('Dokumentation', 'Nachweise', 'Documentation'),
  documentCount: w('Uploadede dokumenter', 'Hochgeladene Nachweise', 'Documents uploaded'),
  terms: w('Vilkår', 'Bedingungen', 'Terms'),
  loginMethod: w('Login', 'Anmeldung', 'Login'),
  loginPolicy: w('Organisationens login', 'Anmeldung der Organisation', 'The organisation’s logins'),
  rejectionReasons: w('Begrundelse for afvisningen', 'Begründung der Ablehnung', 'Reason for the rejection'),
  stage: w('Status', 'Stand', 'Stage'),
  recipient: w('Til', 'Für', 'For'),
  expires: w('Linket udløber', 'Der Link läuft ab am', 'The link expires'),
};

/** The terms as a link, in the words of the page. */
export const readTheTerms: Localized = w('Læs vilkårene', 'Bedingungen lesen', 'Read the terms');

/**
 * Sentences the system writes into a case (an expiry, a rejection by a check, a login line of a mail),
 * in English as recorded in histories and audit rows, and as people read them. A person's own words (a
 * representative's reason) have no entry and are shown as written.
 */
export const systemTexts: Record<string, Localized> = {
  'A step was not completed in time': w(
    'Et trin blev ikke gennemført inden fristen.',
    'Ein Schritt wurde nicht fristgerecht erledigt.',
    'A step was not completed in time.',
  ),
  'Rejected by the management representative': w(
    'Afvist af ledelsesrepræsentanten.',
    'Von der vertretungsberechtigten Person abgelehnt.',
    'Rejected by the management representative.',
  ),
  'The person who approved is not a registered management representative of the company': w(
    'Den person, der godkendte, er ikke registreret som ledelsesrepræsentant for virksomheden i CVR.',
    'Die Person, die genehmigt hat, ist im Unternehmensregister nicht als vertretungsberechtigt eingetragen.',
    'The person who approved is not a registered management representative of the company.',
  ),
  'The login of the person who approved gave no identity to check in the company register': w(
    'Login for den person, der godkendte, gav ingen identitet, som kunne tjekkes i CVR.',
    'Die Anmeldung der Person, die genehmigt hat, lieferte keine Identität, die im Unternehmensregister geprüft werden konnte.',
    'The login of the person who approved gave no identity to check in the company register.',
  ),
  'Login: your private MitID': w(
    'Login: dit private MitID',
    'Anmeldung: Ihre private MitID',
    'Login: your private MitID',
  ),
  'Login: a separate MitID app': w(
    'Login: en særskilt MitID app',
    'Anmeldung: eine gesonderte MitID-App',
    'Login: a separate MitID app',
  ),
  'Login: a separate MitID code display': w(
    'Login: en særskilt MitID kodeviser',
    'Anmeldung: eine gesonderte MitID-Codeanzeige',
    'Login: a separate MitID code display',
  ),
  'Login: a separate MitID code reader': w(
    'Login: en særskilt MitID kodeoplæser',
    'Anmeldung: ein gesonderter MitID-Codeleser',
    'Login: a separate MitID code reader',
  ),
  'Login: a separate MitID chip': w(
    'Login: en særskilt MitID chip',
    'Anmeldung: ein gesonderter MitID-Chip',
    'Login: a separate MitID chip',
  ),
};

/** A text of the case as people read it: the system's own sentences translated, a person's words as written. */
export function inWords(text: string, language: Language): string {
  return systemTexts[text]?.[language] ?? text;
}

/** The word for a value, or the value itself where the glossary has none (a new enum value still shows). */
export function wordFor(table: Record<string, Localized>, value: string, language: Language): string {
  return table[value]?.[language] ?? value;
}

/** A date (and time) as people of the language write it, in Copenhagen/Berlin time. */
export function formatDate(iso: string | Date, language: Language, withTime = true): string {
  const locale = { da: 'da-DK', de: 'de-DE', en: 'en-GB' }[language];
  return new Date(iso).toLocaleString(locale, {
    timeZone: language === 'de' ? 'Europe/Berlin' : 'Europe/Copenhagen',
    dateStyle: 'long',
    ...(withTime ? { timeStyle: 'short' } : {}),
  });
}
