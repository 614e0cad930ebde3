// Console forms that post what the JSON API takes: each field is named by its path in the API's body
// (`organization.name`), so the form becomes that body by nesting, the API's schema validates it, and its
// issues land beside the fields of the same name.
import type { Markup } from '../../activities/mail/html';
import { HttpError, parseOr422 } from '../errors';
import { h } from '../pages/jsx';
import type { Response } from 'express';
import type { z } from 'zod';

/** Form fields by their dotted path → the nested body the API takes; blank fields are left out. */
export function bodyFromForm(form: unknown): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries((form ?? {}) as Record<string, unknown>)) {
    const value = typeof raw === 'string' ? raw.trim() : undefined;
    if (!value) continue;
    const path = name.split('.');
    let node = body;
    for (const part of path.slice(0, -1)) {
      if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = value;
  }
  return body;
}

/** What a form's submission came to: the action's result, or the API's refusal to show on the form. */
export type Submission<R> = { ok: true; result: R } | { ok: false; refusal: HttpError };

/** Validates the form with the API's schema and performs the API's action; a refusal (4xx) is handed back, anything else thrown. */
export async function submitForm<S extends z.ZodType, R>(
  schema: S,
  form: unknown,
  act: (body: z.infer<S>) => Promise<R>,
): Promise<Submission<R>> {
  try {
    return { ok: true, result: await act(parseOr422(schema, bodyFromForm(form))) };
  } catch (error) {
    if (error instanceof HttpError && error.status < 500) return { ok: false, refusal: error };
    throw error;
  }
}

/** Field name → its problem, as the page's own words; `''` holds what belongs to no field. */
export type FieldErrors = Record<string, string>;

/**
 * The refusal's issues beside the form's fields: an issue on a field, or on a group of fields (the whole
 * `representative`), goes to the (first) field of that path, with the page's message for that field.
 */
export function fieldErrors(
  refusal: HttpError,
  fields: readonly string[],
  messageFor: (field: string) => string,
): FieldErrors {
  const errors: FieldErrors = {};
  const issues = Array.isArray(refusal.details) ? (refusal.details as Array<{ path?: unknown }>) : [];
  for (const issue of issues) {
    const path = typeof issue.path === 'string' ? issue.path : '';
    const field =
      fields.find((name) => name === path) ?? fields.find((name) => path !== '' && name.startsWith(`${path}.`));
    if (field) errors[field] ??= messageFor(field);
    else errors[''] ??= messageFor('');
  }
  return errors;
}

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
  /** The select's id, by default from its name (as a field's). */
  id?: string;
}

/** A labelled choice among options, its problem beside it (announced, and tied to the select). */
export function Select({ name, label, options, value, error, id = fieldId(name) }: SelectProps): Markup {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        name={name}
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

/** The form's own values, to show again beside its errors. */
export function formValues(form: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries((form ?? {}) as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/** A console page as the answer, with its status (200, or the refusal's 4xx). */
export function sendPage(res: Response, status: number, page: string): void {
  res.status(status).type('html').send(page);
}
