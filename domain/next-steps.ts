// What happens after a person completes a step, in words, keyed by the step and its outcome: the decision
// where the step has one, else the stage the case moved to. The result page of every link says it, so
// nobody is left reading a status word and guessing what comes next.
import { w, type Language, type Localized } from './language';
import { documentReviewWorkingDays } from './organization';
import type { StepName } from './steps';

const days = documentReviewWorkingDays;

export const nextSteps: Partial<Record<`${StepName}:${string}` | StepName, Localized>> = {
  'prepare-connection:awaiting-approval': w(
    'Forslaget er sendt til ledelsesrepræsentanten, som får en e-mail med et link og skal godkende det. Du får besked, når der er nyt.',
    'Der Vorschlag ist an die vertretungsberechtigte Person gegangen, die eine E-Mail mit einem Link erhält und ihn genehmigen muss. Sie erhalten Nachricht, sobald es Neues gibt.',
    'The proposal has gone to the management representative, who gets an e-mail with a link and has to approve it. You will hear from us when there is news.',
  ),
  // The direct path: the representative prepared, and the approval is their own next step.
  'prepare-connection:next-is-yours': w(
    'Forslaget er gemt. Som ledelsesrepræsentant godkender du det selv: fortsæt til næste trin nedenfor (du får også linket på e-mail).',
    'Der Vorschlag ist gespeichert. Als vertretungsberechtigte Person genehmigen Sie ihn selbst: Fahren Sie unten mit dem nächsten Schritt fort (den Link erhalten Sie auch per E-Mail).',
    'The proposal is saved. As the management representative you approve it yourself: continue to the next step below (you also get the link by e-mail).',
  ),
  'approve-connection:awaiting-document-review': w(
    `Din godkendelse er modtaget; sagsbehandleren gennemgår dokumentationen inden for ${days} arbejdsdage. I får besked på e-mail.`,
    `Ihre Genehmigung ist eingegangen; die Sachbearbeitung prüft die Nachweise innerhalb von ${days} Arbeitstagen. Sie erhalten Nachricht per E-Mail.`,
    `Your approval has been received; the case worker reviews the documentation within ${days} working days. You will be told by e-mail.`,
  ),
  'approve-connection:checking-company-register': w(
    'Din godkendelse er modtaget; vi tjekker nu i CVR, at du er ledelsesrepræsentant for virksomheden. I får besked på e-mail.',
    'Ihre Genehmigung ist eingegangen; wir prüfen nun im Unternehmensregister, dass Sie das Unternehmen vertreten dürfen. Sie erhalten Nachricht per E-Mail.',
    'Your approval has been received; we are now checking in the company register that you represent the company. You will be told by e-mail.',
  ),
  'approve-connection:connected': w(
    'Din godkendelse er modtaget, og organisationen er tilsluttet MitID Erhverv. Organisationsadministratorerne får nu hver en e-mail med et link til opsætningen.',
    'Ihre Genehmigung ist eingegangen, und die Organisation ist an MitID Erhverv angeschlossen. Die Organisationsadministratoren erhalten nun jeweils eine E-Mail mit einem Link zur Einrichtung.',
    'Your approval has been received and the organisation is connected to MitID Erhverv. The organisation administrators now each get an e-mail with a link to the setup.',
  ),
  'approve-connection:awaiting-revision': w(
    'Forslaget er sendt tilbage til registranten med din begrundelse. Når det er rettet, får du det igen til godkendelse.',
    'Der Vorschlag ist mit Ihrer Begründung an die registrierende Person zurückgegangen. Sobald er überarbeitet ist, erhalten Sie ihn erneut zur Genehmigung.',
    'The proposal has gone back to the registrant with your reason. Once it is revised, you will get it again for approval.',
  ),
  'approve-connection:rejected': w(
    'Du har afvist tilslutningen, og sagen er afsluttet. De involverede får besked på e-mail.',
    'Sie haben den Anschluss abgelehnt; der Vorgang ist beendet. Die Beteiligten erhalten Nachricht per E-Mail.',
    'You have rejected the connection and the case is closed. The people involved are told by e-mail.',
  ),
  'resubmit-documents:awaiting-document-review': w(
    `Den nye dokumentation er modtaget; sagsbehandleren gennemgår den inden for ${days} arbejdsdage. I får besked på e-mail.`,
    `Die neuen Nachweise sind eingegangen; die Sachbearbeitung prüft sie innerhalb von ${days} Arbeitstagen. Sie erhalten Nachricht per E-Mail.`,
    `The new documentation has been received; the case worker reviews it within ${days} working days. You will be told by e-mail.`,
  ),
  'setup-organization:active': w(
    'Opsætningen er registreret, og organisationen er aktiv i MitID Erhverv. Du logger fremover ind på den måde, du valgte; eventuelle øvrige administratorer får hver deres link.',
    'Die Einrichtung ist erfasst, und die Organisation ist in MitID Erhverv aktiv. Sie melden sich künftig auf die gewählte Weise an; weitere Administratoren erhalten jeweils einen eigenen Link.',
    'The setup is recorded and the organisation is active in MitID Erhverv. From now on you log in the way you chose; any other administrators each get their own link.',
  ),
  'setup-organization:completed': w(
    'Opsætningen er færdig, og organisationen er aktiv i MitID Erhverv. Du logger fremover ind på den måde, du valgte.',
    'Die Einrichtung ist abgeschlossen, und die Organisation ist in MitID Erhverv aktiv. Sie melden sich künftig auf die gewählte Weise an.',
    'The setup is complete and the organisation is active in MitID Erhverv. From now on you log in the way you chose.',
  ),
  'activate-user:approve': w(
    'Din bruger er aktiveret. Du kan nu logge ind på vegne af organisationen med dit private MitID.',
    'Ihr Benutzer ist aktiviert. Sie können sich nun mit Ihrer privaten MitID für die Organisation anmelden.',
    'Your user is activated. You can now log in on behalf of the organisation with your private MitID.',
  ),
  'activate-user:reject': w(
    'Du har afvist brugeren; den bliver ikke aktiveret. Organisationens administrator kan se det og sende en ny invitation, hvis det var en fejl.',
    'Sie haben den Benutzer abgelehnt; er wird nicht aktiviert. Die Administration der Organisation sieht das und kann eine neue Einladung senden, falls es ein Versehen war.',
    'You have declined the user; it will not be activated. The organisation’s administrator sees this and can send a new invitation if it was a mistake.',
  ),
  'activate-user:activate': w(
    'Brug aktiveringskoden nedenfor til at aktivere dit MitID-identifikationsmiddel. Din bruger bliver aktiv, så snart det er gjort.',
    'Aktivieren Sie Ihr MitID-Identifizierungsmittel mit dem Aktivierungscode unten. Ihr Benutzer ist aktiv, sobald das geschehen ist.',
    'Activate your MitID means with the activation code below. Your user becomes active as soon as that is done.',
  ),
  'activate-means': w(
    'Brug den nye aktiveringskode til at aktivere dit MitID-identifikationsmiddel; den forrige virker ikke længere. Din bruger bliver aktiv, så snart det er gjort.',
    'Aktivieren Sie Ihr MitID-Identifizierungsmittel mit dem neuen Aktivierungscode; der vorige gilt nicht mehr. Ihr Benutzer ist aktiv, sobald das geschehen ist.',
    'Activate your MitID means with the new activation code; the previous one no longer works. Your user becomes active as soon as that is done.',
  ),
  'confirm-municipality-data': w(
    'Tak, oplysningerne er bekræftet. Vorhaben bliver nu indsendt i Mein Unternehmenskontos serviceportal; du får en e-mail, når der er nyt.',
    'Vielen Dank, die Angaben sind bestätigt. Das Vorhaben wird nun im Service-Portal des Mein Unternehmenskontos gestellt; Sie erhalten eine E-Mail, sobald es weitergeht.',
    'Thank you, the details are confirmed. The Vorhaben is now submitted in the Mein Unternehmenskonto service portal; you will get an e-mail when there is news.',
  ),
};

/**
 * What happens next after `step` was completed with `outcome` (the decision where the step has one, or
 * `next-is-yours` where the person's own next step follows at once) and the case moved to `stage`;
 * undefined where no sentence fits (the page then names the stage alone).
 */
export function whatNext(step: StepName, stage: string, language: Language, outcome?: string): string | undefined {
  const entry =
    (outcome ? nextSteps[`${step}:${outcome}`] : undefined) ?? nextSteps[`${step}:${stage}`] ?? nextSteps[step];
  return entry?.[language];
}
