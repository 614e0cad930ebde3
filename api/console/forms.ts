// Console forms that post what the JSON API takes: each field is named by its path in the API's body
// (`organization.name`), so the form becomes that body by nesting, the API's schema validates it, and its
// issues land beside the fields of the same name.
import { HttpError, parseOr422 } from '../errors';
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
