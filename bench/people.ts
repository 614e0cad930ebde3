// Who clicks in bench/connections.ts: per connection a CVR company, who prepares, who approves and the
// administrators they appoint (one, or two in every second company of each path); half the companies on the
// direct path (the representative prepares and approves), half on the registrant path (a registrant prepares,
// the representative approves). And the
// company register in which each representative may bind their company, by the identity the dev login
// gives their e-mail.
import { devPersonFor } from '../dev/oidc-provider';
import { loginAs } from '../test/support/login';

export interface Person {
  name: string;
  email: string;
}

export interface ConnectionPlan {
  path: 'direct' | 'registrant';
  cvr: string;
  organizationName: string;
  preparer: Person;
  representative: Person;
  administrators: Person[];
}

const person = (role: string, i: number): Person => ({
  name: `Bench ${role}${i}`,
  email: `bench.${role.toLowerCase()}${i}@bench.dk`,
});

export function planConnections(count: number): ConnectionPlan[] {
  return Array.from({ length: count }, (_, i) => {
    const representative = person('Representative', i);
    const path = i % 2 === 0 ? 'direct' : 'registrant';
    return {
      path,
      cvr: String(20_000_000 + i),
      organizationName: `Bench ${i} ApS`,
      preparer: path === 'direct' ? representative : person('Registrant', i),
      representative,
      administrators: i % 4 < 2 ? [person('Administrator', i)] : [person('Administrator', i), person('Deputy', i)],
    };
  });
}

/** The `POST /api/connections` body: the registrant path names the representative who approves. */
export function connectionStart(plan: ConnectionPlan): Record<string, unknown> {
  const organization = { name: plan.organizationName, kind: 'company', country: 'DK', cvr: plan.cvr };
  return plan.path === 'direct'
    ? { organization, initiator: { role: 'representative', ...plan.representative } }
    : { organization, initiator: { role: 'registrant', ...plan.preparer }, representative: plan.representative };
}

/** The COMPANY_REGISTER_FILE contents: each company with its representative's CPR number as the dev login gives it. */
export function companyRegister(plans: ConnectionPlan[]): { companies: Record<string, unknown> } {
  const companies = Object.fromEntries(
    plans.map((plan) => [
      plan.cvr,
      {
        name: plan.organizationName,
        representatives: [{ name: plan.representative.name, cpr: devPersonFor(plan.representative.email).cpr }],
      },
    ]),
  );
  return { companies };
}

/** One dev login per person, kept for all their clicks; their verified name is the one their links were sent to. */
export class Sessions {
  private readonly cookies = new Map<string, Promise<string>>();

  constructor(private readonly baseUrl: string) {}

  of(person: Person): Promise<string> {
    let cookie = this.cookies.get(person.email);
    if (!cookie) {
      cookie = loginAs(this.baseUrl, person).then((session) => session.cookie);
      this.cookies.set(person.email, cookie);
    }
    return cookie;
  }
}
