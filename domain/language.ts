/** The languages people are addressed in: Danish, German, English. */
export type Language = 'da' | 'de' | 'en';

/**
 * The language MitID Erhverv addresses an organisation in: Danish for a Danish one, English for a foreign
 * company wherever it is. MitID Erhverv itself, its terms and its support speak Danish and English only,
 * so a foreign company's people read the terms they accept in English anyway; one language for every
 * foreign company (German would serve only one neighbour) keeps the mails, the pages and the terms alike.
 */
export function languageForCountry(country: string | undefined): Language {
  return country === 'DK' ? 'da' : 'en';
}

export type Localized = Record<Language, string>;

/** One text in the three languages, in the order the tables write them: Danish, German, English. */
export const w = (da: string, de: string, en: string): Localized => ({ da, de, en });

/** A page's words: `t('key')` in the page's language. */
export function wordsIn<K extends string>(texts: Record<K, Localized>, language: Language): (key: K) => string {
  return (key) => texts[key][language];
}
