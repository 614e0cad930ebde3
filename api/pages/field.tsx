// A form field as every page writes it (the steps, the console, the administration): a labelled input or
// choice, its hint, and its problem beside it, announced and tied to the input.
import type { Markup } from '../../activities/mail/html';
import type { Language } from '../../domain/language';
import { h } from './jsx';
import { fieldProblem } from './texts';

/** `organization.name` → `organization-name`: an id a label and a selector both take. */
export const fieldId = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, '-');

/** A field's problem beside it, under the id its input's `aria-describedby` names; nothing when it has none. */
export function FieldError({ id, message }: { id: string; message?: string }): Markup | null {
  return message ? (
    <p class="field-error" id={id}>
      {message}
    </p>
  ) : null;
}

interface FieldProps {
  name: string;
  label: string;
  value?: string;
  error?: string;
  type?: 'text' | 'email' | 'tel' | 'url' | 'search' | 'textarea';
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  /** The input's id, by default from its name; another where one page has several forms with a field of this name. */
  id?: string;
}

/** A labelled input, its hint and its problem beside it (announced, and tied to the input). */
export function Field({
  name,
  label,
  value,
  error,
  type = 'text',
  required,
  autocomplete,
  hint,
  id = fieldId(name),
}: FieldProps): Markup {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const problem = { 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': describedBy };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint ? (
        <p class="muted" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {type === 'textarea' ? (
        <textarea id={id} name={name} required={required} {...problem} rows={3}>
          {value ?? ''}
        </textarea>
      ) : (
        <input
          type={type}
          id={id}
          name={name}
          value={value}
          autocomplete={autocomplete}
          required={required}
          {...problem}
        />
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

interface SelectProps {
  name: string;
  label: string;
  options: Array<{ value: string; label: string }>;
  value?: string;
  error?: string;
  required?: boolean;
  /** The select's id, by default from its name (as a field's). */
  id?: string;
}

/** A labelled choice among options, its problem beside it (announced, and tied to the select). */
export function Select({ name, label, options, value, error, required, id = fieldId(name) }: SelectProps): Markup {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        name={name}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {options.map((option) => (
          <option value={option.value} selected={option.value === value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/**
 * The problem of the field at `path` of a refused step form (`errors`: the paths the step's schema refused), in
 * the page's words; undefined when it has none.
 */
export function stepFieldProblem(errors: readonly string[] | undefined, path: string, language: Language) {
  const problems = (errors ?? [])
    .filter((error) => error === path || (path === 'acceptTerms' && error === 'termsVersion'))
    .map((error) => fieldProblem(language, error))
    .filter((problem): problem is string => problem !== undefined);
  return problems.length > 0 ? [...new Set(problems)].join(' ') : undefined;
}
