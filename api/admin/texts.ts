// The administration's words (its pages speak the organisation's language), and the API's error codes and
// import refusals as its administrators read them.
import type { Language, Localized } from '../../domain/language';

const texts = {
  administration: { da: 'Administration', de: 'Verwaltung', en: 'Administration' },
  myOrganizations: { da: 'Mine organisationer', de: 'Meine Organisationen', en: 'My organisations' },
  noOrganizations: {
    da: 'Du er ikke administrator for nogen organisation. Har du fået et link til opsætningen, skal du bruge det først.',
    de: 'Sie verwalten keine Organisation. Wenn Sie einen Link zur Einrichtung erhalten haben, verwenden Sie ihn zuerst.',
    en: 'You do not administer any organisation. If you received a setup link, use it first.',
  },
  logOut: { da: 'Log ud', de: 'Abmelden', en: 'Log out' },
  organization: { da: 'Organisation', de: 'Organisation', en: 'Organisation' },
  status: { da: 'Status', de: 'Status', en: 'Status' },
  kind: { da: 'Type', de: 'Art', en: 'Kind' },
  cvr: { da: 'CVR-nummer', de: 'CVR-Nummer', en: 'CVR number' },
  overview: { da: 'Oversigt', de: 'Übersicht', en: 'Overview' },
  importedUsers: { da: 'Importerede brugere', de: 'Importierte Benutzer', en: 'Imported users' },
  administrators: { da: 'Administratorer', de: 'Administratoren', en: 'Administrators' },
  name: { da: 'Navn', de: 'Name', en: 'Name' },
  email: { da: 'E-mail', de: 'E-Mail', en: 'E-mail' },
  loginMethod: { da: 'Loginmetode', de: 'Anmeldeverfahren', en: 'Login method' },
  notChosen: { da: 'Ikke valgt endnu', de: 'Noch nicht gewählt', en: 'Not chosen yet' },
  loginPolicy: { da: 'Loginpolitik', de: 'Anmelderichtlinie', en: 'Login policy' },
  policyHint: {
    da: 'Vælg, hvordan organisationens brugere må logge ind: med deres private MitID og/eller med et særskilt MitID-middel.',
    de: 'Wählen Sie, wie sich die Benutzer der Organisation anmelden dürfen: mit ihrer privaten MitID und/oder einem gesonderten MitID-Mittel.',
    en: "Choose how the organisation's users may log in: with their private MitID and/or a separate MitID means.",
  },
  allowPrivateMitId: {
    da: 'Brugerne må logge ind med privat MitID',
    de: 'Benutzer dürfen sich mit privater MitID anmelden',
    en: 'Users may log in with private MitID',
  },
  separateMeans: { da: 'Særskilte MitID-midler', de: 'Gesonderte MitID-Mittel', en: 'Separate MitID means' },
  notSetUp: {
    da: 'Organisationen er ikke sat op endnu.',
    de: 'Die Organisation ist noch nicht eingerichtet.',
    en: 'The organisation has not been set up yet.',
  },
  reassignTitle: {
    da: 'Hvor skal brugerne af de fravalgte metoder hen?',
    de: 'Wohin wechseln die Benutzer der abgewählten Verfahren?',
    en: 'Where do the users of the withdrawn methods go?',
  },
  reassignLabel: {
    da: 'Brugere af {method} ({count}) skifter til',
    de: 'Benutzer von {method} ({count}) wechseln zu',
    en: 'Users of {method} ({count}) move to',
  },
  savePolicy: { da: 'Gem loginpolitik', de: 'Anmelderichtlinie speichern', en: 'Save login policy' },
  setup: { da: 'Opsætning', de: 'Einrichtung', en: 'Setup' },
  setupPending: {
    da: 'Ikke alle administratorer har sat organisationen op. Du kan sende dem et nyt link.',
    de: 'Nicht alle Administratoren haben die Organisation eingerichtet. Sie können ihnen einen neuen Link senden.',
    en: 'Not every administrator has set up the organisation. You can send them a new link.',
  },
  resendSetup: {
    da: 'Send opsætningslink igen',
    de: 'Einrichtungslink erneut senden',
    en: 'Send the setup link again',
  },
  auditLog: { da: 'Revisionslog', de: 'Protokoll', en: 'Audit log' },
  when: { da: 'Tidspunkt', de: 'Zeitpunkt', en: 'When' },
  who: { da: 'Hvem', de: 'Wer', en: 'Who' },
  what: { da: 'Hændelse', de: 'Ereignis', en: 'Event' },
  outcome: { da: 'Resultat', de: 'Ergebnis', en: 'Outcome' },
  noEvents: { da: 'Ingen hændelser endnu.', de: 'Noch keine Ereignisse.', en: 'No events yet.' },
  firstPage: { da: 'Første side', de: 'Erste Seite', en: 'First page' },
  nextPage: { da: 'Næste side', de: 'Nächste Seite', en: 'Next page' },
  importTitle: {
    da: 'Importér brugere fra NemID',
    de: 'Benutzer aus NemID importieren',
    en: 'Import users from NemID',
  },
  importHint: {
    da: 'Vælg NemID-eksporten (CSV med kolonnerne name, email, nemidUserId og importedAt).',
    de: 'Wählen Sie den NemID-Export (CSV mit den Spalten name, email, nemidUserId und importedAt).',
    en: 'Choose the NemID export (CSV with the columns name, email, nemidUserId and importedAt).',
  },
  file: { da: 'Fil', de: 'Datei', en: 'File' },
  charset: { da: 'Tegnsæt', de: 'Zeichensatz', en: 'Character set' },
  importButton: { da: 'Importér', de: 'Importieren', en: 'Import' },
  search: { da: 'Søg i navn eller e-mail', de: 'Name oder E-Mail suchen', en: 'Search name or e-mail' },
  filterStatus: { da: 'Status', de: 'Status', en: 'Status' },
  allStatuses: { da: 'Alle (undtagen slettede)', de: 'Alle (außer gelöschten)', en: 'All (except deleted)' },
  searchButton: { da: 'Søg', de: 'Suchen', en: 'Search' },
  select: { da: 'Vælg', de: 'Auswählen', en: 'Select' },
  selectUser: { da: 'Vælg {name}', de: '{name} auswählen', en: 'Select {name}' },
  importedAt: { da: 'Importeret fra NemID', de: 'Aus NemID importiert', en: 'Imported from NemID' },
  noUsers: { da: 'Ingen brugere matcher.', de: 'Keine Benutzer gefunden.', en: 'No users match.' },
  deletedUser: { da: '(slettet)', de: '(gelöscht)', en: '(deleted)' },
  selectedUsers: { da: 'Valgte brugere', de: 'Ausgewählte Benutzer', en: 'Selected users' },
  selectAll: {
    da: 'Alle brugere, der kan aktiveres ({count}), ikke kun de valgte',
    de: 'Alle aktivierbaren Benutzer ({count}), nicht nur die ausgewählten',
    en: 'Every user who can be activated ({count}), not only the selected ones',
  },
  activateWith: { da: 'Aktivér med', de: 'Aktivieren mit', en: 'Activate with' },
  activate: { da: 'Aktivér', de: 'Aktivieren', en: 'Activate' },
  delete: { da: 'Slet valgte', de: 'Ausgewählte löschen', en: 'Delete selected' },
  resend: { da: 'Send aktivering igen', de: 'Aktivierung erneut senden', en: 'Send the activation again' },
  progressTitle: { da: 'Aktivering af brugere', de: 'Aktivierung von Benutzern', en: 'Activation of users' },
  progressLabel: { da: 'Aktiverede brugere', de: 'Aktivierte Benutzer', en: 'Activated users' },
  progressSummary: {
    da: 'af {total} brugere er aktive',
    de: 'von {total} Benutzern sind aktiv',
    en: 'of {total} users are active',
  },
  emailed: { da: 'Aktiveringsmails sendt', de: 'Aktivierungs-E-Mails versendet', en: 'Activation e-mails sent' },
  active: { da: 'Aktiveret', de: 'Aktiviert', en: 'Activated' },
  rejected: { da: 'Afvist af brugeren', de: 'Vom Benutzer abgelehnt', en: 'Declined by the user' },
  expired: { da: 'Udløbet', de: 'Abgelaufen', en: 'Expired' },
  failed: { da: 'Mail kunne ikke leveres', de: 'E-Mail nicht zustellbar', en: 'E-mail not delivered' },
  sending: {
    da: 'Mailene sendes stadig.',
    de: 'Die E-Mails werden noch versendet.',
    en: 'The e-mails are still being sent.',
  },
  allSent: {
    da: 'Alle mails er sendt. Brugerne aktiverer sig via linket i mailen.',
    de: 'Alle E-Mails sind versendet. Die Benutzer aktivieren sich über den Link in der E-Mail.',
    en: 'Every e-mail has been sent. The users activate themselves through the link in the e-mail.',
  },
  refresh: { da: 'Opdatér', de: 'Aktualisieren', en: 'Refresh' },
  backToUsers: {
    da: 'Tilbage til de importerede brugere',
    de: 'Zurück zu den importierten Benutzern',
    en: 'Back to the imported users',
  },
  forbiddenTitle: { da: 'Ingen adgang', de: 'Kein Zugriff', en: 'No access' },
  forbidden: {
    da: 'Du er ikke administrator for denne organisation.',
    de: 'Sie sind kein Administrator dieser Organisation.',
    en: 'You are not an administrator of this organisation.',
  },
  notFoundTitle: { da: 'Ikke fundet', de: 'Nicht gefunden', en: 'Not found' },
  importResult: { da: 'Resultat af importen', de: 'Ergebnis des Imports', en: 'Result of the import' },
  rejectedRows: { da: 'Afviste rækker', de: 'Abgelehnte Zeilen', en: 'Refused rows' },
  row: { da: 'Linje', de: 'Zeile', en: 'Line' },
  reason: { da: 'Årsag', de: 'Grund', en: 'Reason' },
  moreRejected: {
    da: 'og {count} flere afviste rækker',
    de: 'und {count} weitere abgelehnte Zeilen',
    en: 'and {count} more refused rows',
  },
} satisfies Record<string, Localized>;

export type AdminTextKey = keyof typeof texts;

/** A text's `{name}` placeholders filled in; one without a value becomes `missing(placeholder)`. */
function fill(
  template: string,
  values: Record<string, string | number>,
  missing: (placeholder: string) => string,
): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in values ? String(values[name]) : missing(placeholder),
  );
}

/** A text, with `{name}` placeholders filled in. */
export function adminText(language: Language, key: AdminTextKey, values: Record<string, string | number> = {}): string {
  return fill(texts[key][language], values, (placeholder) => placeholder);
}

const notices = {
  imported: {
    da: '{imported} brugere er importeret; {rejected} rækker blev afvist.',
    de: '{imported} Benutzer importiert; {rejected} Zeilen abgelehnt.',
    en: '{imported} users imported; {rejected} rows refused.',
  },
  activated: {
    da: 'Aktiveringen af {count} brugere er sat i gang.',
    de: 'Die Aktivierung von {count} Benutzern wurde gestartet.',
    en: 'The activation of {count} users has started.',
  },
  deleted: { da: '{count} brugere er slettet.', de: '{count} Benutzer gelöscht.', en: '{count} users deleted.' },
  resent: {
    da: 'Aktiveringen er sendt igen til {count} brugere.',
    de: 'Die Aktivierung wurde an {count} Benutzer erneut gesendet.',
    en: 'The activation was sent again to {count} users.',
  },
  policy: {
    da: 'Loginpolitikken er gemt.',
    de: 'Die Anmelderichtlinie wurde gespeichert.',
    en: 'The login policy has been saved.',
  },
  setupResent: {
    da: 'Opsætningslinket er sendt igen.',
    de: 'Der Einrichtungslink wurde erneut gesendet.',
    en: 'The setup link has been sent again.',
  },
} satisfies Record<string, Localized>;

export type NoticeKey = keyof typeof notices;
export const noticeKeys = Object.keys(notices) as NoticeKey[];

export function noticeText(language: Language, key: NoticeKey, values: Record<string, string>): string {
  return fill(notices[key][language], values, () => '0');
}

/** The API's error codes, as the administrator reads them; an unknown code falls back to `other`. */
const errors = {
  login_method_not_offered: {
    da: 'Organisationen tilbyder ikke den loginmetode.',
    de: 'Die Organisation bietet dieses Anmeldeverfahren nicht an.',
    en: 'The organisation does not offer that login method.',
  },
  not_activatable: {
    da: 'Kun importerede brugere og brugere, der har afvist eller ladet aktiveringen udløbe, kan aktiveres.',
    de: 'Nur importierte Benutzer und solche, die abgelehnt oder die Aktivierung verstreichen lassen haben, können aktiviert werden.',
    en: 'Only imported users, and users who declined or let their activation lapse, can be activated.',
  },
  nothing_to_activate: {
    da: 'Der er ingen brugere at aktivere.',
    de: 'Es gibt keine Benutzer zu aktivieren.',
    en: 'There are no users to activate.',
  },
  organization_not_set_up: {
    da: 'Organisationen skal sættes op, før brugerne kan aktiveres.',
    de: 'Die Organisation muss eingerichtet sein, bevor Benutzer aktiviert werden können.',
    en: 'The organisation must be set up before users can be activated.',
  },
  user_not_deletable: {
    da: 'En bruger, der er aktiv eller afventer aktivering, kan ikke slettes.',
    de: 'Aktive Benutzer und solche mit ausstehender Aktivierung können nicht gelöscht werden.',
    en: 'A user who is active or whose activation is pending cannot be deleted.',
  },
  not_resendable: {
    da: 'Kun ventende eller udløbne aktiveringer kan sendes igen.',
    de: 'Nur ausstehende oder abgelaufene Aktivierungen können erneut gesendet werden.',
    en: 'Only pending or expired activations can be sent again.',
  },
  login_method_in_use: {
    da: 'Nogle brugere logger ind med en metode, du fravælger. Vælg, hvilken metode de skal skifte til.',
    de: 'Einige Benutzer melden sich mit einem Verfahren an, das Sie abwählen. Wählen Sie, wohin sie wechseln.',
    en: 'Some users log in with a method you are withdrawing. Choose which method they move to.',
  },
  administrator_method_in_use: {
    da: 'En administrator logger ind med en metode, du fravælger. Den skal bevares.',
    de: 'Ein Administrator meldet sich mit einem Verfahren an, das Sie abwählen. Es muss erhalten bleiben.',
    en: 'An administrator logs in with a method you are withdrawing. It must stay.',
  },
  invalid_reassignment: {
    da: 'Brugerne skal flyttes til en metode, organisationen tilbyder.',
    de: 'Die Benutzer müssen zu einem angebotenen Verfahren wechseln.',
    en: 'The users must move to a method the organisation offers.',
  },
  no_login_method: {
    da: 'Organisationen skal tilbyde mindst én loginmetode.',
    de: 'Die Organisation muss mindestens ein Anmeldeverfahren anbieten.',
    en: 'The organisation must offer at least one login method.',
  },
  setup_not_pending: {
    da: 'Intet opsætningslink venter lige nu. Prøv igen om lidt.',
    de: 'Gerade wartet kein Einrichtungslink. Versuchen Sie es gleich noch einmal.',
    en: 'No setup link is waiting just now. Try again in a moment.',
  },
  setup_completed: {
    da: 'Alle administratorer har sat organisationen op.',
    de: 'Alle Administratoren haben die Organisation eingerichtet.',
    en: 'Every administrator has set up the organisation.',
  },
  setup_not_started: {
    da: 'Opsætningen er ikke startet endnu. Prøv igen om lidt.',
    de: 'Die Einrichtung hat noch nicht begonnen. Versuchen Sie es gleich noch einmal.',
    en: 'The setup has not started yet. Try again in a moment.',
  },
  setup_restarting: {
    da: 'En anden har netop genstartet opsætningen.',
    de: 'Jemand anderes hat die Einrichtung gerade neu gestartet.',
    en: 'Someone else has just restarted the setup.',
  },
  invalid_request: {
    da: 'Formularen er ikke udfyldt korrekt.',
    de: 'Das Formular ist nicht richtig ausgefüllt.',
    en: 'The form is not filled in correctly.',
  },
  no_selection: {
    da: 'Vælg mindst én bruger.',
    de: 'Wählen Sie mindestens einen Benutzer.',
    en: 'Select at least one user.',
  },
  invalid_csv: {
    da: 'Filen er ikke en gyldig NemID-eksport.',
    de: 'Die Datei ist kein gültiger NemID-Export.',
    en: 'The file is not a valid NemID export.',
  },
  invalid_encoding: {
    da: 'Filen er ikke gemt i det valgte tegnsæt.',
    de: 'Die Datei ist nicht im gewählten Zeichensatz gespeichert.',
    en: 'The file is not saved in the chosen character set.',
  },
  unsupported_charset: {
    da: 'Tegnsættet understøttes ikke.',
    de: 'Der Zeichensatz wird nicht unterstützt.',
    en: 'The character set is not supported.',
  },
  too_large: {
    da: 'Filen er for stor. Del den op i flere filer.',
    de: 'Die Datei ist zu groß. Teilen Sie sie auf mehrere Dateien auf.',
    en: 'The file is too large. Split it into several files.',
  },
  no_file: { da: 'Vælg en fil.', de: 'Wählen Sie eine Datei.', en: 'Choose a file.' },
  rate_limited: {
    da: 'For mange forsøg. Prøv igen senere.',
    de: 'Zu viele Versuche. Versuchen Sie es später noch einmal.',
    en: 'Too many attempts. Try again later.',
  },
  forbidden: { da: 'Det er ikke tilladt.', de: 'Das ist nicht erlaubt.', en: 'That is not allowed.' },
  not_found: { da: 'Findes ikke.', de: 'Nicht gefunden.', en: 'Not found.' },
  other: {
    da: 'Handlingen kunne ikke udføres.',
    de: 'Die Aktion konnte nicht ausgeführt werden.',
    en: 'The action could not be carried out.',
  },
} satisfies Record<string, Localized>;

export function errorText(language: Language, code: string): string {
  return (errors[code as keyof typeof errors] ?? errors.other)[language];
}

/** A refused import row's reason (domain/users.ts checkImportRow, api/user-import.ts), in words. */
const rowReasons: Array<{ pattern: RegExp; text: Localized }> = [
  {
    pattern: /^duplicate/,
    text: {
      da: 'Organisationen har allerede en bruger med dette NemID-bruger-id',
      de: 'Die Organisation hat bereits einen Benutzer mit dieser NemID-Benutzer-ID',
      en: 'The organisation already has a user with this NemID user id',
    },
  },
  {
    pattern: /^expected \d+ columns/,
    text: {
      da: 'Rækken har for få kolonner',
      de: 'Die Zeile hat zu wenige Spalten',
      en: 'The row has too few columns',
    },
  },
  {
    pattern: /^name/,
    text: {
      da: 'Navnet mangler eller er ugyldigt',
      de: 'Der Name fehlt oder ist ungültig',
      en: 'The name is missing or invalid',
    },
  },
  {
    pattern: /^email/,
    text: {
      da: 'E-mailadressen er ugyldig',
      de: 'Die E-Mail-Adresse ist ungültig',
      en: 'The e-mail address is invalid',
    },
  },
  {
    pattern: /^nemidUserId/,
    text: {
      da: 'NemID-bruger-id mangler eller er ugyldigt',
      de: 'Die NemID-Benutzer-ID fehlt oder ist ungültig',
      en: 'The NemID user id is missing or invalid',
    },
  },
  {
    pattern: /^importedAt/,
    text: {
      da: 'Importdatoen er ikke en dato',
      de: 'Das Importdatum ist kein Datum',
      en: 'The import date is not a date',
    },
  },
  {
    pattern: /^imported on or after/,
    text: {
      da: 'Importeret 1. november 2023 eller senere: kan ikke aktiveres',
      de: 'Am 1. November 2023 oder später importiert: nicht aktivierbar',
      en: 'Imported on or after 1 November 2023: cannot be activated',
    },
  },
  {
    pattern: /another organisation/,
    text: {
      da: 'Rækken hører til en anden organisation',
      de: 'Die Zeile gehört zu einer anderen Organisation',
      en: 'The row belongs to another organisation',
    },
  },
];

export function rowReasonText(language: Language, error: string): string {
  return (rowReasons.find((reason) => reason.pattern.test(error))?.text ?? errors.invalid_csv)[language];
}
