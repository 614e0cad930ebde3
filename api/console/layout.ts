// The console's frame: its bar of screens and the wide page every screen renders into.
import type { Language } from '../../domain/language';
import { renderPage, type Bar } from '../pages/layout';
import { consoleText } from './texts';

export function consoleBar(language: Language): Bar {
  const t = (key: Parameters<typeof consoleText>[1]) => consoleText(language, key);
  return {
    home: { href: '/console', label: t('console') },
    links: [
      { href: '/console', label: t('waitingForMe') },
      { href: '/console/cases', label: t('cases') },
      { href: '/console/start', label: t('start') },
      { href: '/console/terms', label: t('terms') },
    ],
    logout: { action: '/console/logout', label: t('logOut') },
  };
}

/** A console page: the console's bar, wide. */
export function renderConsolePage(language: Language, title: string, children: JSX.Element | JSX.Element[]): string {
  return renderPage({ language, title, bar: consoleBar(language), wide: true, children });
}
