// The mails of updated terms every organisation administrator receives (workflows/terms-update.ts): the
// notice, with the expected date while it still goes out (the effect is counted from the last notice sent
// to anyone) or the fixed one after; the fixed date once every administrator has been told; a reminder
// shortly before.
import { z } from 'zod';
import type { Language } from '../../../domain/language';
import { defineTemplate, type MailContent } from '../template';
import {
  formatDate,
  formatDateTime,
  greeting,
  isoDateTime,
  organizationName,
  personName,
  signOff,
  webUrl,
} from './common';

const termsVars = z.object({
  recipientName: personName,
  organizationName,
  version: z.string().min(1).max(64),
  title: z.string().trim().min(1).max(300),
  url: webUrl,
  effectiveAt: isoDateTime,
});

/** What every terms mail has around its own words: the greeting, the link to the terms, the sign-off. */
function termsMail(
  vars: z.output<typeof termsVars>,
  language: Language,
  subject: string,
  paragraphs: string[],
): MailContent {
  return {
    subject,
    greeting: greeting(vars.recipientName, language),
    paragraphs,
    action: {
      label: { da: 'Læs de nye vilkår', de: 'Neue Bedingungen lesen', en: 'Read the new terms' }[language],
      url: vars.url,
      note: vars.title,
    },
    signOff: signOff(language),
  };
}

function monthsText(months: number, language: Language): string {
  if (months === 1) return { da: '1 måned', de: '1 Monat', en: '1 month' }[language];
  return { da: `${months} måneder`, de: `${months} Monate`, en: `${months} months` }[language];
}

export const termsUpdateNotice = defineTemplate({
  name: 'terms-update-notice',
  vars: termsVars.extend({
    noticeMonths: z.number().int().min(1).max(24),
    /** False while notices still go out: `effectiveAt` is then the earliest the date can be. */
    dateFixed: z.boolean(),
  }),
  compose(vars, language) {
    const months = monthsText(vars.noticeMonths, language);
    const rule = {
      da: `De nye vilkår træder i kraft ${months} efter, at alle organisationsadministratorer i MitID Erhverv har fået besked om dem.`,
      de: `Die neuen Bedingungen treten ${months} nach der Benachrichtigung aller Organisationsadministratoren von MitID Erhverv in Kraft.`,
      en: `The new terms take effect ${months} after every organisation administrator in MitID Erhverv has been notified of them.`,
    }[language];
    const when = vars.dateFixed
      ? {
          da: `Alle har nu fået besked, så datoen ligger fast: Vilkårene gælder fra den ${formatDateTime(vars.effectiveAt, language)}.`,
          de: `Inzwischen sind alle benachrichtigt, das Datum steht also fest: Die Bedingungen gelten ab dem ${formatDateTime(vars.effectiveAt, language)}.`,
          en: `Everyone has now been notified, so the date is fixed: the terms apply from ${formatDateTime(vars.effectiveAt, language)}.`,
        }[language]
      : {
          da: `Vi forventer, at de gælder fra den ${formatDate(vars.effectiveAt, language)}. Du får besked igen, når datoen ligger fast.`,
          de: `Voraussichtlich gelten sie ab dem ${formatDate(vars.effectiveAt, language)}. Sobald das Datum feststeht, erhalten Sie eine weitere Nachricht.`,
          en: `We expect them to apply from ${formatDate(vars.effectiveAt, language)}. We will write to you again once the date is fixed.`,
        }[language];
    const subject = {
      da: `Nye vilkår for MitID Erhverv (version ${vars.version})`,
      de: `Neue Nutzungsbedingungen für MitID Erhverv (Version ${vars.version})`,
      en: `New terms for MitID Erhverv (version ${vars.version})`,
    }[language];
    return termsMail(vars, language, subject, [
      {
        da: `Vilkårene for MitID Erhverv er blevet opdateret. Du modtager denne besked som organisationsadministrator for ${vars.organizationName}.`,
        de: `Die Nutzungsbedingungen für MitID Erhverv wurden aktualisiert. Sie erhalten diese Nachricht als Organisationsadministrator von ${vars.organizationName}.`,
        en: `The terms for MitID Erhverv have been updated. You receive this notice as an organisation administrator of ${vars.organizationName}.`,
      }[language],
      `${rule} ${when}`,
    ]);
  },
});

/** The subject of the mails that name the fixed date. */
function appliesFrom(effectiveAt: string, language: Language): string {
  const date = formatDate(effectiveAt, language);
  return {
    da: `Nye vilkår for MitID Erhverv gælder fra den ${date}`,
    de: `Neue Nutzungsbedingungen für MitID Erhverv gelten ab dem ${date}`,
    en: `New terms for MitID Erhverv apply from ${date}`,
  }[language];
}

export const termsDateNotice = defineTemplate({
  name: 'terms-date-notice',
  vars: termsVars,
  compose(vars, language) {
    const at = formatDateTime(vars.effectiveAt, language);
    return termsMail(vars, language, appliesFrom(vars.effectiveAt, language), [
      {
        da: `Vi har tidligere skrevet til dig om version ${vars.version} af vilkårene for MitID Erhverv. Nu har alle organisationsadministratorer fået besked, og datoen ligger fast: De nye vilkår gælder for ${vars.organizationName} fra den ${at}.`,
        de: `Wir haben Sie bereits über Version ${vars.version} der Nutzungsbedingungen für MitID Erhverv informiert. Inzwischen sind alle Organisationsadministratoren benachrichtigt, und das Datum steht fest: Die neuen Bedingungen gelten für ${vars.organizationName} ab dem ${at}.`,
        en: `We wrote to you earlier about version ${vars.version} of the terms for MitID Erhverv. Every organisation administrator has now been notified, so the date is fixed: the new terms apply to ${vars.organizationName} from ${at}.`,
      }[language],
      {
        da: 'Vi sender dig en påmindelse, kort før de træder i kraft.',
        de: 'Kurz vor dem Inkrafttreten erinnern wir Sie noch einmal daran.',
        en: 'We will remind you shortly before they take effect.',
      }[language],
    ]);
  },
});

export const termsReminder = defineTemplate({
  name: 'terms-reminder',
  vars: termsVars,
  compose(vars, language) {
    const at = formatDateTime(vars.effectiveAt, language);
    const subject = `${{ da: 'Påmindelse', de: 'Erinnerung', en: 'Reminder' }[language]}: ${appliesFrom(vars.effectiveAt, language)}`;
    return termsMail(vars, language, subject, [
      {
        da: `Vi minder om, at version ${vars.version} af vilkårene for MitID Erhverv gælder for ${vars.organizationName} fra den ${at}.`,
        de: `Wir möchten Sie daran erinnern, dass Version ${vars.version} der Nutzungsbedingungen für MitID Erhverv für ${vars.organizationName} ab dem ${at} gilt.`,
        en: `This is a reminder that version ${vars.version} of the terms for MitID Erhverv applies to ${vars.organizationName} from ${at}.`,
      }[language],
      {
        da: 'Læs dem gerne igennem, inden de træder i kraft.',
        de: 'Bitte lesen Sie sie vor dem Inkrafttreten durch.',
        en: 'Please read them before they take effect.',
      }[language],
    ]);
  },
});

export const termsTemplates = [termsUpdateNotice, termsDateNotice, termsReminder];
