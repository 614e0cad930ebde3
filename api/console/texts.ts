// The console's shared words: its bar and its sign-in. Each screen keeps its own words beside it.
import type { Language, Localized } from '../../domain/language';

const texts = {
  console: { da: 'Sagsbehandling', de: 'Sachbearbeitung', en: 'Case console' },
  waitingForMe: { da: 'Venter på mig', de: 'Wartet auf mich', en: 'Waiting for me' },
  cases: { da: 'Sager', de: 'Vorgänge', en: 'Cases' },
  start: { da: 'Start en sag', de: 'Vorgang starten', en: 'Start a case' },
  terms: { da: 'Vilkår', de: 'Bedingungen', en: 'Terms' },
  logOut: { da: 'Log ud', de: 'Abmelden', en: 'Log out' },
  signIn: { da: 'Log ind i sagsbehandlingen', de: 'Anmeldung zur Sachbearbeitung', en: 'Sign in to the case console' },
  operatorKey: { da: 'Operatørnøgle', de: 'Operator-Schlüssel', en: 'Operator key' },
  signInHint: {
    da: 'Indtast den operatørnøgle, du har fået udleveret. Du forbliver logget ind i 8 timer.',
    de: 'Geben Sie den Ihnen ausgehändigten Operator-Schlüssel ein. Sie bleiben 8 Stunden angemeldet.',
    en: 'Enter the operator key you were given. You stay signed in for 8 hours.',
  },
  signInButton: { da: 'Log ind', de: 'Anmelden', en: 'Sign in' },
  wrongKey: {
    da: 'Det er ikke operatørnøglen.',
    de: 'Das ist nicht der Operator-Schlüssel.',
    en: 'That is not the operator key.',
  },
} satisfies Record<string, Localized>;

export type ConsoleTextKey = keyof typeof texts;

export function consoleText(language: Language, key: ConsoleTextKey): string {
  return texts[key][language];
}
