// Whether the name a login verified is the name a step was sent to. The operator or registrant types
// the recipient's name; MitID gives the person's full registered name. Both sides go through the same
// folding, so the same person matches however either side spelled the letters:
//   - case, diacritics (é, å, ü, ö, ä decomposed and dropped), and the letters that do not decompose
//     (æ, ø, ß, ...) written out;
//   - the transliterations Danish and German use (æ/ae, ø/oe, å/aa, ä/ae, ö/oe, ü/ue, ß/ss): "ae", "oe",
//     "ue" and "aa" fold to one letter, so "Søren", "Soeren" and "Soren" are one name;
//   - hyphens, apostrophes and dots are separators or dropped ("Anne-Marie" is "Anne Marie");
//   - registers and exports write "Surname, Given names": one comma turns the name around;
//   - the first and the last name must match; middle names may be missing or extra on either side
//     ("Søren Aabye Kierkegaard" is "Soren Kierkegaard", but not "Søren Hansen" or "Aabye Kierkegaard").
// Pure (no I/O, no Node APIs): the workflows' Update validators and the API use it alike.

const unfoldable: Record<string, string> = {
  æ: 'ae',
  ø: 'oe',
  œ: 'oe',
  ß: 'ss',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};

/** The words of a name, folded for comparison. */
export function nameTokens(name: string): string[] {
  const [surname, given, ...more] = name.split(',');
  const ordered = given !== undefined && more.length === 0 ? `${given} ${surname}` : name;
  const folded = ordered
    .toLowerCase()
    .replace(/[æøœßđðłþı]/g, (letter) => unfoldable[letter]!)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/['’`.]/g, '')
    .replace(/ae|oe|ue|aa/g, (pair) => pair[0]!);
  return folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** True when `verifiedName` (from the login) names the person `intendedName` (whom the step was sent to). */
export function samePerson(verifiedName: string, intendedName: string): boolean {
  const verified = nameTokens(verifiedName);
  const intended = nameTokens(intendedName);
  if (verified.length === 0 || intended.length === 0) return false;
  return verified[0] === intended[0] && verified[verified.length - 1] === intended[intended.length - 1];
}

/** The first given name as written (what an unauthenticated page may show), or '' for an empty name. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}
