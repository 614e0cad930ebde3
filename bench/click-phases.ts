// The phases of bench/connections.ts, one after another, each a lane per person with up to `concurrency`
// people acting at once: their mail, login and page read (not timed), then their click (timed). Phase by
// phase rather than each connection's whole flow: every step type is then clicked by as many people at once
// as the floor has Updates in flight, so the lines compare with each other and with the floor, while the
// people still log in, poll their mail and leave the previous phase's mails and records behind them, as
// the floor under load measures.
import { stepTitles, type StepName } from '../domain/steps';
import { actionLink, getJson, waitForMail } from '../test/support/mailbox';
import { nemidExport, postExport } from '../test/support/user-fixtures';
import type { ClickLog } from './clicks';
import { connectionStart, type ConnectionPlan, type Person, type Sessions } from './people';
import { runConcurrently } from './stats';
import type { RunningSystem } from './system';

export interface PhaseContext {
  system: RunningSystem;
  concurrency: number;
  clicks: ClickLog;
  sessions: Sessions;
}

/** The states a true answer carries, per step. */
const answers = {
  prepare: ['awaiting-approval'],
  // `checking-company-register` where the process answers once the approval is recorded, before the register's word.
  approve: ['connected', 'checking-company-register'],
  // `completed` once the organisation's last administrator has set up: with one each, always here.
  setup: ['active', 'completed'],
  // The group's last user to answer completes it.
  activate: ['awaiting-users', 'completed'],
};

function eachPerson<T>(context: PhaseContext, items: T[], act: (item: T) => Promise<void>): Promise<void> {
  return runConcurrently(items.length, context.concurrency, (i) => act(items[i]!));
}

/** The link of the person's mail for `step` (Danish: every benchmark organisation is a Danish company). */
async function mailedLink(system: RunningSystem, person: Person, step: StepName): Promise<string> {
  return actionLink(await waitForMail(system, person.email, (mail) => mail.subject.startsWith(stepTitles[step].da)));
}

/** Starts each connection and its preparer appoints the administrator; the started workflows' ids. */
export async function preparePhase(context: PhaseContext, plans: ConnectionPlan[]): Promise<Map<ConnectionPlan, { connectionId: string; workflowId: string }>> {
  const started = new Map<ConnectionPlan, { connectionId: string; workflowId: string }>();
  await eachPerson(context, plans, async (plan) => {
    const answer = await context.system.api('POST', '/api/connections', connectionStart(plan));
    if (answer.status !== 201) throw new Error(`starting ${plan.organizationName} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    started.set(plan, answer.body);
    const cookie = await context.sessions.of(plan.preparer);
    const link = await mailedLink(context.system, plan.preparer, 'prepare-connection');
    await context.clicks.click(`prepare-connection (${plan.path})`, link, { administrators: [plan.administrator] }, cookie, answers.prepare);
  });
  return started;
}

export function approvePhase(context: PhaseContext, plans: ConnectionPlan[]): Promise<void> {
  return eachPerson(context, plans, async (plan) => {
    const cookie = await context.sessions.of(plan.representative);
    const link = await mailedLink(context.system, plan.representative, 'approve-connection');
    const termsVersion = (await getJson(link, cookie)).body.context.termsVersion;
    await context.clicks.click(`approve-connection (${plan.path})`, link, { decision: 'approve', acceptTerms: true, termsVersion }, cookie, answers.approve);
  });
}

/** Each administrator sets their organisation up from the link mailed once it is connected. */
export function setupPhase(context: PhaseContext, plans: ConnectionPlan[]): Promise<void> {
  return eachPerson(context, plans, async (plan) => {
    const cookie = await context.sessions.of(plan.administrator);
    const link = await mailedLink(context.system, plan.administrator, 'setup-organization');
    await context.clicks.click('setup-organization', link, { allowPrivateMitId: true, separateMeans: ['app'], ownLoginMethod: 'private' }, cookie, answers.setup);
  });
}

/**
 * `users` employees imported into set-up organisations, `perOrganization` in each, all activated with the
 * private MitID by one bulk activation per organisation (one group process each); the employees then
 * approve, one organisation's after the other's. So with `perOrganization` equal to the concurrency, every
 * employee of an organisation answers at once: the shape after an all-staff mail, with one group process
 * taking that many Updates together.
 */
export async function activationPhase(context: PhaseContext, orgIds: string[], users: number, perOrganization: number): Promise<void> {
  const { system } = context;
  const employees: Person[] = [];
  for (const [index, orgId] of orgIds.entries()) {
    const count = Math.min(perOrganization, users - index * perOrganization);
    if (count <= 0) break;
    const domain = `${orgId}.example`;
    const imported = await postExport(system.config.publicBaseUrl, system.config.env.OPERATOR_API_KEY, orgId, nemidExport(count, domain));
    if (imported.status !== 200 || imported.body.imported !== count) throw new Error(`import into ${orgId} answered ${imported.status}: ${JSON.stringify(imported.body).slice(0, 300)}`);
    const activation = await system.api('POST', `/api/organizations/${orgId}/activations`, { all: true, loginMethod: 'private' });
    if (activation.status !== 202) throw new Error(`activation in ${orgId} answered ${activation.status}: ${JSON.stringify(activation.body)}`);
    // The export's rows, as nemidExport writes them.
    employees.push(...Array.from({ length: count }, (_, j) => ({ name: `User ${j}`, email: `user${j}@${domain}` })));
  }
  await eachPerson(context, employees, async (person) => {
    const cookie = await context.sessions.of(person);
    const link = await mailedLink(system, person, 'activate-user');
    await context.clicks.click('activate-user', link, { decision: 'approve' }, cookie, answers.activate);
  });
}
