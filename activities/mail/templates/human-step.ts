// The mails of the human-step core (workflows/human-step.ts): invitation, reminder, expiry, end of process.
import { z } from 'zod';
import { inWords } from '../../../domain/glossary';
import type { Language } from '../../../domain/language';
import { stepNames, stepTitles, waitingFor, type StepName } from '../../../domain/steps';
import { defineTemplate } from '../template';
import { formatDateTime, greeting, isoDateTime, organizationName, personName, signOff, webUrl } from './common';

const stepLinkVars = z.object({
  step: z.enum(stepNames),
  recipientName: personName,
  organizationName,
  actionUrl: webUrl,
  expiresAt: isoDateTime,
  details: z.array(z.string().max(1000)).max(50).optional(),
});

function quotedTitle(step: StepName, language: Language): string {
  const title = stepTitles[step][language];
  return { da: `»${title}«`, de: `„${title}“`, en: `“${title}”` }[language];
}

function continueAction(url: string, expiresAt: string, language: Language) {
  const date = formatDateTime(expiresAt, language);
  return {
    url,
    label: { da: 'Fortsæt', de: 'Weiter', en: 'Continue' }[language],
    note: { da: `Linket udløber ${date}.`, de: `Der Link läuft am ${date} ab.`, en: `The link expires on ${date}.` }[
      language
    ],
  };
}

/**
 * A step the process completes once the MUK service portal has acted: the mail says what we wait for and
 * until when, and links the case's page, but asks the recipient for nothing.
 */
function waitingMail(
  vars: z.output<typeof stepLinkVars>,
  language: Language,
  kind: 'invitation' | 'reminder',
  awaited: string,
) {
  const title = stepTitles[vars.step][language];
  const org = vars.organizationName;
  const date = formatDateTime(vars.expiresAt, language);
  const still = kind === 'reminder';
  return {
    subject: still
      ? `${{ da: 'Status', de: 'Zwischenstand', en: 'Status' }[language]}: ${title} – ${org}`
      : `${title} – ${org}`,
    greeting: greeting(vars.recipientName, language),
    paragraphs: [
      {
        da: `For ${org} venter vi ${still ? 'stadig' : 'nu'} på, ${awaited}.`,
        de: `Für ${org} warten wir ${still ? 'weiterhin' : 'jetzt'} auf ${awaited}.`,
        en: `For ${org}, we are ${still ? 'still' : 'now'} waiting for ${awaited}.`,
      }[language],
      {
        da: 'Du skal ikke gøre noget. Så snart svaret foreligger, går forløbet videre; har vi brug for noget fra dig, får du en særskilt besked.',
        de: 'Sie müssen dafür nichts tun. Sobald die Antwort vorliegt, geht es weiter; brauchen wir etwas von Ihnen, erhalten Sie eine eigene Nachricht.',
        en: 'You do not need to do anything. As soon as the answer arrives, the process moves on; if we need anything from you, you will get a separate message.',
      }[language],
      {
        da: `Foreligger svaret ikke senest ${date}, afsluttes forløbet.`,
        de: `Liegt die Antwort bis zum ${date} nicht vor, wird der Vorgang beendet.`,
        en: `If no answer has arrived by ${date}, the process ends.`,
      }[language],
    ],
    details: vars.details?.map((line) => inWords(line, language)),
    action: { url: vars.actionUrl, label: { da: 'Se status', de: 'Stand ansehen', en: 'View the status' }[language] },
    signOff: signOff(language),
  };
}

/** What a step's mails say beyond "complete the step", where the step is done elsewhere than on its page. */
const stepNotes: Partial<Record<StepName, Record<Language, string>>> = {
  'activate-means': {
    da: 'Du mangler at aktivere dit MitID-identifikationsmiddel (fx MitID appen) med den aktiveringskode, du fik. Din bruger bliver først aktiv, når det er gjort. Har du ikke længere en gyldig kode, får du en ny via linket.',
    de: 'Sie müssen Ihr MitID-Identifizierungsmittel (z. B. die MitID-App) noch mit dem erhaltenen Aktivierungscode aktivieren. Ihr Benutzer ist erst danach aktiv. Haben Sie keinen gültigen Code mehr, erhalten Sie über den Link einen neuen.',
    en: 'You still need to activate your MitID means (e.g. the MitID app) with the activation code you were given. Your user becomes active only once that is done. If you no longer have a valid code, get a new one through the link.',
  },
};

function stepNote(step: StepName, language: Language): string[] {
  const note = stepNotes[step];
  return note ? [note[language]] : [];
}

export const stepInvitation = defineTemplate({
  name: 'step-invitation',
  vars: stepLinkVars,
  compose(vars, language) {
    const awaited = waitingFor[vars.step]?.[language];
    if (awaited) return waitingMail(vars, language, 'invitation', awaited);
    const step = quotedTitle(vars.step, language);
    const title = stepTitles[vars.step][language];
    return {
      subject: `${title} – ${vars.organizationName}`,
      greeting: greeting(vars.recipientName, language),
      paragraphs: [
        {
          da: `Du bedes gennemføre trinnet ${step} for ${vars.organizationName}.`,
          de: `Sie werden gebeten, den Schritt ${step} für ${vars.organizationName} zu erledigen.`,
          en: `You are asked to complete the step ${step} for ${vars.organizationName}.`,
        }[language],
        ...stepNote(vars.step, language),
        {
          da: 'Klik på linket for at fortsætte.',
          de: 'Klicken Sie auf den Link, um fortzufahren.',
          en: 'Click the link to continue.',
        }[language],
      ],
      details: vars.details?.map((line) => inWords(line, language)),
      action: continueAction(vars.actionUrl, vars.expiresAt, language),
      signOff: signOff(language),
    };
  },
});

export const stepReminder = defineTemplate({
  name: 'step-reminder',
  vars: stepLinkVars,
  compose(vars, language) {
    const awaited = waitingFor[vars.step]?.[language];
    if (awaited) return waitingMail(vars, language, 'reminder', awaited);
    const step = quotedTitle(vars.step, language);
    const title = stepTitles[vars.step][language];
    return {
      subject: {
        da: `Påmindelse: ${title} – ${vars.organizationName}`,
        de: `Erinnerung: ${title} – ${vars.organizationName}`,
        en: `Reminder: ${title} – ${vars.organizationName}`,
      }[language],
      greeting: greeting(vars.recipientName, language),
      paragraphs: [
        {
          da: `Trinnet ${step} for ${vars.organizationName} venter stadig på dig.`,
          de: `Der Schritt ${step} für ${vars.organizationName} wartet noch auf Sie.`,
          en: `The step ${step} for ${vars.organizationName} is still waiting for you.`,
        }[language],
        ...stepNote(vars.step, language),
        {
          da: 'Brug det samme link som før.',
          de: 'Verwenden Sie denselben Link wie zuvor.',
          en: 'Use the same link as before.',
        }[language],
      ],
      details: vars.details?.map((line) => inWords(line, language)),
      action: continueAction(vars.actionUrl, vars.expiresAt, language),
      signOff: signOff(language),
    };
  },
});

export const stepExpired = defineTemplate({
  name: 'step-expired',
  vars: z.object({ step: z.enum(stepNames), recipientName: personName, organizationName }),
  compose(vars, language) {
    const step = quotedTitle(vars.step, language);
    return {
      subject: {
        da: `Fristen er udløbet – ${vars.organizationName}`,
        de: `Frist abgelaufen – ${vars.organizationName}`,
        en: `Deadline passed – ${vars.organizationName}`,
      }[language],
      greeting: greeting(vars.recipientName, language),
      paragraphs: [
        {
          da: `Fristen for trinnet ${step} for ${vars.organizationName} er udløbet, og forløbet er derfor afsluttet.`,
          de: `Die Frist für den Schritt ${step} für ${vars.organizationName} ist abgelaufen; der Vorgang wurde daher beendet.`,
          en: `The deadline for the step ${step} for ${vars.organizationName} has passed, so the process has ended.`,
        }[language],
        {
          da: 'Hvis det stadig er relevant, skal forløbet startes forfra.',
          de: 'Falls es weiterhin nötig ist, muss der Vorgang neu gestartet werden.',
          en: 'If it is still needed, the process has to be started again.',
        }[language],
      ],
      signOff: signOff(language),
    };
  },
});

const outcomeSentences = {
  rejected: {
    da: (org: string) => `Forløbet for ${org} er blevet afvist.`,
    de: (org: string) => `Der Vorgang für ${org} wurde abgelehnt.`,
    en: (org: string) => `The process for ${org} has been rejected.`,
  },
  cancelled: {
    da: (org: string) => `Forløbet for ${org} er blevet annulleret.`,
    de: (org: string) => `Der Vorgang für ${org} wurde abgebrochen.`,
    en: (org: string) => `The process for ${org} has been cancelled.`,
  },
  expired: {
    da: (org: string) => `Forløbet for ${org} er udløbet, fordi et trin ikke blev gennemført i tide.`,
    de: (org: string) => `Der Vorgang für ${org} ist abgelaufen, weil ein Schritt nicht rechtzeitig erledigt wurde.`,
    en: (org: string) => `The process for ${org} has expired because a step was not completed in time.`,
  },
} as const;

export const processEnded = defineTemplate({
  name: 'process-ended',
  vars: z.object({
    recipientName: personName,
    organizationName,
    outcome: z.enum(['rejected', 'cancelled', 'expired']),
    reason: z.string().trim().min(1).max(2000).optional(),
  }),
  compose(vars, language) {
    const words = vars.reason ? inWords(vars.reason, language) : undefined;
    const reason = words
      ? [{ da: `Begrundelse: ${words}`, de: `Begründung: ${words}`, en: `Reason: ${words}` }[language]]
      : [];
    return {
      subject: {
        da: `Forløbet er afsluttet – ${vars.organizationName}`,
        de: `Vorgang beendet – ${vars.organizationName}`,
        en: `Process ended – ${vars.organizationName}`,
      }[language],
      greeting: greeting(vars.recipientName, language),
      paragraphs: [outcomeSentences[vars.outcome][language](vars.organizationName), ...reason],
      signOff: signOff(language),
    };
  },
});

export const humanStepTemplates = [stepInvitation, stepReminder, stepExpired, processEnded];
