// Organisation rules both the API and the processes use.
export const organizationKinds = [
  'company',
  'region',
  'municipality',
  'foreign-company',
  'association',
  'other',
] as const;
export type OrganizationKind = (typeof organizationKinds)[number];

/**
 * Most other kinds of organisation ("De fleste andre organisationstyper") upload documentation of the representative's tie to the
 * organisation; a company with a CVR number proves it through the company register. The default of
 * DOCUMENTATION_REQUIRED_KINDS; a process gets the answer for its kind in its input.
 */
export const defaultDocumentationRequiredKinds: readonly OrganizationKind[] = organizationKinds.filter(
  (kind) => kind !== 'company',
);

/** The default rule, for a process whose input carries no answer (older inputs). */
export function requiresDocumentation(kind: OrganizationKind): boolean {
  return defaultDocumentationRequiredKinds.includes(kind);
}

/** How long the case workers' review of the documentation may take, as people are told. */
export const documentReviewWorkingDays = 10;

/** ISO 3166-1 alpha-2: the officially assigned codes (no user-assigned or reserved ones such as XK or UK). */
export const countryCodes = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
    'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
    'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ ' +
    'UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/æ/gi, 'ae')
    .replace(/ø/gi, 'oe')
    .replace(/å/gi, 'aa')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/**
 * A stable, readable key free of personal data: the CVR number, or country, kind and name (two foreign
 * companies of one name in different countries are two organisations).
 */
export function organizationKey(organization: {
  kind: OrganizationKind;
  name: string;
  cvr?: string;
  country: string;
}): string {
  const country = organization.country.toLowerCase();
  if (organization.kind === 'company' && organization.cvr) return `${country}-cvr-${organization.cvr}`;
  return `${country}-${organization.kind}-${slug(organization.name)}`;
}

/** Working days (Monday to Friday) after `from`, at the same time of day. */
export function addWorkingDays(from: Date, days: number): Date {
  const date = new Date(from.getTime());
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return date;
}
