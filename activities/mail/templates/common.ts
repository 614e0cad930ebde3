// Wording and formats every template shares: greeting, sign-off, dates in the reader's time zone.
import { z } from 'zod';
import type { Language, Localized } from '../../../domain/language';

const locales: Localized = { da: 'da-DK', de: 'de-DE', en: 'en-GB' };
/** English mail goes to organisations outside DK and DE, so its dates say UTC rather than guess a zone. */
const timeZones: Localized = { da: 'Europe/Copenhagen', de: 'Europe/Berlin', en: 'UTC' };

// Built once per language: constructing a formatter costs more than formatting, and bulk sends format thousands.
function formatsByLanguage(options: Intl.DateTimeFormatOptions): Record<Language, Intl.DateTimeFormat> {
  return Object.fromEntries(
    (Object.keys(locales) as Language[]).map((language) => [
      language,
      new Intl.DateTimeFormat(locales[language], { ...options, timeZone: timeZones[language] }),
    ]),
  ) as Record<Language, Intl.DateTimeFormat>;
}

const dateTimeFormats = formatsByLanguage({
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

export function formatDateTime(iso: string, language: Language): string {
  return dateTimeFormats[language].format(new Date(iso));
}

const dateFormats = formatsByLanguage({ day: 'numeric', month: 'long', year: 'numeric' });

/** The day alone, where the hour would claim a precision the date does not have (or clutter a subject). */
export function formatDate(iso: string, language: Language): string {
  return dateFormats[language].format(new Date(iso));
}

export function greeting(name: string, language: Language): string {
  return { da: `Kære ${name}`, de: `Guten Tag ${name},`, en: `Dear ${name},` }[language];
}

export function signOff(language: Language): string {
  return {
    da: 'Med venlig hilsen\nOnboarding-tjenesten',
    de: 'Mit freundlichen Grüßen\nIhr Onboarding-Service',
    en: 'Kind regards\nThe onboarding service',
  }[language];
}

/** Links in mail must open a page, never run a script: only http(s). */
export const webUrl = z.url({ protocol: /^https?$/ });

export const isoDateTime = z.iso.datetime({ offset: true });

export const personName = z.string().trim().min(1).max(200);
export const organizationName = z.string().trim().min(1).max(300);
