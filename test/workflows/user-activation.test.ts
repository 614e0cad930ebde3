// The user-activation and bulk-activation processes on the time-skipping server: every outcome of the
// `activate-user` step (approve, reject, expiry after a reminder), re-sending with link rotation,
// activating again after a rejection or a lapse, and a bulk activation paging through groups with continue-as-new.
import assert from 'node:assert/strict';
import type { ActivationGroupRequest, ActivationGroupResult } from '../../activities/activations';
import type { ActivationOutcomeRecord } from '../../activities/users';
import { defaultDurations, followUpTaskQueue } from '../../temporal.config';
import type { ActivationProgress, BulkActivationInput } from '../../workflows/bulk-activation.messages';
import {
  completeStepUpdate,
  mayActQuery,
  resendStepUpdate,
  stepClaimedSignal,
  type Actor,
  type ClaimedStep,
} from '../../workflows/process.messages';
import type { UserActivationInput, UserActivationResult } from '../../workflows/user-activation.messages';
import { patchMarkers } from '../support/history';
import { complete, operator, pendingStep, person, refusedWith } from '../support/process-driver';
import { fileWorker, timeSkippingServer } from '../support/time-skipping';
import { eventually } from '../support/wait';
import { updateRoundTrips } from '../../bench/update-round-trips';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import type { AuditEvent } from '../../db/audit';
import type { EmailRequest } from '../../activities/mail/mailer';
import type { StepMessageRequest } from '../../activities/steps';
import { workflowBundle } from '../support/bundle';
import { linksDecideTheClicks } from '../../workflows/human-step';

const organization = { orgId: 'dk-cvr-12345678', name: 'Nordisk Testfabrik ApS', language: 'da' as const };
const users = [
  { userId: '00000000-0000-4000-8000-000000000001', name: 'Anna Andersen', email: 'anna@example.dk' },
  { userId: '00000000-0000-4000-8000-000000000002', name: 'Bo Berg', email: 'bo@example.dk' },
  { userId: '00000000-0000-4000-8000-000000000003', name: 'Carl Clausen', email: 'carl@example.dk' },
];

const broker: Actor = { kind: 'broker', broker: 'mitid-broker-test' };

function activation(overrides: Partial<UserActivationInput> = {}): UserActivationInput {
  return {
    organization,
    batchId: 'batch-1',
    loginMethod: 'private',
    users: [users[0]!],
    timing: defaultDurations.activation,
    ...overrides,
  };
}

describe('user activation workflows (time-skipping)', () => {
  let pages: ActivationGroupResult[];
  let progress: ActivationProgress[];
  const files = fileWorker('user-activation-tests', {
    recordActivationOutcome: () => undefined,
    startActivationGroup: () => pages.shift() ?? { users: 0, lastUserId: null, workflowId: null },
    activationProgress: () => progress.shift()!,
  });
  const { taskQueue } = files;
  beforeEach(() => {
    pages = [];
    progress = [];
  });

  const start = (workflowId: string, input: UserActivationInput) =>
    files.env.client.workflow.start('userActivation', { taskQueue, workflowId, args: [input] });
  // A user answers their activation link, logged in with the local part of their e-mail address as subject.
  const decide = (workflowId: string, user: (typeof users)[number], decision: string) =>
    complete(
      files.env.client,
      workflowId,
      'activate-user',
      person(user.email.slice(0, user.email.indexOf('@')), user.name),
      { decision },
      user.userId,
    );
  const outcomesRecorded = () =>
    (files.effects.callsOf('recordActivationOutcome') as ActivationOutcomeRecord[]).map((r) => [r.userId, r.status]);

  it('activates a user who approves private MitID, and records the outcome before answering the click', async () => {
    const handle = await start('activation-approve', activation());
    const step = await pendingStep(files.env.client, handle.workflowId, 'activate-user', users[0]!.userId);
    assert.deepEqual(step.recipient, { name: users[0]!.name, email: users[0]!.email });
    assert.equal(step.context?.loginMethod, 'private');
    assert.equal(step.requiresLogin, true);
    const answer = await decide(handle.workflowId, users[0]!, 'approve');
    assert.equal(answer.stage, 'completed');
    assert.deepEqual(outcomesRecorded(), [[users[0]!.userId, 'active']]);
    const result: UserActivationResult = await handle.result();
    assert.deepEqual(result.outcomes, { [users[0]!.userId]: 'active' });
    // Answered in the workflow task that took the click, the outcome written inside it, and the step's audit row
    // with it: no activity of its own.
    const history = await handle.fetchHistory();
    assert.deepEqual(
      updateRoundTrips(history, () => true).map((trip) => trip.workflowTasks),
      [1],
    );
    assert.deepEqual(
      (files.effects.callsOf('recordActivationOutcome') as ActivationOutcomeRecord[])
        .flatMap((record) => record.audit ?? [])
        .map((event) => `${event.action} ${event.outcome}`),
      ['step:activate-user completed'],
    );
    assert.ok(
      !(history.events ?? []).some(
        (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'recordAudit',
      ),
    );
    const invitation = files.effects.invitations('activate-user')[0]!;
    assert.equal(invitation.key, users[0]!.userId);
    assert.equal(invitation.language, 'da');
    const description = await handle.describe();
    assert.deepEqual(description.searchAttributes.ProcessType, ['user-activation']);
    assert.deepEqual(description.searchAttributes.OrganizationId, [organization.orgId]);
  });

  it('answers a user who clicks while their group is still being mailed, and ends only once every e-mail is out', async () => {
    const mail = files.effects.holdMail();
    try {
      const handle = await start('activation-while-mailing', activation({ users: users.slice(0, 2) }));
      await pendingStep(files.env.client, handle.workflowId, 'activate-user', users[0]!.userId);
      const answer = await decide(handle.workflowId, users[0]!, 'approve');
      assert.equal(answer.stage, 'awaiting-users');
      assert.deepEqual(outcomesRecorded(), [[users[0]!.userId, 'active']]);
      await decide(handle.workflowId, users[1]!, 'reject');
      // Everyone has answered, but the group's invitations are still on their way: the process waits for them.
      assert.equal((await handle.describe()).status.name, 'RUNNING');
      mail.release();
      assert.deepEqual((await handle.result()).outcomes, {
        [users[0]!.userId]: 'active',
        [users[1]!.userId]: 'rejected',
      });
    } finally {
      mail.release();
    }
  });

  it("carries a foreign company's own country (Country search attribute); an input without one is DK", async () => {
    const foreign = {
      orgId: 'se-foreign-company-svensk-test-ab',
      name: 'Svensk Test AB',
      language: 'en' as const,
      country: 'SE',
    };
    const handle = await start('activation-foreign', activation({ organization: foreign }));
    const earlier = await start('activation-country-unnamed', activation());
    // Set by the first workflow task: once the step waits, it has run.
    for (const started of [handle, earlier])
      await pendingStep(files.env.client, started.workflowId, 'activate-user', users[0]!.userId);
    assert.deepEqual((await handle.describe()).searchAttributes.Country, ['SE']);
    assert.deepEqual((await earlier.describe()).searchAttributes.Country, ['DK']);
    for (const started of [handle, earlier]) {
      await decide(started.workflowId, users[0]!, 'approve');
      await started.result();
    }
  });

  it('records a rejection of the private MitID, and refuses `activate` for it', async () => {
    const handle = await start('activation-reject', activation());
    await refusedWith(
      decide(handle.workflowId, users[0]!, 'activate'),
      'invalid',
      'private-mitid-is-approved-or-rejected',
    );
    await decide(handle.workflowId, users[0]!, 'reject');
    assert.deepEqual((await handle.result()).outcomes, { [users[0]!.userId]: 'rejected' });
    assert.deepEqual(outcomesRecorded(), [[users[0]!.userId, 'rejected']]);
  });

  describe('links that decide: a click claimed on its link, told by signal', () => {
    /** The click the API claims on the user's newest invitation link, as it would send it. */
    const claimOf = async (
      workflowId: string,
      user: (typeof users)[number],
      decision: string,
      next?: ClaimedStep['next'],
    ) => {
      const waiting = await pendingStep(files.env.client, workflowId, 'activate-user', user.userId);
      const claim: ClaimedStep = {
        step: 'activate-user',
        key: user.userId,
        linkId: waiting.linkId!,
        actor: person(user.email.slice(0, user.email.indexOf('@')), user.name),
        input: { decision },
        ...(next ? { next } : {}),
      };
      return claim;
    };
    const invitationOf = (workflowId: string, user: (typeof users)[number]) =>
      files.effects.invitations('activate-user').find((m) => m.workflowId === workflowId && m.key === user.userId)!;

    it('writes on each link what it accepts, and takes a claimed click once, however often it is signalled', async () => {
      const handle = await start('claims-private', activation({ users: users.slice(0, 2) }));
      const claim = await claimOf(handle.workflowId, users[0]!, 'approve');
      assert.deepEqual(invitationOf(handle.workflowId, users[0]!).acceptance, {
        recipientName: users[0]!.name,
        rule: { name: 'activation-decision', separate: false },
        stageAfter: { '*': 'awaiting-users' },
        stageWhenLast: 'completed',
      });
      await handle.signal(stepClaimedSignal, claim);
      await handle.signal(stepClaimedSignal, claim);
      await handle.signal(stepClaimedSignal, await claimOf(handle.workflowId, users[1]!, 'reject'));
      assert.deepEqual((await handle.result()).outcomes, {
        [users[0]!.userId]: 'active',
        [users[1]!.userId]: 'rejected',
      });
      assert.deepEqual(outcomesRecorded().sort(), [
        [users[0]!.userId, 'active'],
        [users[1]!.userId, 'rejected'],
      ]);
      // Each completion audited once, with the outcome's own record.
      assert.deepEqual(
        files.effects
          .callsOf('recordAudit')
          .filter((event) => event.workflowId === handle.workflowId && event.outcome === 'completed').length,
        2,
      );
    });

    it('mails the means step under the link the click was answered with, valid as long as the answer said', async () => {
      const handle = await start('claims-means', activation({ loginMethod: 'app' }));
      const next = { linkId: '00000000-0000-4000-8000-00000000abcd', expiresAt: '2030-01-01T00:00:00.000Z' };
      const claim = await claimOf(handle.workflowId, users[0]!, 'activate', next);
      assert.deepEqual(invitationOf(handle.workflowId, users[0]!).acceptance?.nextAfter, {
        activate: { step: 'activate-means', expireAfterMs: 14 * 86_400_000 },
      });
      await handle.signal(stepClaimedSignal, claim);
      // The step's link and deadline are the invitation's: those of the answer. Its own link is decided by the
      // process (only the broker's confirmation completes it).
      const means = await eventually('the means invitation', async () =>
        files.effects.invitations('activate-means').find((m) => m.workflowId === handle.workflowId),
      );
      assert.deepEqual([means.linkId, means.expiresAt, means.acceptance], [next.linkId, next.expiresAt, undefined]);
      // Nobody confirms the means: it lapses when the answer said its link would.
      assert.deepEqual((await handle.result()).outcomes, { [users[0]!.userId]: 'expired' });
      const lapsed = files.effects
        .callsOf('recordAudit')
        .find((event) => event.workflowId === handle.workflowId && event.outcome === 'expired');
      assert.equal(lapsed?.action, 'step:activate-means');
      assert.ok(Date.parse(lapsed!.at) >= Date.parse(next.expiresAt), lapsed!.at);
    });

    it('takes a click claimed before the step lapsed whose signal never came, found as it closes the link', async () => {
      const handle = await start('claims-untold', activation({ users: users.slice(0, 2) }));
      const claim = await claimOf(handle.workflowId, users[0]!, 'approve');
      await claimOf(handle.workflowId, users[1]!, 'approve');
      files.effects.claimedUntold(claim);
      assert.deepEqual((await handle.result()).outcomes, {
        [users[0]!.userId]: 'active',
        [users[1]!.userId]: 'expired',
      });
      // Both links closed as the steps lapsed, in one call: only Bo's was still open.
      assert.deepEqual(
        files.effects.callsOf('closeStepLinks').map((ids) => ids.length),
        [2],
      );
    });

    it('refuses to re-send a step whose link was claimed meanwhile, and takes the click', async () => {
      const handle = await start('claims-resend', activation());
      const claim = await claimOf(handle.workflowId, users[0]!, 'reject');
      files.effects.claimedUntold(claim);
      await refusedWith(
        handle.executeUpdate(resendStepUpdate, {
          args: [{ step: 'activate-user', key: users[0]!.userId, actor: operator }],
        }),
        'notPending',
      );
      assert.deepEqual((await handle.result()).outcomes, { [users[0]!.userId]: 'rejected' });
      assert.deepEqual(files.effects.callsOf('closeStepLinks'), [[claim.linkId]]);
    });
  });

  describe('a separate means (MitID app)', () => {
    const brokerConfirms = async (workflowId: string, userId: string) => {
      const waiting = await pendingStep(files.env.client, workflowId, 'activate-means', userId);
      return files.env.client.workflow.getHandle(workflowId).executeUpdate(completeStepUpdate, {
        args: [
          {
            step: 'activate-means',
            key: userId,
            linkId: waiting.linkId,
            actor: broker,
            input: { activationId: 'activation-1' },
          },
        ],
      });
    };

    it('is activated, not approved: the user stays pending until the broker confirms the activation', async () => {
      const handle = await start('means-activate', activation({ loginMethod: 'app' }));
      const anna = person('anna', 'Anna Andersen');
      await refusedWith(
        complete(files.env.client, handle.workflowId, 'activate-user', anna, { decision: 'approve' }, users[0]!.userId),
        'invalid',
        'separate-means-is-activated',
      );
      await refusedWith(
        complete(files.env.client, handle.workflowId, 'activate-user', anna, { decision: 'reject' }, users[0]!.userId),
        'invalid',
        'separate-means-is-activated',
      );
      const chosen = await complete(
        files.env.client,
        handle.workflowId,
        'activate-user',
        anna,
        { decision: 'activate' },
        users[0]!.userId,
      );
      // The click is answered with the step that waits for the means: its link hands out the codes.
      const waiting = await pendingStep(files.env.client, handle.workflowId, 'activate-means', users[0]!.userId);
      assert.deepEqual([chosen.next?.step, chosen.next?.linkId], ['activate-means', waiting.linkId]);
      assert.equal(Date.parse(waiting.expiresAt) - Date.parse(waiting.since), 14 * 86_400_000);
      assert.deepEqual(outcomesRecorded(), []);
      const means = await eventually(
        'the means invitation',
        async () => files.effects.invitations('activate-means')[0],
      );
      assert.equal(means.recipient.email, users[0]!.email);
      // Only the broker completes it, not the person, nor someone else with the link.
      await refusedWith(
        complete(files.env.client, handle.workflowId, 'activate-means', anna, {}, users[0]!.userId),
        'invalid',
        'means-confirmed-by-broker',
      );
      const canAct = (actor: ReturnType<typeof person>) =>
        handle.query(mayActQuery, { step: 'activate-means', key: users[0]!.userId, linkId: waiting.linkId!, actor });
      assert.deepEqual(await canAct(anna), { allowed: true });
      assert.equal((await canAct(person('namesake', 'Anna Andersen'))).allowed, false);
      await brokerConfirms(handle.workflowId, users[0]!.userId);
      assert.deepEqual((await handle.result()).outcomes, { [users[0]!.userId]: 'active' });
      assert.deepEqual(outcomesRecorded(), [[users[0]!.userId, 'active']]);
      const recorded = files.effects.callsOf('recordActivationOutcome') as ActivationOutcomeRecord[];
      assert.equal(recorded[0]!.actor, 'mitid-broker-test');
    });

    it('reminds the user to finish in the app, then lapses as expired', async () => {
      const timing = { ...defaultDurations.activation, means: { remindAfter: '2 days', expireAfter: '5 days' } };
      const handle = await start('means-lapses', activation({ loginMethod: 'app', timing }));
      await decide(handle.workflowId, users[0]!, 'activate');
      const result = await handle.result();
      assert.deepEqual(result.outcomes, { [users[0]!.userId]: 'expired' });
      // Reminded on days 2 and 4 with the step page's link, then lapsed on day 5.
      const reminders = files.effects
        .invitations('activate-means', 'reminder')
        .filter((m) => m.workflowId === handle.workflowId);
      assert.deepEqual(
        reminders.map((m) => [m.key, m.reminderNumber]),
        [
          [users[0]!.userId, 1],
          [users[0]!.userId, 2],
        ],
      );
      assert.ok(reminders.every((m) => m.linkId === files.effects.invitations('activate-means')[0]!.linkId));
      assert.deepEqual(outcomesRecorded(), [[users[0]!.userId, 'expired']]);
      const expiries = files.effects
        .callsOf('recordAudit')
        .filter((event) => event.workflowId === handle.workflowId && event.outcome === 'expired');
      assert.deepEqual(
        expiries.map((event) => event.action),
        ['step:activate-means'],
      );
    });

    it('a group: each user on their own means wait, one timer for all, one activated, one lapsing, one never choosing', async () => {
      const timing = {
        remindAfter: '27 days',
        expireAfter: '30 days',
        means: { remindAfter: '3 days', expireAfter: '14 days' },
      };
      const handle = await start('means-group', activation({ loginMethod: 'app', users, timing }));
      await decide(handle.workflowId, users[0]!, 'activate');
      await decide(handle.workflowId, users[1]!, 'activate');
      await brokerConfirms(handle.workflowId, users[0]!.userId);
      const result = await handle.result();
      assert.deepEqual(result.outcomes, {
        [users[0]!.userId]: 'active',
        [users[1]!.userId]: 'expired',
        [users[2]!.userId]: 'expired',
      });
      // Bo is reminded every 3 days of his 14 (days 3, 6, 9, 12), Carl once on day 27 of his 30.
      assert.deepEqual(
        files.effects
          .invitations('activate-means', 'reminder')
          .filter((m) => m.workflowId === handle.workflowId)
          .map((m) => m.key),
        Array(4).fill(users[1]!.userId),
      );
      assert.deepEqual(
        files.effects
          .invitations('activate-user', 'reminder')
          .filter((m) => m.workflowId === handle.workflowId)
          .map((m) => m.key),
        [users[2]!.userId],
      );
      const events = (await handle.fetchHistory()).events ?? [];
      assert.equal(
        events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendStepMessage').length,
        0,
      );
      // One timer per distinct deadline, shared by whoever falls due then: the first reminders (day 27, all
      // three), Anna's and Bo's first means reminders, Bo's later ones and his expiry (4), Carl's expiry.
      assert.equal(events.filter((e) => e.timerStartedEventAttributes).length, 1 + 2 + 4 + 1);
    });
  });

  it('keeps each user of a group apart: approve, reject, and one that lapses after a reminder', async () => {
    const handle = await start('activation-group', activation({ users }));
    await decide(handle.workflowId, users[0]!, 'approve');
    await decide(handle.workflowId, users[1]!, 'reject');
    const result = await handle.result();
    assert.deepEqual(result.outcomes, {
      [users[0]!.userId]: 'active',
      [users[1]!.userId]: 'rejected',
      [users[2]!.userId]: 'expired',
    });
    assert.deepEqual(
      files.effects
        .invitations('activate-user')
        .map((m) => m.recipient.email)
        .sort(),
      users.map((u) => u.email).sort(),
    );
    // One reminder (after 27 days), to the one who had not answered, before the 30 days ran out.
    const reminders = files.effects.invitations('activate-user', 'reminder');
    assert.deepEqual(
      reminders.map((m) => m.key),
      [users[2]!.userId],
    );
    assert.ok(
      Date.parse(reminders[0]!.expiresAt) > Date.parse(files.effects.invitations('activate-user')[0]!.expiresAt) - 1,
    );
    assert.deepEqual(
      outcomesRecorded().find(([userId]) => userId === users[2]!.userId),
      [users[2]!.userId, 'expired'],
    );
    // The group's invitations went out from one activity; one timer served all three (reminder, then expiry).
    assert.deepEqual(
      files.effects.callsOf('sendStepMessages').map((batch) => batch.length),
      [3, 1],
    );
    const events = (await handle.fetchHistory()).events ?? [];
    assert.equal(events.filter((e) => e.timerStartedEventAttributes).length, 2);
    assert.equal(
      events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendStepMessage').length,
      0,
    );
  });

  it('re-sends a pending activation: a new link, the old one refused, the 30 days start again', async () => {
    const handle = await start('activation-resend', activation());
    const first = await pendingStep(files.env.client, handle.workflowId, 'activate-user');
    await files.env.sleep('20 days');
    const resent = await handle.executeUpdate(resendStepUpdate, {
      args: [{ step: 'activate-user', key: users[0]!.userId, actor: operator }],
    });
    assert.notEqual(resent.linkId, first.linkId);
    const invitations = files.effects.invitations('activate-user');
    assert.deepEqual(
      invitations.map((m) => m.attempt),
      [0, 1],
    );
    assert.ok(Date.parse(resent.expiresAt) - Date.parse(first.expiresAt) >= 19 * 86_400_000);
    await refusedWith(
      handle.executeUpdate(completeStepUpdate, {
        args: [
          {
            step: 'activate-user',
            key: users[0]!.userId,
            linkId: first.linkId,
            actor: person('anna', 'Anna Andersen'),
            input: { decision: 'approve' },
          },
        ],
      }),
      'superseded',
    );
    // Past the first link's 30 days, within the new one's.
    await files.env.sleep('15 days');
    await decide(handle.workflowId, users[0]!, 'approve');
    assert.deepEqual((await handle.result()).outcomes, { [users[0]!.userId]: 'active' });
  });

  it('one group, two deadlines: a re-sent user is reminded and lapses on their own new dates, the other on the first ones', async () => {
    const handle = await start('activation-two-deadlines', activation({ users: users.slice(0, 2) }));
    await pendingStep(files.env.client, handle.workflowId, 'activate-user', users[1]!.userId);
    await files.env.sleep('20 days');
    await handle.executeUpdate(resendStepUpdate, {
      args: [{ step: 'activate-user', key: users[1]!.userId, actor: operator }],
    });
    // Day 30: Anna lapses (reminded on day 27); Bo, re-sent on day 20, is still pending.
    await files.env.sleep('11 days');
    assert.deepEqual(outcomesRecorded(), [[users[0]!.userId, 'expired']]);
    assert.deepEqual(
      files.effects.invitations('activate-user', 'reminder').map((m) => m.key),
      [users[0]!.userId],
    );
    const result = await handle.result();
    assert.deepEqual(result.outcomes, { [users[0]!.userId]: 'expired', [users[1]!.userId]: 'expired' });
    assert.deepEqual(
      files.effects.invitations('activate-user', 'reminder').map((m) => m.key),
      [users[0]!.userId, users[1]!.userId],
    );
    const bo = files.effects.invitations('activate-user', 'reminder')[1]!;
    assert.ok(
      Date.parse(bo.expiresAt) - Date.parse(files.effects.invitations('activate-user', 'reminder')[0]!.expiresAt) >=
        19 * 86_400_000,
    );
  });

  it('a user who rejected, or whose activation lapsed, is activated again in a new group: the old link is refused, the new one makes them active', async () => {
    const [anna, bo] = [users[0]!, users[1]!];
    // Bo rejects private MitID while Anna's activation in the same group runs on.
    const first = await start('activation-before-again', activation({ users: [anna, bo] }));
    const boOld = await pendingStep(files.env.client, first.workflowId, 'activate-user', bo.userId);
    await decide(first.workflowId, bo, 'reject');
    // Asked again (the means he is given does not change this process's course; e2e: test/e2e/reactivation.test.ts).
    const again = await start('activation-again', activation({ batchId: 'batch-2', users: [bo] }));
    assert.notEqual(
      (await pendingStep(files.env.client, again.workflowId, 'activate-user', bo.userId)).linkId,
      boOld.linkId,
    );
    await refusedWith(
      first.executeUpdate(completeStepUpdate, {
        args: [
          {
            step: 'activate-user',
            key: bo.userId,
            linkId: boOld.linkId,
            actor: person('bo', bo.name),
            input: { decision: 'approve' },
          },
        ],
      }),
      'notPending',
    );
    await decide(again.workflowId, bo, 'approve');
    assert.deepEqual((await again.result()).outcomes, { [bo.userId]: 'active' });
    // Anna lets hers lapse; activated again, she approves within the new 30 days.
    assert.deepEqual((await first.result()).outcomes, { [anna.userId]: 'expired', [bo.userId]: 'rejected' });
    const afterLapse = await start('activation-after-lapse', activation({ batchId: 'batch-3', users: [anna] }));
    await files.env.sleep('29 days');
    await decide(afterLapse.workflowId, anna, 'approve');
    assert.deepEqual((await afterLapse.result()).outcomes, { [anna.userId]: 'active' });
    const recorded = (files.effects.callsOf('recordActivationOutcome') as ActivationOutcomeRecord[]).map((r) => [
      r.workflowId,
      r.userId,
      r.status,
    ]);
    assert.deepEqual(recorded, [
      ['activation-before-again', bo.userId, 'rejected'],
      ['activation-again', bo.userId, 'active'],
      ['activation-before-again', anna.userId, 'expired'],
      ['activation-after-lapse', anna.userId, 'active'],
    ]);
  });

  it('a group nobody answers: one reminder batch, then every step lapses and is audited once', async () => {
    const handle = await start('activation-all-lapse', activation({ users }));
    const result = await handle.result();
    assert.deepEqual(Object.values(result.outcomes), ['expired', 'expired', 'expired']);
    assert.deepEqual(
      files.effects.callsOf('sendStepMessages').map((batch) => batch.length),
      [3, 3],
    );
    const expiries = files.effects
      .callsOf('recordAudit')
      .filter((event) => event.workflowId === handle.workflowId && event.outcome === 'expired');
    assert.deepEqual(
      expiries.map((event) => event.eventKey.split(':step-expired:')[1]).sort(),
      users.map((u) => `activate-user#${u.userId}:0`).sort(),
    );
    // The lapses' audit rows are local activities of the task that records the outcomes, and its patches are
    // asked before them: the history replays.
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, await handle.fetchHistory());
  });

  it('bulk activation: starts a group per page, a bounded number of e-mails ahead, continues as new, until every e-mail is out', async () => {
    pages = [
      { users: 250, lastUserId: 'u-250', workflowId: 'g0' },
      { users: 250, lastUserId: 'u-500', workflowId: 'g1' },
      { users: 10, lastUserId: 'u-510', workflowId: 'g2' },
    ];
    const none = { total: 510, emailed: 0, active: 0, rejected: 0, expired: 0, failed: 0, done: false };
    const partial = { ...none, emailed: 300 };
    // The second group waits until fewer than 400 e-mails are outstanding; then all are out.
    progress = [none, none, partial, partial, partial, { ...partial, emailed: 509, failed: 1, done: true }];
    const input: BulkActivationInput = {
      organization,
      batchId: 'batch-bulk',
      loginMethod: 'app',
      total: 510,
      timing: defaultDurations.activation,
      groupSize: 250,
      usersInFlight: 400,
      pollEvery: '5 seconds',
      historyLimit: 12,
    };
    const handle = await files.env.client.workflow.start('bulkActivation', {
      taskQueue,
      workflowId: 'bulk-activation-test',
      args: [input],
    });
    const result = await handle.result();
    assert.deepEqual(result, { total: 510, emailed: 509, active: 0, rejected: 0, expired: 0, failed: 1, done: true });
    const requests = files.effects.callsOf('startActivationGroup') as ActivationGroupRequest[];
    assert.deepEqual(
      requests.map((r) => [r.after, r.group]),
      [
        ['', 0],
        ['u-250', 1],
        ['u-500', 2],
        ['u-510', 3],
      ],
    );
    assert.ok(requests.every((r) => r.batchId === 'batch-bulk' && r.limit === 250 && r.loginMethod === 'app'));
    assert.equal(files.effects.callsOf('activationProgress').length, 6);
    const description = await handle.describe();
    assert.notEqual(description.runId, description.raw.workflowExecutionInfo?.firstRunId, 'continued as new');
    assert.deepEqual(description.searchAttributes.ProcessType, ['bulk-activation']);
    assert.deepEqual(description.searchAttributes.ProgressTotal, [510]);
    assert.deepEqual(description.searchAttributes.ProgressDone, [510]);
  });

  // A server of its own: the workers this test starts and stops must not hold up time for the file's other tests.
  describe('a group started by a worker without a patch', () => {
    const server = timeSkippingServer();
    it('a group that started without a patch keeps that branch when another worker runs it on: no patch marker after the local activity of a click', async () => {
      const groupQueue = 'activation-without-mail-beside';
      const steps = () => server.effects.stepActivities();
      const activities = {
        sendStepMessage: (request: StepMessageRequest) => steps().sendStepMessage(request),
        sendStepMessages: (requests: StepMessageRequest[]) => steps().sendStepMessages(requests),
        recordAudit: (event: AuditEvent) => steps().recordAudit(event),
        sendEmail: (request: EmailRequest) => steps().sendEmail(request),
        recordActivationOutcome: async () => undefined,
      };
      const runWorkers = async (options: Partial<WorkerOptions>, fn: () => Promise<void>) => {
        const processes = await Worker.create({
          connection: server.env.nativeConnection,
          taskQueue: groupQueue,
          workflowBundle: await workflowBundle(),
          activities,
          ...options,
        });
        const followUps = await Worker.create({
          connection: server.env.nativeConnection,
          taskQueue: followUpTaskQueue(groupQueue),
          activities,
        });
        await followUps.runUntil(processes.runUntil(fn));
      };
      const workflowId = 'activation-without-mail-beside';
      const handle = await server.env.client.workflow.start('userActivation', {
        taskQueue: groupQueue,
        workflowId,
        args: [activation({ users: users.slice(0, 2) })],
      });
      // As a worker from before `mail-beside-the-wait` ran it (and so before links decided, which implies it): the
      // group starts without the patch. No cache: the next worker finds the process on the task queue, not on this
      // worker's sticky queue.
      const before = {
        maxCachedWorkflows: 0,
        patchActivationCallback: ({ patchId }: { patchId: string }) =>
          patchId !== 'mail-beside-the-wait' && patchId !== linksDecideTheClicks,
      };
      await runWorkers(before, async () => {
        await pendingStep(server.env.client, workflowId, 'activate-user', users[0]!.userId);
        // The invitations sent and their result taken: a task this worker held as it stopped would keep the
        // next one waiting for its timeout (a minute for an activity).
        await eventually('the invitations sent and their result taken', async () => {
          const events = (await handle.fetchHistory()).events ?? [];
          const count = (has: (event: (typeof events)[number]) => unknown) => events.filter(has).length;
          return (
            count((event) => event.activityTaskCompletedEventAttributes) > 0 &&
            count((event) => event.workflowTaskScheduledEventAttributes) ===
              count((event) => event.workflowTaskCompletedEventAttributes)
          );
        });
      });
      // Today's worker takes it over (replaying it) and takes a click, whose outcome a local activity writes.
      await runWorkers({}, async () => {
        await complete(
          server.env.client,
          workflowId,
          'activate-user',
          person('anna', 'Anna Andersen'),
          { decision: 'approve' },
          users[0]!.userId,
        );
      });
      const history = await handle.fetchHistory();
      const patches = patchMarkers(history);
      assert.ok(!patches.includes('mail-beside-the-wait'), patches.join(', '));
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history);
      await handle.terminate();
    });
  });
});
