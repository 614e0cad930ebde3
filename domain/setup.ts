// The rules of setting an organisation up, shared by the step's schema, its page, the
// setup process and the login-policy call. Plain code without I/O: the workflow imports it.
import type { SeparateMeans } from './step-inputs';

/** At setup the organisation can offer only the MitID app (preselected); the other means come afterwards. */
export const setupMeans = ['app'] as const satisfies readonly SeparateMeans[];

export const meansOfferedAfterSetup =
  'At setup the organisation can offer only the MitID app; code display, code reader and chip are offered afterwards through the login policy (PATCH /api/organizations/:orgId/login-policy)';

/** How an administrator logs in from now on: the private MitID or one separate means the organisation offers. */
export type AdministratorLoginMethod = 'private' | SeparateMeans;

/** An administrator who completed their setup step, as their row is activated. */
export interface CompletedAdministratorSetup {
  email: string;
  /** Pseudonymous subject of the administrator's login: how the API recognises their session later. */
  subject?: string;
  loginMethod: AdministratorLoginMethod;
  /** The person an operator re-sent the setup link to, who completed it: the row becomes theirs. */
  correctedTo?: { name: string; email: string };
}

export interface OrganizationLoginPolicy {
  allowPrivateMitId: boolean;
  separateMeans: SeparateMeans[];
}

export interface SetupChoice {
  allowPrivateMitId?: boolean;
  separateMeans?: SeparateMeans[];
  /** `separate` is what the form sent before the means were named: it stands for the MitID app. */
  ownLoginMethod: AdministratorLoginMethod | 'separate';
}

export function ownLoginMethodOf(method: SetupChoice['ownLoginMethod']): AdministratorLoginMethod {
  return method === 'separate' ? 'app' : method;
}

/** The setup rules a choice can break, by the name a refusal gives them. */
export type SetupChoiceRule =
  | 'first-administrator-sets-policy'
  | 'means-offered-after-setup'
  | 'login-method-required'
  | 'private-mitid-not-allowed'
  | 'means-not-offered';

/**
 * Why a setup choice is refused (the rule and a message), or undefined when it stands. Without `policy` (nobody has set the
 * organisation up yet) the choice sets it: private MitID and the MitID app at most, and at least one of
 * them. Every administrator's own login must be a method the organisation then offers.
 */
export function setupChoiceRefusal(
  choice: SetupChoice,
  policy: OrganizationLoginPolicy | undefined,
): { rule: SetupChoiceRule; message: string } | undefined {
  let offered = policy;
  if (!offered) {
    if (choice.allowPrivateMitId === undefined || choice.separateMeans === undefined) {
      return {
        rule: 'first-administrator-sets-policy',
        message: 'The first administrator chooses allowPrivateMitId and separateMeans for the organisation',
      };
    }
    if (choice.separateMeans.some((means) => !(setupMeans as readonly string[]).includes(means)))
      return { rule: 'means-offered-after-setup', message: meansOfferedAfterSetup };
    if (!choice.allowPrivateMitId && choice.separateMeans.length === 0) {
      return {
        rule: 'login-method-required',
        message: 'The organisation needs a login method: allow private MitID or offer the MitID app',
      };
    }
    offered = { allowPrivateMitId: choice.allowPrivateMitId, separateMeans: choice.separateMeans };
  }
  const own = ownLoginMethodOf(choice.ownLoginMethod);
  if (own === 'private') {
    if (offered.allowPrivateMitId) return undefined;
    return {
      rule: 'private-mitid-not-allowed',
      message: 'The organisation does not allow private MitID: choose a separate means it offers',
    };
  }
  if (offered.separateMeans.includes(own)) return undefined;
  return { rule: 'means-not-offered', message: `The organisation does not offer ${own} as a separate means` };
}
