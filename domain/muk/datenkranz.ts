// Which attribute set (Datenkranz) the MUK hands the portal at login follows from the Vorhaben's legal
// framework; the Service Provider form asks for it. One table, so a new framework is one line.
export const legalFrameworks = ['OZG', 'Sonstiger Rechtsrahmen'] as const;
export type LegalFramework = (typeof legalFrameworks)[number];

const datenkranzByLegalFramework: Record<LegalFramework, string> = {
  OZG: 'OZG-Datenkranz',
  'Sonstiger Rechtsrahmen': 'Basis-Datenkranz',
};

export function datenkranzFor(legalFramework: LegalFramework): string {
  return datenkranzByLegalFramework[legalFramework];
}
