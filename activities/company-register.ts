// Who may bind a company with a CVR number. Production plugs in the real register behind this
// interface; development reads a fixture file. The real lookup (CVR with the MitID broker) gives the
// representatives' identities, not only their names: the fixture lists each with a CPR number, which the
// adapter turns into its keyed hash at once (config/identity-digest.ts), so the number goes no further.
import { readFileSync } from 'node:fs';
import { identityDigest } from '../config/identity-digest';

export interface Representative {
  name: string;
  /** The keyed hash of the representative's CPR number. */
  identityDigest: string;
}

export interface CompanyRegister {
  /** The company's management representatives, or undefined for an unknown CVR number. */
  representativesOf(cvr: string): Promise<Representative[] | undefined>;
}

interface FixtureFile {
  companies: Record<string, { representatives: Array<{ name: string; cpr: string }> }>;
}

export function fixtureCompanyRegister(file: string, identityKey: Buffer): CompanyRegister {
  let companies: FixtureFile['companies'] | undefined;
  return {
    async representativesOf(cvr) {
      companies ??= (JSON.parse(readFileSync(file, 'utf8')) as FixtureFile).companies;
      return companies[cvr]?.representatives.map(({ name, cpr }) => {
        const digest = identityDigest(identityKey, cpr);
        if (!digest)
          throw new Error(
            `the company register fixture lists a representative of CVR ${cvr} without a valid CPR number`,
          );
        return { name, identityDigest: digest };
      });
    },
  };
}
