// The words on the step pages, in Danish, German and English.
import type { Language } from '../../domain/language';

const texts = {
  logIn: { da: 'Log ind med dit private MitID', de: 'Mit Ihrer privaten MitID anmelden', en: 'Log in with your private MitID' },
  logInPlain: { da: 'Log ind', de: 'Anmelden', en: 'Log in' },
  loginWhy: {
    da: 'Login-oplysningerne bruges kun til at identificere dig. De deles ikke med organisationen og gemmes ikke.',
    de: 'Die Anmeldedaten dienen nur Ihrer Identifizierung. Sie werden nicht mit der Organisation geteilt und nicht gespeichert.',
    en: 'Your login is used only to identify you. It is not shared with the organisation and not stored.',
  },
  loggedInAs: { da: 'Logget ind som', de: 'Angemeldet als', en: 'Logged in as' },
  expires: { da: 'Linket udløber', de: 'Der Link läuft ab am', en: 'The link expires' },
  submit: { da: 'Bekræft', de: 'Bestätigen', en: 'Confirm' },
  approve: { da: 'Godkend', de: 'Genehmigen', en: 'Approve' },
  reject: { da: 'Afvis', de: 'Ablehnen', en: 'Reject' },
  reason: { da: 'Begrundelse (valgfri)', de: 'Begründung (optional)', en: 'Reason (optional)' },
  decisionReason: {
    da: 'Begrundelse (skal udfyldes, hvis du sender forslaget tilbage)',
    de: 'Begründung (erforderlich, wenn Sie den Vorschlag zurückschicken)',
    en: 'Reason (required if you send the proposal back)',
  },
  sendBack: { da: 'Send tilbage til rettelse', de: 'Zur Überarbeitung zurückschicken', en: 'Send back for revision' },
  sentBack: { da: 'Sendt tilbage til rettelse', de: 'Zur Überarbeitung zurückgeschickt', en: 'Sent back for revision' },
  sentBackHint: {
    da: 'Ledelsesrepræsentanten har sendt dit forslag tilbage med denne begrundelse. Ret det, der skal rettes – dine tidligere valg er udfyldt nedenfor – og bekræft igen.',
    de: 'Die vertretungsberechtigte Person hat Ihren Vorschlag mit dieser Begründung zurückgeschickt. Ändern Sie, was nötig ist – Ihre bisherigen Angaben sind unten bereits eingetragen – und bestätigen Sie erneut.',
    en: 'The management representative sent your proposal back with this reason. Change what is needed – your earlier choices are filled in below – and confirm again.',
  },
  yourReason: {
    da: 'Du sendte forslaget tilbage med denne begrundelse; her er det reviderede forslag.',
    de: 'Sie haben den Vorschlag mit dieser Begründung zurückgeschickt; hier ist der überarbeitete Vorschlag.',
    en: 'You sent the proposal back with this reason; here is the revised proposal.',
  },
  withdraw: {
    da: 'Træk dokumenter tilbage (de bliver ikke gennemgået)',
    de: 'Nachweise zurückziehen (sie werden nicht geprüft)',
    en: 'Withdraw documents (they will not be reviewed)',
  },
  earlierDocuments: { da: 'Allerede uploadet (følger med sagen)', de: 'Bereits hochgeladen (bleiben beim Vorgang)', en: 'Already uploaded (they stay with the case)' },
  administrators: { da: 'Organisationsadministratorer', de: 'Organisationsadministratoren', en: 'Organisation administrators' },
  name: { da: 'Navn', de: 'Name', en: 'Name' },
  email: { da: 'E-mail', de: 'E-Mail', en: 'E-mail' },
  upload: { da: 'Upload dokumentation', de: 'Nachweis hochladen', en: 'Upload documentation' },
  uploadHint: {
    da: 'Fx lønseddel eller ansættelseskontrakt (PDF, PNG eller JPEG, højst 10 MB). Personens fulde navn skal fremgå.',
    de: 'Z. B. Gehaltsabrechnung oder Arbeitsvertrag (PDF, PNG oder JPEG, höchstens 10 MB). Der volle Name muss erkennbar sein.',
    en: 'E.g. a payslip or employment contract (PDF, PNG or JPEG, at most 10 MB). The person’s full name must appear.',
  },
  documentType: { da: 'Dokumenttype', de: 'Dokumentart', en: 'Document type' },
  acceptTerms: { da: 'Jeg accepterer vilkårene for MitID Erhverv', de: 'Ich akzeptiere die Bedingungen für MitID Erhverv', en: 'I accept the terms of MitID Erhverv' },
  terms: { da: 'Vilkår', de: 'Bedingungen', en: 'Terms' },
  allowPrivate: {
    da: 'Brugerne må generelt bruge deres private MitID på vegne af organisationen',
    de: 'Benutzer dürfen allgemein ihre private MitID für die Organisation verwenden',
    en: 'Users may generally use their private MitID on behalf of the organisation',
  },
  separateMeans: { da: 'Særskilte MitID-midler', de: 'Gesonderte MitID-Mittel', en: 'Separate MitID means' },
  meansAfterSetup: {
    da: 'Kodeviser, kodeoplæser eller chip kan I vælge under indstillinger, når opsætningen er færdig.',
    de: 'Codeanzeige, Codeleser oder Chip können Sie nach Abschluss der Einrichtung in den Einstellungen wählen.',
    en: 'Code display, code reader or chip can be chosen in the settings once setup is complete.',
  },
  ownLogin: { da: 'Dit eget login fremover', de: 'Ihre eigene Anmeldung künftig', en: 'Your own login from now on' },
  private: { da: 'Privat MitID', de: 'Private MitID', en: 'Private MitID' },
  done: { da: 'Tak – det er registreret.', de: 'Danke – das ist erfasst.', en: 'Thank you – that is recorded.' },
  state: { da: 'Status', de: 'Status', en: 'Status' },
  nextStep: { da: 'Fortsæt til næste trin', de: 'Weiter zum nächsten Schritt', en: 'Continue to the next step' },
  problem: { da: 'Det lykkedes ikke', de: 'Das hat nicht geklappt', en: 'That did not work' },
  organization: { da: 'Organisation', de: 'Organisation', en: 'Organisation' },
  loginAgain: { da: 'Log ind igen', de: 'Bitte erneut anmelden', en: 'Please log in again' },
  loginExpired: {
    da: 'Dit login er udløbet, så det, du sendte, er ikke gemt. Log ind igen, så kommer du tilbage til formularen.',
    de: 'Ihre Anmeldung ist abgelaufen, daher wurde das Gesendete nicht gespeichert. Melden Sie sich erneut an, dann kommen Sie zurück zum Formular.',
    en: 'Your login has expired, so what you sent was not saved. Log in again and you will come back to the form.',
  },
  recipient: { da: 'Til', de: 'Für', en: 'For' },
  notForYou: { da: 'Linket er ikke til dig', de: 'Dieser Link ist nicht für Sie', en: 'This link is not for you' },
  sentTo: { da: 'Linket blev sendt til', de: 'Der Link wurde gesendet an', en: 'This link was sent to' },
  askResend: {
    da: 'Hvis det er dig, der skal udføre trinnet, så bed den, der har sendt linket, om at sende det til dig i stedet. Er du logget ind med en anden persons MitID, så log ud og log ind igen med dit eget.',
    de: 'Wenn Sie diesen Schritt erledigen sollen, bitten Sie die Stelle, die den Link verschickt hat, ihn stattdessen an Sie zu senden. Sind Sie mit der MitID einer anderen Person angemeldet, melden Sie sich ab und mit Ihrer eigenen wieder an.',
    en: 'If you are the one who should complete this step, ask whoever sent the link to send it to you instead. If you are logged in with someone else’s MitID, log out and log in with your own.',
  },
  activate: { da: 'Aktivér', de: 'Aktivieren', en: 'Activate' },
  activateHint: {
    da: 'Når du trykker »Aktivér«, får du en aktiveringskode, som du bruger til at aktivere dit MitID-identifikationsmiddel. Din bruger er aktiv, så snart det er gjort.',
    de: 'Wenn Sie auf „Aktivieren“ drücken, erhalten Sie einen Aktivierungscode, mit dem Sie Ihr MitID-Identifizierungsmittel aktivieren. Ihr Benutzer ist aktiv, sobald das geschehen ist.',
    en: 'When you press “Activate”, you get an activation code to activate your MitID means with. Your user is active as soon as that is done.',
  },
  newCode: { da: 'Vis en ny aktiveringskode', de: 'Neuen Aktivierungscode anzeigen', en: 'Show a new activation code' },
  newCodeHint: {
    da: 'Din bruger venter på, at du aktiverer dit MitID-identifikationsmiddel. Har du ikke en gyldig aktiveringskode, så få en ny her; den forrige holder op med at virke.',
    de: 'Ihr Benutzer wartet darauf, dass Sie Ihr MitID-Identifizierungsmittel aktivieren. Haben Sie keinen gültigen Aktivierungscode, erhalten Sie hier einen neuen; der vorige gilt dann nicht mehr.',
    en: 'Your user is waiting for you to activate your MitID means. If you have no valid activation code, get a new one here; the previous one stops working.',
  },
  activationCode: { da: 'Din aktiveringskode', de: 'Ihr Aktivierungscode', en: 'Your activation code' },
  activationCodeUse: {
    da: 'Indtast koden, når du aktiverer dit identifikationsmiddel i MitID. Koden kan kun bruges én gang, og den vises ikke igen.',
    de: 'Geben Sie den Code ein, wenn Sie Ihr Identifizierungsmittel in MitID aktivieren. Der Code gilt nur einmal und wird nicht wieder angezeigt.',
    en: 'Enter the code when you activate your means in MitID. It works once and is not shown again.',
  },
  codeValidUntil: { da: 'Koden gælder til', de: 'Der Code gilt bis', en: 'The code is valid until' },
  means: { da: 'Identifikationsmiddel', de: 'Identifizierungsmittel', en: 'Means' },
  openApp: { da: 'Åbn MitID appen (udviklingsudgave)', de: 'MitID-App öffnen (Entwicklungsversion)', en: 'Open the MitID app (development stand-in)' },
  codeLater: {
    da: 'Udløber koden, før du har brugt den, får du en ny via linket nedenfor, som du også får tilsendt på e-mail.',
    de: 'Läuft der Code ab, bevor Sie ihn verwenden, erhalten Sie über den Link unten einen neuen; er kommt auch per E-Mail.',
    en: 'If the code expires before you use it, get a new one through the link below, which you also receive by e-mail.',
  },
} satisfies Record<string, Record<Language, string>>;

export type TextKey = keyof typeof texts;

export function text(language: Language, key: TextKey): string {
  return texts[key][language];
}

export const meansLabels: Record<string, Record<Language, string>> = {
  app: { da: 'MitID app', de: 'MitID-App', en: 'MitID app' },
  code_display: { da: 'Kodeviser', de: 'Codeanzeige', en: 'Code display' },
  code_reader: { da: 'Kodeoplæser', de: 'Codeleser', en: 'Code reader' },
  chip: { da: 'Chip', de: 'Chip', en: 'Chip' },
};
