// Who may bind a company with a CVR number. Production plugs in the real register behind this
// interface; development reads a fixture file.
import { readFileSync } from 'node:fs';

export interface CompanyRegister {
  /** The names of the company's management representatives, or undefined for an unknown CVR number. */
  representativesOf(cvr: string): Promise<string[] | undefined>;
}

export function fixtureCompanyRegister(file: string): CompanyRegister {
  let companies: Record<string, { representatives: string[] }> | undefined;
  return {
    async representativesOf(cvr) {
      companies ??= (JSON.parse(readFileSync(file, 'utf8')) as { companies: Record<string, { representatives: string[] }> }).companies;
      return companies[cvr]?.representatives;
    },
  };
}

/** Names compare without regard to case, accents or extra spaces. */
export function sameName(a: string, b: string): boolean {
  const normal = (name: string) => name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
  return normal(a) === normal(b);
}
