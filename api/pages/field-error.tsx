// The problem of one field of a refused form, shown beside the field in the page's language.
import type { Markup } from '../../activities/mail/html';
import type { Language } from '../../domain/language';
import { h, Fragment } from './jsx';
import { fieldProblem } from './texts';

/** The problems of one field of a refused form, beside it. */
export function FieldError({
  errors,
  path,
  language,
}: {
  errors?: string[];
  path: string;
  language: Language;
}): Markup {
  const messages = [
    ...new Set(
      (errors ?? [])
        .filter((error) => error === path || (path === 'acceptTerms' && error === 'termsVersion'))
        .map((error) => fieldProblem(language, error)),
    ),
  ];
  return (
    <>
      {messages.map((message) =>
        message ? (
          <p class="field-error" id={`${path}-error`}>
            {message}
          </p>
        ) : null,
      )}
    </>
  );
}
