// The organisation-setup process on the time-skipping server: the first administrator chooses the
// organisation's login policy and their own login, later ones only their own; the choice is checked
// against what the organisation offers; reminders every 7 days, expiry after 60.
import assert from 'node:assert/strict';
import { defaultDurations } from '../../temporal.config';
import type { OrganizationSetupInput, OrganizationSetupResult } from '../../workflows/organization-setup.messages';
import { completeStepUpdate, resendStepUpdate } from '../../workflows/process.messages';
import { complete, operator, pendingStep, person, refusedWith } from '../support/process-driver';
import { fileWorker } from '../support/time-skipping';

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
  const files = fileWorker('setup-tests', (current) => ({
    activateOrganization: (args: unknown) => current().record('activateOrganization', () => undefined)(args),
    activateAdministrator: (args: unknown) => current().record('activateAdministrator', () => undefined)(args),
  }));

  const start = (orgId: string, admins = administrators) => {
    const input: OrganizationSetupInput = { organization: { orgId, name: 'Nordisk Testfabrik ApS', country: 'DK' }, administrators: admins, timing: defaultDurations.setup };
    return files.env.client.workflow.start('organizationSetup', { taskQueue: files.taskQueue, workflowId: `setup-${orgId}`, args: [input] });
  };
  const activations = (name: string) => files.effects.callsOf(name) as ActivationRecord[];

  it('the first administrator chooses for the organisation and activates it; the second chooses only their own login', async () => {
    const handle = await start('dk-cvr-setup-two');

    const first = await complete(files.env.client, handle.workflowId, 'setup-organization', person('ada', 'Ada Admin'), { allowPrivateMitId: false, separateMeans: ['app', 'chip'], ownLoginMethod: 'separate' }, 'admin-0');
    assert.equal(first.state, 'active');
    assert.deepEqual(activations('activateOrganization').map((a) => [a.loginPolicy, a.administrator]), [
      [{ allowPrivateMitId: false, separateMeans: ['app', 'chip'] }, { email: 'ada@example.dk', subject: 'ada', loginMethod: 'separate' }],
    ]);
    // The organisation is set up now: Bent's page says so, and he chooses his own login only.
    const bent = await pendingStep(files.env.client, handle.workflowId, 'setup-organization', 'admin-1');
    assert.equal(bent.context?.organizationSetUp, true);
    await complete(files.env.client, handle.workflowId, 'setup-organization', person('bent', 'Bent Admin'), { ownLoginMethod: 'private' }, 'admin-1');

    const result: OrganizationSetupResult = await handle.result();
    assert.equal(result.stage, 'completed');
    assert.deepEqual(result.loginPolicy, { allowPrivateMitId: false, separateMeans: ['app', 'chip'] });
    assert.deepEqual(activations('activateAdministrator').map((a) => a.administrator), [{ email: 'bent@example.dk', subject: 'bent', loginMethod: 'private' }]);
    assert.equal(activations('activateOrganization').length, 1, 'the organisation is activated once');
    assert.deepEqual(files.effects.invitations('setup-organization').map((m) => m.recipient.email).sort(), ['ada@example.dk', 'bent@example.dk']);
  });

  it('refuses a first choice without the organisation policy, and a separate login the organisation does not offer', async () => {
    const handle = await start('dk-cvr-setup-refused', administrators.slice(0, 1));
    const pending = await pendingStep(files.env.client, handle.workflowId, 'setup-organization', 'admin-0');
    const attempt = (input: unknown) =>
      handle.executeUpdate(completeStepUpdate, { args: [{ step: 'setup-organization', key: 'admin-0', linkId: pending.linkId, actor: person('ada', 'Ada Admin'), input }] });
    await refusedWith(attempt({ ownLoginMethod: 'private' }), /first administrator chooses allowPrivateMitId and separateMeans/);
    await refusedWith(attempt({ allowPrivateMitId: true, separateMeans: [], ownLoginMethod: 'separate' }), /offers no separate MitID means/);
    assert.deepEqual(activations('activateOrganization'), []);
    await complete(files.env.client, handle.workflowId, 'setup-organization', person('ada', 'Ada Admin'), { allowPrivateMitId: true, separateMeans: [], ownLoginMethod: 'private' }, 'admin-0');
    assert.equal((await handle.result()).stage, 'completed');
  });

  it('lets only the person the link was sent to set up, until an operator re-sends it to a corrected person', async () => {
    const handle = await start('dk-cvr-setup-bound', [{ name: 'Søren Aabye Kierkegaard', email: 'soren@example.dk' }]);
    const pending = await pendingStep(files.env.client, handle.workflowId, 'setup-organization', 'admin-0');
    const input = { allowPrivateMitId: true, separateMeans: [], ownLoginMethod: 'private' };
    const attempt = (linkId: string | undefined, actor: ReturnType<typeof person>) =>
      handle.executeUpdate(completeStepUpdate, { args: [{ step: 'setup-organization', key: 'admin-0', linkId, actor, input }] });
    // A forwarded link: whoever logs in with another MitID is refused, and told whom the link was for.
    await refusedWith(attempt(pending.linkId, person('mallory', 'Mallory Example')), /^This link was sent to Søren Aabye Kierkegaard$/);
    assert.deepEqual(activations('activateOrganization').filter((a) => a.orgId === 'dk-cvr-setup-bound'), []);

    // The operator corrects the recipient: the old link is superseded and the new person's link works.
    await handle.executeUpdate(resendStepUpdate, { args: [{ step: 'setup-organization', key: 'admin-0', actor: operator, recipient: { name: 'Jürgen Groß', email: 'juergen@example.de' } }] });
    const resent = await pendingStep(files.env.client, handle.workflowId, 'setup-organization', 'admin-0');
    assert.deepEqual(resent.recipient, { name: 'Jürgen Groß', email: 'juergen@example.de' });
    assert.deepEqual(files.effects.invitations('setup-organization').filter((m) => m.workflowId === handle.workflowId).map((m) => m.recipient.email), ['soren@example.dk', 'juergen@example.de']);
    await refusedWith(attempt(pending.linkId, person('juergen', 'Juergen Gross')), /replaced by a newer one/);
    await refusedWith(attempt(resent.linkId, person('soren', 'Soren Kierkegaard')), /^This link was sent to Jürgen Groß$/);
    await attempt(resent.linkId, person('juergen', 'Juergen Gross'));
    assert.equal((await handle.result()).stage, 'completed');
  });

  it('reminds every 7 days and expires after 60 when nobody sets the organisation up', async () => {
    const handle = await start('dk-cvr-setup-lapsed', administrators.slice(0, 1));
    const result = await handle.result();
    assert.equal(result.stage, 'expired');
    assert.deepEqual(result.administrators, [{ email: 'ada@example.dk', outcome: 'expired' }]);
    // Reminders on days 7, 14, ..., 56; none after the link lapsed on day 60.
    const reminders = files.effects.invitations('setup-organization', 'reminder').filter((m) => m.workflowId === handle.workflowId);
    assert.deepEqual(reminders.map((m) => m.reminderNumber), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(activations('activateOrganization'), []);
  });
});
