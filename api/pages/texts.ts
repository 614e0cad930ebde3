// The words on the step pages, in Danish, German and English.
import type { Language } from '../../domain/language';

const texts = {
  logIn: {
    da: 'Log ind med dit private MitID',
    de: 'Mit Ihrer privaten MitID anmelden',
    en: 'Log in with your private MitID',
  },
  logInPlain: { da: 'Log ind', de: 'Anmelden', en: 'Log in' },
  loginWhy: {
    da: 'Login-oplysningerne bruges kun til at identificere dig. De deles ikke med organisationen og gemmes ikke.',
    de: 'Die Anmeldedaten dienen nur Ihrer Identifizierung. Sie werden nicht mit der Organisation geteilt und nicht gespeichert.',
    en: 'Your login is used only to identify you. It is not shared with the organisation and not stored.',
  },
  loggedInAs: { da: 'Logget ind som', de: 'Angemeldet als', en: 'Logged in as' },
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
  earlierDocuments: {
    da: 'Allerede uploadet (følger med sagen)',
    de: 'Bereits hochgeladen (bleiben beim Vorgang)',
    en: 'Already uploaded (they stay with the case)',
  },
  administrators: {
    da: 'Organisationsadministratorer',
    de: 'Organisationsadministratoren',
    en: 'Organisation administrators',
  },
  name: { da: 'Navn', de: 'Name', en: 'Name' },
  email: { da: 'E-mail', de: 'E-Mail', en: 'E-mail' },
  upload: { da: 'Upload dokumentation', de: 'Nachweis hochladen', en: 'Upload documentation' },
  uploadHint: {
    da: 'Fx lønseddel eller ansættelseskontrakt (PDF, PNG eller JPEG, højst 10 MB). Personens fulde navn skal fremgå.',
    de: 'Z. B. Gehaltsabrechnung oder Arbeitsvertrag (PDF, PNG oder JPEG, höchstens 10 MB). Der volle Name muss erkennbar sein.',
    en: 'E.g. a payslip or employment contract (PDF, PNG or JPEG, at most 10 MB). The person’s full name must appear.',
  },
  uploaded: {
    da: 'Dokumentet er modtaget og følger med sagen. Du kan uploade flere eller fortsætte nedenfor.',
    de: 'Der Nachweis ist eingegangen und gehört zum Vorgang. Sie können weitere hochladen oder unten fortfahren.',
    en: 'The document has been received and stays with the case. You can upload more or continue below.',
  },
  documentType: { da: 'Dokumenttype', de: 'Dokumentart', en: 'Document type' },
  file: { da: 'Fil (PDF, PNG eller JPEG)', de: 'Datei (PDF, PNG oder JPEG)', en: 'File (PDF, PNG or JPEG)' },
  administrator: { da: 'Administrator', de: 'Administrator/in', en: 'Administrator' },
  whatNext: { da: 'Hvad sker der nu?', de: 'Wie geht es weiter?', en: 'What happens next?' },
  nothingMore: {
    da: 'Du skal ikke gøre mere. Du får besked på e-mail, hvis der er brug for dig igen.',
    de: 'Sie müssen nichts weiter tun. Sie erhalten eine E-Mail, falls wir Sie wieder brauchen.',
    en: 'There is nothing more for you to do. You will get an e-mail if you are needed again.',
  },
  fixTheForm: {
    da: 'Formularen er ikke udfyldt korrekt. Ret de markerede felter, og prøv igen.',
    de: 'Das Formular ist nicht richtig ausgefüllt. Korrigieren Sie die markierten Felder und versuchen Sie es erneut.',
    en: 'The form is not filled in correctly. Correct the marked fields and try again.',
  },
  backToStep: { da: 'Tilbage til trinnet', de: 'Zurück zum Schritt', en: 'Back to the step' },
  acceptTerms: {
    da: 'Jeg accepterer vilkårene for MitID Erhverv',
    de: 'Ich akzeptiere die Bedingungen für MitID Erhverv',
    en: 'I accept the terms of MitID Erhverv',
  },
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
  done: { da: 'Tak – det er registreret.', de: 'Danke – das ist erfasst.', en: 'Thank you – that is recorded.' },
  nextStep: { da: 'Fortsæt til næste trin', de: 'Weiter zum nächsten Schritt', en: 'Continue to the next step' },
  loginAgain: { da: 'Log ind igen', de: 'Bitte erneut anmelden', en: 'Please log in again' },
  loginExpired: {
    da: 'Dit login er udløbet, så det, du sendte, er ikke gemt. Log ind igen, så kommer du tilbage til formularen.',
    de: 'Ihre Anmeldung ist abgelaufen, daher wurde das Gesendete nicht gespeichert. Melden Sie sich erneut an, dann kommen Sie zurück zum Formular.',
    en: 'Your login has expired, so what you sent was not saved. Log in again and you will come back to the form.',
  },
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
  openApp: {
    da: 'Åbn MitID appen (udviklingsudgave)',
    de: 'MitID-App öffnen (Entwicklungsversion)',
    en: 'Open the MitID app (development stand-in)',
  },
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

/** What a person reads when a link cannot do what they asked, by the API's error code: what happened and what to do. */
const problems: Record<string, { title: Record<Language, string>; explanation: Record<Language, string> }> = {
  unknown_link: {
    title: { da: 'Linket er ikke gyldigt', de: 'Der Link ist nicht gültig', en: 'This link is not valid' },
    explanation: {
      da: 'Linket findes ikke. Tjek, at du har kopieret hele linket fra e-mailen, eller bed den, der sendte det, om et nyt.',
      de: 'Diesen Link gibt es nicht. Prüfen Sie, ob Sie den ganzen Link aus der E-Mail kopiert haben, oder bitten Sie die absendende Stelle um einen neuen.',
      en: 'This link does not exist. Check that you copied the whole link from the e-mail, or ask whoever sent it for a new one.',
    },
  },
  link_expired: {
    title: { da: 'Linket er udløbet', de: 'Der Link ist abgelaufen', en: 'This link has expired' },
    explanation: {
      da: 'Fristen for trinnet er overskredet, så linket virker ikke længere. Bed den, der sendte det, om at sende et nyt.',
      de: 'Die Frist für diesen Schritt ist abgelaufen, daher funktioniert der Link nicht mehr. Bitten Sie die absendende Stelle um einen neuen.',
      en: 'The deadline for this step has passed, so the link no longer works. Ask whoever sent it to send a new one.',
    },
  },
  link_superseded: {
    title: {
      da: 'Linket er erstattet af et nyere',
      de: 'Der Link wurde durch einen neueren ersetzt',
      en: 'This link has been replaced',
    },
    explanation: {
      da: 'Der er sendt et nyere link til dette trin. Brug linket i den seneste e-mail.',
      de: 'Für diesen Schritt wurde ein neuerer Link versandt. Verwenden Sie den Link aus der neuesten E-Mail.',
      en: 'A newer link has been sent for this step. Use the link in the latest e-mail.',
    },
  },
  step_not_pending: {
    title: {
      da: 'Trinnet er allerede afsluttet',
      de: 'Der Schritt ist bereits erledigt',
      en: 'This step is already done',
    },
    explanation: {
      da: 'Trinnet er gennemført, eller sagen er afsluttet, så der er ikke mere at gøre her. Du får besked på e-mail, hvis der er brug for dig igen.',
      de: 'Der Schritt ist erledigt oder der Vorgang beendet; hier ist nichts mehr zu tun. Sie erhalten eine E-Mail, falls wir Sie wieder brauchen.',
      en: 'The step has been completed or the case has ended, so there is nothing more to do here. You will get an e-mail if you are needed again.',
    },
  },
  step_conflict: {
    title: {
      da: 'Trinnet er allerede besvaret',
      de: 'Der Schritt wurde bereits beantwortet',
      en: 'This step has already been answered',
    },
    explanation: {
      da: 'Trinnet er allerede besvaret på en anden måde. Åbn linket igen for at se, hvor sagen står.',
      de: 'Der Schritt wurde bereits anders beantwortet. Öffnen Sie den Link erneut, um den Stand zu sehen.',
      en: 'The step has already been answered differently. Open the link again to see where the case stands.',
    },
  },
  too_many_documents: {
    title: {
      da: 'Der er uploadet for mange dokumenter',
      de: 'Zu viele Nachweise hochgeladen',
      en: 'Too many documents',
    },
    explanation: {
      da: 'Trinnet kan ikke tage flere dokumenter. Træk et dokument tilbage, eller fortsæt uden flere.',
      de: 'Dieser Schritt nimmt keine weiteren Nachweise an. Ziehen Sie einen Nachweis zurück oder fahren Sie ohne weitere fort.',
      en: 'This step takes no more documents. Withdraw one or continue without more.',
    },
  },
  invalid_step_input: {
    title: {
      da: 'Det kunne ikke registreres',
      de: 'Das konnte nicht erfasst werden',
      en: 'That could not be recorded',
    },
    explanation: {
      da: 'Svaret passer ikke til trinnet; skal forslaget sendes tilbage, skal du skrive en begrundelse. Gå tilbage, ret formularen, og prøv igen.',
      de: 'Die Antwort passt nicht zu diesem Schritt; wird der Vorschlag zurückgeschickt, ist eine Begründung nötig. Gehen Sie zurück, korrigieren Sie das Formular und versuchen Sie es erneut.',
      en: 'The answer does not fit this step; sending a proposal back needs a reason. Go back, correct the form and try again.',
    },
  },
  invalid_request: {
    title: {
      da: 'Formularen er ikke udfyldt korrekt',
      de: 'Das Formular ist nicht richtig ausgefüllt',
      en: 'The form is not filled in correctly',
    },
    explanation: {
      da: 'Et felt mangler eller er ikke udfyldt korrekt (fx navn, e-mailadresse, accept af vilkårene eller en fil). Gå tilbage, ret formularen, og prøv igen.',
      de: 'Ein Feld fehlt oder ist nicht richtig ausgefüllt (z. B. Name, E-Mail-Adresse, Zustimmung zu den Bedingungen oder eine Datei). Gehen Sie zurück, korrigieren Sie das Formular und versuchen Sie es erneut.',
      en: 'A field is missing or not filled in correctly (such as a name, an e-mail address, accepting the terms or a file). Go back, correct the form and try again.',
    },
  },
  terms_outdated: {
    title: {
      da: 'Vilkårene er blevet opdateret',
      de: 'Die Bedingungen wurden aktualisiert',
      en: 'The terms have been updated',
    },
    explanation: {
      da: 'Der er offentliggjort en ny version af vilkårene, siden du åbnede siden. Gå tilbage, læs den nye version, og godkend igen.',
      de: 'Seit Sie die Seite geöffnet haben, wurde eine neue Fassung der Bedingungen veröffentlicht. Gehen Sie zurück, lesen Sie die neue Fassung und genehmigen Sie erneut.',
      en: 'A new version of the terms has been published since you opened the page. Go back, read the new version and approve again.',
    },
  },
  rate_limited: {
    title: { da: 'For mange forsøg', de: 'Zu viele Versuche', en: 'Too many attempts' },
    explanation: {
      da: 'Vent et øjeblik, og prøv så igen.',
      de: 'Warten Sie einen Moment und versuchen Sie es dann erneut.',
      en: 'Wait a moment and try again.',
    },
  },
  unsupported_media_type: {
    title: {
      da: 'Filtypen kan ikke bruges',
      de: 'Dieser Dateityp wird nicht angenommen',
      en: 'This kind of file is not accepted',
    },
    explanation: {
      da: 'Upload dokumentationen som PDF, PNG eller JPEG.',
      de: 'Laden Sie den Nachweis als PDF, PNG oder JPEG hoch.',
      en: 'Upload the documentation as PDF, PNG or JPEG.',
    },
  },
  too_large: {
    title: { da: 'Filen er for stor', de: 'Die Datei ist zu groß', en: 'The file is too large' },
    explanation: {
      da: 'En fil må højst fylde 10 MB.',
      de: 'Eine Datei darf höchstens 10 MB groß sein.',
      en: 'A file may be at most 10 MB.',
    },
  },
  upload_timeout: {
    title: {
      da: 'Uploadet tog for lang tid',
      de: 'Das Hochladen hat zu lange gedauert',
      en: 'The upload took too long',
    },
    explanation: {
      da: 'Prøv igen, gerne med en mindre fil eller en bedre forbindelse.',
      de: 'Versuchen Sie es erneut, am besten mit einer kleineren Datei oder einer besseren Verbindung.',
      en: 'Try again, ideally with a smaller file or a better connection.',
    },
  },
  upload_aborted: {
    title: { da: 'Uploadet blev afbrudt', de: 'Das Hochladen wurde unterbrochen', en: 'The upload was interrupted' },
    explanation: { da: 'Prøv igen.', de: 'Versuchen Sie es erneut.', en: 'Try again.' },
  },
};

const otherProblem = {
  title: { da: 'Det lykkedes ikke', de: 'Das hat nicht geklappt', en: 'That did not work' },
  explanation: {
    da: 'Det, du bad om, kunne ikke gennemføres. Prøv igen om lidt; lykkes det stadig ikke, så kontakt den, der sendte linket.',
    de: 'Ihre Anfrage konnte nicht ausgeführt werden. Versuchen Sie es gleich noch einmal; klappt es weiterhin nicht, wenden Sie sich an die absendende Stelle.',
    en: 'What you asked for could not be done. Try again in a moment; if it still fails, contact whoever sent the link.',
  },
};

/** The title and explanation of an error code in the language of the link (every code has all three). */
export function problemText(language: Language, code: string): { title: string; explanation: string } {
  const problem = problems[code] ?? otherProblem;
  return { title: problem.title[language], explanation: problem.explanation[language] };
}

/** What is wrong with a field of a refused step form, by its path in the step's body (indexes as `*`). */
const fieldProblems: Record<string, Record<Language, string>> = {
  administrators: {
    da: 'Udpeg mindst én organisationsadministrator.',
    de: 'Benennen Sie mindestens eine Organisationsadministratorin oder einen Organisationsadministrator.',
    en: 'Appoint at least one organisation administrator.',
  },
  'administrators.*.name': {
    da: 'Skriv administratorens fulde navn.',
    de: 'Geben Sie den vollen Namen an.',
    en: 'Enter the administrator’s full name.',
  },
  'administrators.*.email': {
    da: 'Skriv en gyldig e-mailadresse.',
    de: 'Geben Sie eine gültige E-Mail-Adresse an.',
    en: 'Enter a valid e-mail address.',
  },
  acceptTerms: {
    da: 'Du skal acceptere vilkårene for at godkende.',
    de: 'Um zu genehmigen, müssen Sie die Bedingungen akzeptieren.',
    en: 'You must accept the terms to approve.',
  },
  reason: {
    da: 'Skriv, hvad registranten skal rette.',
    de: 'Schreiben Sie, was die registrierende Person ändern soll.',
    en: 'Say what the registrant should change.',
  },
  name: {
    da: 'Skriv kommunens navn.',
    de: 'Geben Sie den Namen der Kommune an.',
    en: 'Enter the municipality’s name.',
  },
  federalState: { da: 'Vælg en delstat.', de: 'Wählen Sie ein Bundesland.', en: 'Choose a federal state.' },
  'support.name': {
    da: 'Skriv en enhed eller kontaktperson.',
    de: 'Geben Sie eine Stelle oder Ansprechperson an.',
    en: 'Enter an office or contact person.',
  },
  'support.email': {
    da: 'Skriv en gyldig e-mailadresse.',
    de: 'Geben Sie eine gültige E-Mail-Adresse an.',
    en: 'Enter a valid e-mail address.',
  },
  'support.phone': {
    da: 'Skriv et telefonnummer som +49 89 1234-0.',
    de: 'Geben Sie eine Telefonnummer wie +49 89 1234-0 an.',
    en: 'Enter a phone number such as +49 89 1234-0.',
  },
  portalLoginUrl: {
    da: 'Skriv en adresse, der begynder med https://.',
    de: 'Geben Sie eine Adresse an, die mit https:// beginnt.',
    en: 'Enter an address that starts with https://.',
  },
};

/** The problem of a field in the person's words; a path without words of its own (no field of the page) gets none. */
export function fieldProblem(language: Language, path: string): string | undefined {
  const key = path.replace(/\.\d+(?=\.|$)/g, '.*');
  return fieldProblems[key === 'termsVersion' ? 'acceptTerms' : key]?.[language];
}
