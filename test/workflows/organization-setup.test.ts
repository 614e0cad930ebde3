// The organisation-setup process on the time-skipping server: the first administrator chooses the
// organisation's login policy (private MitID, the MitID app at most) and their own login, later ones only
// their own within the policy as it stands; reminders every 7 days, expiry after 60, recorded, and a new
// run under the same id for the administrators who lapsed.
import assert from 'node:assert/strict';
import { WorkflowIdReusePolicy } from '@temporalio/client';
import { defaultDurations, searchAttributes } from '../../temporal.config';
import { everyAdministratorsLinkDecides } from '../../workflows/organization-setup';
import {
  loginPolicyChangedSignal,
  type LoginPolicy,
  type OrganizationSetupInput,
  type OrganizationSetupResult,
} from '../../workflows/organization-setup.messages';
import {
  completeStepUpdate,
  resendStepUpdate,
  stepClaimedSignal,
  type ClaimedStep,
} from '../../workflows/process.messages';
import { complete, operator, pendingStep, person, refusedWith } from '../support/process-driver';
import { fileWorker } from '../support/time-skipping';
import { eventually } from '../support/wait';
import { updateRoundTrips } from '../../bench/update-round-trips';
import { patchMarkers, stageUpserts } from '../support/history';

const administrators = [
  { name: 'Ada Admin', email: 'ada@example.dk' },
  { name: 'Bent Admin', email: 'bent@example.dk' },
];

interface ActivationRecord {
  orgId: string;
  loginPolicy?: unknown;
  administrator: { email: string; subject?: string; loginMethod: string };
}

describe('organization setup workflow (time-skipping)', () => {
  const files = fileWorker('setup-tests', {
    activateOrganization: () => undefined,
    activateAdministrator: () => undefined,
    recordSetupExpired: () => undefined,
  });

  const start = (orgId: string, admins = administrators, loginPolicy?: LoginPolicy) => {
    const input: OrganizationSetupInput = {
      organization: { orgId, name: 'Nordisk Testfabrik ApS', country: 'DK' },
      administrators: admins,
      timing: defaultDurations.setup,
      ...(loginPolicy ? { loginPolicy } : {}),
    };
    // As the API restarts a setup that has ended: the same id, never beside a running one.
    return files.env.client.workflow.start('organizationSetup', {
      taskQueue: files.taskQueue,
      workflowId: `setup-${orgId}`,
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    });
  };
  const activations = (name: string) => files.effects.callsOf(name) as ActivationRecord[];

  it('the first administrator chooses for the organisation and activates it; the second chooses only their own login', async () => {
    const handle = await start('dk-cvr-setup-two');

    // `separate`, as forms sent it before the means were named, is the MitID app, and recorded as such.
    const first = await complete(
      files.env.client,
      handle.workflowId,
      'setup-organization',
      person('ada', 'Ada Admin'),
      { allowPrivateMitId: false, separateMeans: ['app'], ownLoginMethod: 'separate' },
      'admin-0',
    );
    assert.equal(first.stage, 'active');
    assert.deepEqual(
      activations('activateOrganization').map((a) => [a.loginPolicy, a.administrator]),
      [
        [
          { allowPrivateMitId: false, separateMeans: ['app'] },
          { email: 'ada@example.dk', subject: 'ada', loginMethod: 'app' },
        ],
      ],
    );
    // The organisation is set up now: Bent's page says so, and he chooses his own login only.
    const bent = await pendingStep(files.env.client, handle.workflowId, 'setup-organization', 'admin-1');
    assert.equal(bent.context?.organizationSetUp, true);
    assert.deepEqual(bent.context?.loginPolicy, { allowPrivateMitId: false, separateMeans: ['app'] });
    const bentChooses = (ownLoginMethod: string) =>
      handle.executeUpdate(completeStepUpdate, {
        args: [
          {
            step: 'setup-organization',
            key: 'admin-1',
            linkId: bent.linkId,
            actor: person('bent', 'Bent Admin'),
            input: { ownLoginMethod },
          },
        ],
      });
    await refusedWith(bentChooses('private'), 'invalid', 'private-mitid-not-allowed');
    await refusedWith(bentChooses('chip'), 'invalid', 'means-not-offered');
    // The organisation then offers the chip through its login policy: Bent may choose it now.
    await handle.signal(loginPolicyChangedSignal, { allowPrivateMitId: false, separateMeans: ['app', 'chip'] });
    await bentChooses('chip');

    const result: OrganizationSetupResult = await handle.result();
    assert.equal(result.stage, 'completed');
    assert.deepEqual(result.loginPolicy, { allowPrivateMitId: false, separateMeans: ['app', 'chip'] });
    assert.deepEqual(
      activations('activateAdministrator').map((a) => a.administrator),
      [{ email: 'bent@example.dk', subject: 'bent', loginMethod: 'chip' }],
    );
    assert.equal(activations('activateOrganization').length, 1, 'the organisation is activated once');
    // Each setup was answered in the workflow task that took it, its record written inside it.
    const history = await handle.fetchHistory();
    assert.deepEqual(
      updateRoundTrips(history, () => true).map((trip) => trip.workflowTasks),
      [1, 1],
    );
    // As it starts (beside the approval that started it), the setup asks one patch, standing for every other.
    assert.deepEqual(patchMarkers(history), [everyAdministratorsLinkDecides]);
    // Active from the first setup while the second administrator was still to come.
    assert.deepEqual(stageUpserts(history), ['awaiting-setup', 'active', 'completed']);
    assert.deepEqual(
      files.effects
        .invitations('setup-organization')
        .map((m) => m.recipient.email)
        .sort(),
      ['ada@example.dk', 'bent@example.dk'],
    );
  });

  it('refuses a first choice without the organisation policy, other means than the app, no login method at all, and an own login not offered', async () => {
    const handle = await start('dk-cvr-setup-refused', administrators.slice(0, 1));
    const pending = await pendingStep(files.env.client, handle.workflowId, 'setup-organization', 'admin-0');
    const attempt = (input: unknown) =>
      handle.executeUpdate(completeStepUpdate, {
        args: [
          {
            step: 'setup-organization',
            key: 'admin-0',
            linkId: pending.linkId,
            actor: person('ada', 'Ada Admin'),
            input,
          },
        ],
      });
    await refusedWith(attempt({ ownLoginMethod: 'private' }), 'invalid', 'first-administrator-sets-policy');
    await refusedWith(
      attempt({ allowPrivateMitId: true, separateMeans: ['app', 'code_display'], ownLoginMethod: 'private' }),
      'invalid',
      'means-offered-after-setup',
    );
    await refusedWith(
      attempt({ allowPrivateMitId: false, separateMeans: [], ownLoginMethod: 'private' }),
      'invalid',
      'login-method-required',
    );
    await refusedWith(
      attempt({ allowPrivateMitId: false, separateMeans: ['app'], ownLoginMethod: 'private' }),
      'invalid',
      'private-mitid-not-allowed',
    );
    await refusedWith(
      attempt({ allowPrivateMitId: true, separateMeans: [], ownLoginMethod: 'separate' }),
      'invalid',
      'means-not-offered',
    );
    assert.deepEqual(activations('activateOrganization'), []);
    await complete(
      files.env.client,
      handle.workflowId,
      'setup-organization',
      person('ada', 'Ada Admin'),
      { allowPrivateMitId: true, separateMeans: [], ownLoginMethod: 'private' },
      'admin-0',
    );
    assert.equal((await handle.result()).stage, 'completed');
  });

  it('lets only the person the link was sent to set up, until an operator re-sends it to a corrected person', async () => {
    const handle = await start('dk-cvr-setup-bound', [{ name: 'Søren Aabye Kierkegaard', email: 'soren@example.dk' }]);
    const pending = await pendingStep(files.env.client, handle.workflowId, 'setup-organization', 'admin-0');
    const input = { allowPrivateMitId: true, separateMeans: [], ownLoginMethod: 'private' };
    const attempt = (linkId: string | undefined, actor: ReturnType<typeof person>) =>
      handle.executeUpdate(completeStepUpdate, {
        args: [{ step: 'setup-organization', key: 'admin-0', linkId, actor, input }],
      });
    // A forwarded link: whoever logs in with another MitID is refused, and told whom the link was for.
    const forwarded = await refusedWith(
      attempt(pending.linkId, person('mallory', 'Mallory Example')),
      'wrongPerson',
      'sent-to-another-person',
    );
    assert.deepEqual(forwarded.details, [
      {
        rule: 'sent-to-another-person',
        recipientName: 'Søren Aabye Kierkegaard',
        organizationId: 'dk-cvr-setup-bound',
      },
    ]);
    assert.deepEqual(
      activations('activateOrganization').filter((a) => a.orgId === 'dk-cvr-setup-bound'),
      [],
    );

    // The operator corrects the recipient: the old link is superseded and the new person's link works.
    await handle.executeUpdate(resendStepUpdate, {
      args: [
        {
          step: 'setup-organization',
          key: 'admin-0',
          actor: operator,
          recipient: { name: 'Jürgen Groß', email: 'juergen@example.de' },
        },
      ],
    });
    const resent = await pendingStep(files.env.client, handle.workflowId, 'setup-organization', 'admin-0');
    assert.deepEqual(resent.recipient, { name: 'Jürgen Groß', email: 'juergen@example.de' });
    // Mail goes out beside the wait: both invitations, in whichever order the follow-up worker sent them.
    const invited = () =>
      files.effects
        .invitations('setup-organization')
        .filter((m) => m.workflowId === handle.workflowId)
        .map((m) => m.recipient.email)
        .sort();
    await eventually('both invitations', async () => invited().length === 2);
    assert.deepEqual(invited(), ['juergen@example.de', 'soren@example.dk']);
    await refusedWith(attempt(pending.linkId, person('juergen', 'Juergen Gross')), 'superseded');
    const notSoren = await refusedWith(
      attempt(resent.linkId, person('soren', 'Soren Kierkegaard')),
      'wrongPerson',
      'sent-to-another-person',
    );
    assert.deepEqual(notSoren.details, [
      { rule: 'sent-to-another-person', recipientName: 'Jürgen Groß', organizationId: 'dk-cvr-setup-bound' },
    ]);
    const answer = await attempt(resent.linkId, person('juergen', 'Juergen Gross'));
    assert.equal(answer.stage, 'completed');
    assert.equal((await handle.result()).stage, 'completed');
    // The only administrator's setup completes the process in its task: the Web UI sees `completed` alone.
    assert.deepEqual(stageUpserts(await handle.fetchHistory()), ['awaiting-setup', 'completed']);
  });

  it('reminds every 7 days and expires after 60 when nobody sets the organisation up', async () => {
    const handle = await start('dk-cvr-setup-lapsed', administrators.slice(0, 1));
    const result = await handle.result();
    assert.equal(result.stage, 'expired');
    assert.deepEqual(result.administrators, [{ email: 'ada@example.dk', outcome: 'expired' }]);
    // Reminders on days 7, 14, ..., 56; none after the link lapsed on day 60.
    const reminders = files.effects
      .invitations('setup-organization', 'reminder')
      .filter((m) => m.workflowId === handle.workflowId);
    assert.deepEqual(
      reminders.map((m) => m.reminderNumber),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    assert.deepEqual(activations('activateOrganization'), []);
    assert.deepEqual(files.effects.callsOf('recordSetupExpired'), [
      {
        eventKey: `${handle.workflowId}/${handle.firstExecutionRunId}:setup-expired`,
        orgId: 'dk-cvr-setup-lapsed',
        administrators: ['ada@example.dk'],
      },
    ]);
    const described = await handle.describe();
    assert.equal(described.typedSearchAttributes.get(searchAttributes.onboardingStage), 'expired');
  });

  it('is restarted under the same id after it expired: new links for the lapsed administrators, and the first to set up activates the organisation', async () => {
    const orgId = 'dk-cvr-setup-restarted';
    const first = await start(orgId);
    assert.equal((await first.result()).stage, 'expired');
    const lapsedLinks = files.effects
      .invitations('setup-organization')
      .filter((m) => m.workflowId === first.workflowId)
      .map((m) => m.linkId);

    const second = await start(orgId);
    assert.notEqual(second.firstExecutionRunId, first.firstExecutionRunId);
    const ada = await pendingStep(files.env.client, second.workflowId, 'setup-organization', 'admin-0');
    assert.ok(!lapsedLinks.includes(ada.linkId), 'a new link, not the lapsed one');
    // The new run's mail is its own (keyed by its first run id), so it is sent, not taken for the old one's.
    const invited = () =>
      files.effects
        .invitations('setup-organization')
        .filter((m) => m.workflowId === second.workflowId && m.runKey === second.firstExecutionRunId)
        .map((m) => m.recipient.email)
        .sort();
    await eventually("the new run's invitations", async () => invited().length === 2);
    assert.deepEqual(invited(), ['ada@example.dk', 'bent@example.dk']);
    await complete(
      files.env.client,
      second.workflowId,
      'setup-organization',
      person('ada', 'Ada Admin'),
      { allowPrivateMitId: true, separateMeans: ['app'], ownLoginMethod: 'private' },
      'admin-0',
    );
    await complete(
      files.env.client,
      second.workflowId,
      'setup-organization',
      person('bent', 'Bent Admin'),
      { ownLoginMethod: 'app' },
      'admin-1',
    );
    assert.equal((await second.result()).stage, 'completed');
    assert.deepEqual(
      activations('activateOrganization').map((a) => a.orgId),
      [orgId],
    );
    assert.deepEqual(
      activations('activateAdministrator').map((a) => a.administrator.loginMethod),
      ['app'],
    );
  });

  it("restarts for an administrator who lapsed after the organisation was set up: they choose only their own login within the organisation's policy", async () => {
    const handle = await start('dk-cvr-setup-later', [administrators[1]!], {
      allowPrivateMitId: true,
      separateMeans: ['app', 'code_display'],
    });
    const bent = await pendingStep(files.env.client, handle.workflowId, 'setup-organization', 'admin-0');
    assert.equal(bent.context?.organizationSetUp, true);
    await complete(
      files.env.client,
      handle.workflowId,
      'setup-organization',
      person('bent', 'Bent Admin'),
      { ownLoginMethod: 'code_display' },
      'admin-0',
    );
    assert.equal((await handle.result()).stage, 'completed');
    assert.deepEqual(activations('activateOrganization'), [], 'the organisation was set up before');
    assert.deepEqual(
      activations('activateAdministrator').map((a) => a.administrator),
      [{ email: 'bent@example.dk', subject: 'bent', loginMethod: 'code_display' }],
    );
  });

  describe("several administrators' links decide: each click judged under the policy its claim found", () => {
    /** The click the API claims on the administrator's link, with what it was judged under. */
    const claimOf = async (
      workflowId: string,
      key: string,
      who: [string, string],
      input: object,
      judged: ClaimedStep['judged'],
    ): Promise<ClaimedStep> => {
      const waiting = await pendingStep(files.env.client, workflowId, 'setup-organization', key);
      return { step: 'setup-organization', key, linkId: waiting.linkId!, actor: person(...who), input, judged };
    };
    const policy = { allowPrivateMitId: false, separateMeans: ['app' as const] };
    /** Ada's click, which chose `policy`, and Bent's, judged after it under that policy. */
    const chosenThenJudged = async (workflowId: string) => {
      const ada = await claimOf(workflowId, 'admin-0', ['ada', 'Ada Admin'], { ...policy, ownLoginMethod: 'app' }, {});
      const bent = await claimOf(
        workflowId,
        'admin-1',
        ['bent', 'Bent Admin'],
        { ownLoginMethod: 'app' },
        { loginPolicy: policy, after: ada.linkId },
      );
      return { ada, bent };
    };

    it('takes a later click after the one that chose the policy, whichever signal came first', async () => {
      const handle = await start('dk-cvr-setup-claims');
      const { ada, bent } = await chosenThenJudged(handle.workflowId);
      const invitation = files.effects
        .invitations('setup-organization')
        .find((m) => m.workflowId === handle.workflowId && m.key === 'admin-1')!;
      assert.deepEqual(invitation.acceptance, {
        recipientName: 'Bent Admin',
        rule: {
          name: 'setup',
          organizationId: 'dk-cvr-setup-claims',
          run: `${handle.workflowId}/${invitation.runKey}`,
        },
        stageAfter: { '*': 'active' },
        stageWhenLast: 'completed',
      });
      // Bent's signal first: the process holds it until it has Ada's, who chose.
      await handle.signal(stepClaimedSignal, bent);
      await handle.signal(stepClaimedSignal, ada);
      assert.equal((await handle.result()).stage, 'completed');
      assert.deepEqual(
        activations('activateOrganization').map((a) => [a.loginPolicy, a.administrator.email]),
        [[policy, 'ada@example.dk']],
      );
      assert.deepEqual(
        activations('activateAdministrator').map((a) => a.administrator.email),
        ['bent@example.dk'],
      );
    });

    it('takes a click judged under a policy the organisation has changed since, as it was answered', async () => {
      const open = { allowPrivateMitId: true, separateMeans: ['app' as const] };
      const handle = await start('dk-cvr-setup-changed');
      const ada = await claimOf(
        handle.workflowId,
        'admin-0',
        ['ada', 'Ada Admin'],
        { ...open, ownLoginMethod: 'app' },
        {},
      );
      await handle.signal(stepClaimedSignal, ada);
      await eventually('the organisation activated', async () => activations('activateOrganization')[0]);
      const bent = await claimOf(
        handle.workflowId,
        'admin-1',
        ['bent', 'Bent Admin'],
        { ownLoginMethod: 'private' },
        { loginPolicy: open },
      );
      // The organisation withdraws the private MitID after Bent's claim was judged, before the process has it.
      await handle.signal(loginPolicyChangedSignal, policy);
      await handle.signal(stepClaimedSignal, bent);
      assert.equal((await handle.result()).stage, 'completed');
      assert.deepEqual(
        activations('activateAdministrator').map((a) => a.administrator),
        [{ email: 'bent@example.dk', subject: 'bent', loginMethod: 'private' }],
      );
    });

    it("a later click whose link lapses before the chooser's signal came: closing it finds both, chooser first", async () => {
      const handle = await start('dk-cvr-setup-untold');
      const { ada, bent } = await chosenThenJudged(handle.workflowId);
      files.effects.claimedUntold(ada);
      files.effects.claimedUntold(bent);
      await handle.signal(stepClaimedSignal, bent);
      const result: OrganizationSetupResult = await handle.result();
      assert.deepEqual(
        [result.stage, result.administrators.map((a) => a.outcome)],
        ['completed', ['active', 'active']],
      );
      // Ada activated the organisation, Bent himself. By event key: the time-skipping server may let the task that
      // ran the records time out (its clock jumps to the other timers), and the retry runs them again.
      const recorded = (name: string) =>
        new Set(
          files.effects
            .callsOf(name)
            .map(
              (call) => `${(call as { eventKey: string }).eventKey} ${(call as ActivationRecord).administrator.email}`,
            ),
        );
      assert.deepEqual(
        [...recorded('activateOrganization'), ...recorded('activateAdministrator')].map((entry) => entry.split(' ')[1]),
        ['ada@example.dk', 'bent@example.dk'],
      );
    });
  });
});
