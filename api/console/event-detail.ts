// What an event of a case's timeline says, in words: the case page and the MUK screen show the same.
import {
  documentTypes as documentTypeWords,
  integrationTestResults,
  inWords,
  stages,
  wordFor,
} from '../../domain/glossary';
import type { Language } from '../../domain/language';
import type { ProcessEvent } from '../../workflows/process.messages';
import { caseText, isTextKey } from './case-texts';

/** An event's detail as the page says it: a value in words, the system's own notes translated, a person's reason as written. */
export function eventDetail(event: ProcessEvent, language: Language): string {
  const { type, detail } = event;
  if (!detail) return '';
  if (type === 'stage-changed') return wordFor(stages, detail, language);
  if (type === 'integration-checked') return wordFor(integrationTestResults, detail, language);
  if (type === 'document-uploaded' || type === 'document-withdrawn')
    return wordFor(documentTypeWords, detail, language);
  if (type === 'step-resent') return caseText(language, 'toCorrectedRecipient');
  if (type === 'municipality-data-corrected') {
    return detail
      .split(', ')
      .map((field) => {
        const key = `corrected.${field}`;
        return isTextKey(key) ? caseText(language, key) : field;
      })
      .join(', ');
  }
  // A mail the SMTP server refused (`invitation: SMTP 550`, `e-mail failed: …`): in words, with the server's code where there is one.
  if (type === 'delivery-failed' || type === 'step-invited' || type === 'step-reminded') {
    const code = /SMTP \d{3}/.exec(detail)?.[0];
    return code ? `${caseText(language, 'mailFailed')} (${code})` : caseText(language, 'mailFailed');
  }
  return inWords(detail, language);
}
