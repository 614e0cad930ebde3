// Pages still written with the `markup` tag share the JSX pages' layout.
import type { Markup } from '../../activities/mail/html';
import type { Language } from '../../domain/language';
import { renderPage } from './layout';

export { markup, type Markup } from '../../activities/mail/html';

export function page(language: Language, title: string, body: Markup): string {
  return renderPage({ language, title, children: body });
}
