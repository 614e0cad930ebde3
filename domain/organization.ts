// Organisation rules both the API and the processes use.
export const organizationKinds = ['company', 'region', 'municipality', 'foreign-company', 'association', 'other'] as const;
export type OrganizationKind = (typeof organizationKinds)[number];

/** Only a company with a CVR number proves its representative through the company register; every other kind uploads documentation. */
export function requiresDocumentation(kind: OrganizationKind): boolean {
  return kind !== 'company';
}

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

/** A stable, readable key free of personal data: the CVR number, or kind and name. */
export function organizationKey(organization: { kind: OrganizationKind; name: string; cvr?: string; country: string }): string {
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
