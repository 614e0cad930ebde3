// A person's name as the system accepts it, wherever one is entered (start requests, step inputs, CSV
// imports). Names are put into e-mails, so a name must not carry a link a mail client would make
// clickable, nor characters that hide or reorder text (controls, bidi overrides, zero-width marks).
import { z } from 'zod';

/** Control, format (bidi, zero width), private-use, unassigned and surrogate code points; line and paragraph separators. */
const hiddenCharacters = /[\p{C}\p{Zl}\p{Zp}]/u;
/**
 * What a mail client turns into a link: a scheme (`https:`, `mailto:`), `www.`, an IPv4 address or a
 * domain (a dot between letters or digits, then at least two letters: `evil.example`, `bank.dk/login`).
 * Initials (`J.R.R. Tolkien`, `Carl v. Ossietzky`) have at most one letter after a dot or a space after it.
 */
const webAddress = /[\p{L}\p{N}+.-]+:\/?\/|mailto:|www\.|\d{1,3}(\.\d{1,3}){3}|[\p{L}\p{N}-]\.\p{L}{2}/iu;

/** Why `value` is not acceptable as a person's name, or undefined when it is. */
export function personNameProblem(value: string): string | undefined {
  if (hiddenCharacters.test(value)) return 'a name must not contain control or invisible characters';
  if (webAddress.test(value)) return 'a name must not contain a web or e-mail address';
  return undefined;
}

export const personName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .superRefine((value, ctx) => {
    const problem = personNameProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
