// What a template is: a typed vars schema and a function from vars to structured content. Templates never
// write HTML themselves, so render.ts can escape every value they produce in one place.
import type { z } from 'zod';
import type { Language } from '../../domain/language';

/** The parts of a message; render.ts lays them out as plain text and as HTML. */
export interface MailContent {
  subject: string;
  greeting: string;
  paragraphs: string[];
  /** Shown as a bullet list after the paragraphs. */
  details?: string[];
  /** The one thing the recipient should click. */
  action?: { label: string; url: string; note?: string };
  signOff: string;
}

export interface EmailTemplate<Vars extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly vars: Vars;
  compose(vars: z.output<Vars>, language: Language): MailContent;
}

/** Declares a template; `compose` receives vars already checked against `vars`. */
export function defineTemplate<Vars extends z.ZodType>(template: EmailTemplate<Vars>): EmailTemplate<Vars> {
  return template;
}
