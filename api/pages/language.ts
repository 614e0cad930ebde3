// The language of a page that no link or organisation decides: the one the browser asks for.
import type { Request } from 'express';
import type { Language } from '../../domain/language';

/** The browser's language where it is Danish, German or English; English otherwise (the console, the dev pages, a link that cannot be read). */
export function browserLanguage(req: Request): Language {
  // `*` (what scripts send) names no language: it gets English, not the first of the list.
  if (!/[a-z]/i.test((req.get('accept-language') ?? '').replace('*', ''))) return 'en';
  const accepted = req.acceptsLanguages('da', 'de', 'en');
  return accepted === 'da' || accepted === 'de' ? accepted : 'en';
}
