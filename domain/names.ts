// Names as the system accepts them, wherever one is entered (start requests, step inputs, CSV imports).
// Names are put into e-mails, pages and the Web UI's summary, so none may carry characters that hide or
// reorder text (controls, bidi overrides, zero-width marks); a person's name may not carry a link a mail
// client would make clickable either (an organisation's may: "Boozt.com AB" is a company's real name).
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

function nameRule(problemOf: (value: string) => string | undefined) {
  return z
    .string()
    .trim()
    .min(1)
    .max(200)
    .superRefine((value, ctx) => {
      const problem = problemOf(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

export const personName = nameRule(personNameProblem);

/** An organisation's or a municipality's name. */
export const organizationName = nameRule((value) =>
  hiddenCharacters.test(value) ? 'a name must not contain control or invisible characters' : undefined,
);
