// A refused form's errors beside its fields: zod's issues by field name (the issue's path joined with dots,
// as the form names its inputs, e.g. `recipient.email`), in the page's language.
import type { z } from 'zod';
import type { Language, Localized } from '../../domain/language';

const messages: Record<'required' | 'tooLong' | 'format' | 'choice' | 'other', Localized> = {
  required: { da: 'Udfyld feltet.', de: 'Bitte füllen Sie dieses Feld aus.', en: 'Fill in this field.' },
  tooLong: { da: 'Teksten er for lang.', de: 'Der Text ist zu lang.', en: 'The text is too long.' },
  format: {
    da: 'Værdien har ikke det rigtige format.',
    de: 'Der Wert hat nicht das richtige Format.',
    en: 'The value is not in the right format.',
  },
  choice: {
    da: 'Vælg en af mulighederne.',
    de: 'Bitte wählen Sie eine der Möglichkeiten.',
    en: 'Choose one of the options.',
  },
  other: { da: 'Værdien er ikke gyldig.', de: 'Der Wert ist ungültig.', en: 'The value is not valid.' },
};

function kindOf(issue: z.core.$ZodIssue): keyof typeof messages {
  if (issue.code === 'too_small' || (issue.code === 'invalid_type' && issue.input === undefined)) return 'required';
  if (issue.code === 'too_big') return 'tooLong';
  if (issue.code === 'invalid_format' || issue.code === 'custom') return 'format';
  if (issue.code === 'invalid_value') return 'choice';
  return 'other';
}

/** The first error of each field, by field name (`''` for the form as a whole). */
export function fieldErrors(error: z.ZodError, language: Language): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.join('.');
    errors[field] ??= messages[kindOf(issue)][language];
  }
  return errors;
}
