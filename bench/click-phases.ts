// The phases of bench/connections.ts, one after another. Each has two parts: first every person gets ready
// (their mail, login and page read, up to `concurrency` at once, not timed), then they all click, with
// `concurrency` clicks in flight until all are answered (timed): the shape of the quiet floor, so each line
// compares with it. Meanwhile each click's own consequences (the next invitations, receipts, records) run in
// the background, as they would for people clicking together; the floor under load is sampled then.
import { stepTitles, type StepName } from '../domain/steps';
import { actionLink, getJson, waitForMail } from '../test/support/mailbox';
import { nemidExport, postExport } from '../test/support/user-fixtures';
import type { ClickLog, StepType } from './clicks';
import { connectionStart, type ConnectionPlan, type Person, type Sessions } from './people';
import { settled } from './cpu';
import { runConcurrently } from './stats';
import type { RunningSystem } from './system';

export interface PhaseContext {
  system: RunningSystem;
  concurrency: number;
  clicks: ClickLog;
  sessions: Sessions;
  /** Runs a phase's clicks (`count` of them), with what is measured beside them (the floor under load, the CPU they cost). */
  whileClicking(phase: string, count: number, clicks: () => Promise<void>): Promise<void>;
}

/** A person ready to click: the link, what to send, their session. */
interface ReadyClick {
  type: StepType;
  url: string;
  body: unknown;
  cookie: string;
  states: readonly string[];
}

/** The states a true answer carries, per step. */
const answers = {
  prepare: ['awaiting-approval'],
  // `checking-company-register` where the process answers once the approval is recorded, before the register's word.
  approve: ['connected', 'checking-company-register'],
  // `completed` once the organisation's last administrator has set up, `active` before.
  setup: ['active', 'completed'],
  // The group's last user to answer completes it.
  activate: ['awaiting-users', 'completed'],
};

/** Gets every person ready (up to `concurrency` at once), then sends their clicks with `concurrency` in flight. */
async function readyThenClick<T>(
  context: PhaseContext,
  phase: string,
  items: T[],
  ready: (item: T) => Promise<ReadyClick>,
): Promise<void> {
  const clicks: ReadyClick[] = new Array(items.length);
  await runConcurrently(items.length, context.concurrency, async (i) => {
    clicks[i] = await ready(items[i]!);
  });
  const { apiNodes } = context.system;
  // Each phase's clicks start on a quiet system, as the floor's Updates do: what getting ready led to is done.
  if (!(await settled(context.system.pids))) console.warn(`${phase}: the system was still busy as its clicks began`);
  await context.whileClicking(phase, clicks.length, () =>
    runConcurrently(clicks.length, context.concurrency, async (i) => {
      const { type, url, body, cookie, states } = clicks[i]!;
      // The link as mailed (on PUBLIC_BASE_URL), sent to the API processes in turn as a load balancer would.
      const { pathname, search } = new URL(url);
      await context.clicks.click(type, `${apiNodes[i % apiNodes.length]}${pathname}${search}`, body, cookie, states);
    }),
  );
}

/** The link of the person's mail for `step` (Danish: every benchmark organisation is a Danish company). */
async function mailedLink(system: RunningSystem, person: Person, step: StepName): Promise<string> {
  return actionLink(await waitForMail(system, person.email, (mail) => mail.subject.startsWith(stepTitles[step].da)));
}

/** Starts each connection and its preparer appoints the administrators; the started workflows' ids. */
export async function preparePhase(
  context: PhaseContext,
  plans: ConnectionPlan[],
): Promise<Map<ConnectionPlan, { connectionId: string; workflowId: string }>> {
  const started = new Map<ConnectionPlan, { connectionId: string; workflowId: string }>();
  await readyThenClick(context, 'prepare-connection', plans, async (plan) => {
    const answer = await context.system.api('POST', '/api/connections', connectionStart(plan));
    if (answer.status !== 201)
      throw new Error(`starting ${plan.organizationName} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    started.set(plan, answer.body);
    const cookie = await context.sessions.of(plan.preparer);
    const url = await mailedLink(context.system, plan.preparer, 'prepare-connection');
    return {
      type: `prepare-connection (${plan.path})`,
      url,
      body: { administrators: plan.administrators },
      cookie,
      states: answers.prepare,
    };
  });
  return started;
}

export function approvePhase(context: PhaseContext, plans: ConnectionPlan[]): Promise<void> {
  return readyThenClick(context, 'approve-connection', plans, async (plan) => {
    const cookie = await context.sessions.of(plan.representative);
    const url = await mailedLink(context.system, plan.representative, 'approve-connection');
    const termsVersion = (await getJson(url, cookie)).body.context.termsVersion;
    return {
      type: `approve-connection (${plan.path})`,
      url,
      body: { decision: 'approve', acceptTerms: true, termsVersion },
      cookie,
      states: answers.approve,
    };
  });
}

/**
 * Each administrator sets their organisation up from the link mailed once it is connected; of two, the click
 * judged first chooses the policy (both send it, as the first administrator's form does) and the other's is
 * judged under it. Two of a company are next to each other, so they are often in flight together.
 */
export function setupPhase(context: PhaseContext, plans: ConnectionPlan[]): Promise<void> {
  const administrators = plans.flatMap((plan) => plan.administrators);
  return readyThenClick(context, 'setup-organization', administrators, async (administrator) => {
    const cookie = await context.sessions.of(administrator);
    const url = await mailedLink(context.system, administrator, 'setup-organization');
    return {
      type: 'setup-organization',
      url,
      body: { allowPrivateMitId: true, separateMeans: ['app'], ownLoginMethod: 'private' },
      cookie,
      states: answers.setup,
    };
  });
}

/**
 * `users` employees imported into set-up organisations, `perOrganization` in each, all activated with the
 * private MitID by one bulk activation per organisation (one group process each); the employees then
 * approve, the first organisation's first. So with `perOrganization` equal to the concurrency, every
 * employee of an organisation answers at once: the shape after an all-staff mail, with one group process
 * taking that many Updates together.
 */
export async function activationPhase(
  context: PhaseContext,
  orgIds: string[],
  users: number,
  perOrganization: number,
): Promise<void> {
  const { system } = context;
  const employees: Person[] = [];
  for (const [index, orgId] of orgIds.entries()) {
    const count = Math.min(perOrganization, users - index * perOrganization);
    if (count <= 0) break;
    const domain = `${orgId}.example`;
    const imported = await postExport(
      system.config.publicBaseUrl,
      system.config.env.OPERATOR_API_KEY,
      orgId,
      nemidExport(count, domain),
    );
    if (imported.status !== 200 || imported.body.imported !== count)
      throw new Error(
        `import into ${orgId} answered ${imported.status}: ${JSON.stringify(imported.body).slice(0, 300)}`,
      );
    const activation = await system.api('POST', `/api/organizations/${orgId}/activations`, {
      all: true,
      loginMethod: 'private',
    });
    if (activation.status !== 202)
      throw new Error(`activation in ${orgId} answered ${activation.status}: ${JSON.stringify(activation.body)}`);
    // The export's rows, as nemidExport writes them.
    employees.push(...Array.from({ length: count }, (_, j) => ({ name: `User ${j}`, email: `user${j}@${domain}` })));
  }
  await readyThenClick(context, 'activate-user', employees, async (person) => {
    const cookie = await context.sessions.of(person);
    const url = await mailedLink(system, person, 'activate-user');
    return { type: 'activate-user', url, body: { decision: 'approve' }, cookie, states: answers.activate };
  });
}
