/** The languages people are addressed in: Danish for DK organisations, German for DE, English otherwise. */
export type Language = 'da' | 'de' | 'en';

export function languageForCountry(country: string | undefined): Language {
  if (country === 'DK') return 'da';
  if (country === 'DE') return 'de';
  return 'en';
}

export type Localized = Record<Language, string>;
