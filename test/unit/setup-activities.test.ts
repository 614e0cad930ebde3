// The administrator record after a setup link was re-sent to a corrected person: it becomes theirs,
// retries change nothing more, and a corrected person who is already an administrator keeps one row.
// Lapsed setup links: the administrators become expired, and the organisation too when nobody set it up.
import assert from 'node:assert/strict';
import { asc, eq } from 'drizzle-orm';
import { createSetupActivities } from '../../activities/setup';
import { openDatabase, type Db } from '../../db/open';
import { administrators, auditEvents, organizations } from '../../db/schema';

const orgId = 'dk-cvr-87654321';
const wrong = { name: 'Lars Lund', email: 'lars.lund@fjordhavn-test.dk' };
const right = { name: 'Lise Lund', email: 'lise.lund@fjordhavn-test.dk' };

describe('setup activities: a corrected administrator', () => {
  let db: Db;
  let activities: ReturnType<typeof createSetupActivities>;
  const rows = async () =>
    await db
      .select({
        name: administrators.name,
        email: administrators.email,
        status: administrators.status,
        subject: administrators.subject,
      })
      .from(administrators)
      .where(eq(administrators.orgId, orgId))
      .orderBy(asc(administrators.email));
  const activate = () =>
    activities.activateAdministrator({
      eventKey: 'setup-x:administrator-activated:0',
      orgId,
      administrator: { email: wrong.email, subject: 'sub-lise', loginMethod: 'private', correctedTo: right },
      actor: 'person:sub-lise',
    });

  beforeEach(async () => {
    db = await openDatabase(':memory:');
    await db.insert(organizations).values({
      orgId,
      name: 'Fjordhavn Logistik A/S',
      kind: 'company',
      country: 'DK',
      cvr: '87654321',
      language: 'da',
      status: 'connected',
      connectedAt: '2026-11-30T00:00:00.000Z',
    });
    await db.insert(administrators).values({ orgId, ...wrong });
    activities = createSetupActivities({ db });
  });

  it('moves the row to the corrected person, once, however often the activity runs', async () => {
    await activate();
    await activate();
    assert.deepEqual(await rows(), [{ ...right, status: 'active', subject: 'sub-lise' }]);
  });

  it("writes the setup step's own audit row along with the record, once however often the activity runs", async () => {
    const completed = {
      eventKey: 'setup-x:step-completed:setup-organization#admin-0:0',
      at: '2026-11-30T12:00:00.000Z',
      actor: 'person:sub-lise',
      orgId,
      workflowId: 'setup-x',
      action: 'step:setup-organization',
      outcome: 'completed',
    };
    const run = () =>
      activities.activateAdministrator({
        eventKey: 'setup-x:administrator-activated:0',
        orgId,
        administrator: { email: wrong.email, subject: 'sub-lise', loginMethod: 'private' },
        actor: 'person:sub-lise',
        audit: [completed],
      });
    await run();
    await run();
    const rows = await db
      .select({ action: auditEvents.action, outcome: auditEvents.outcome })
      .from(auditEvents)
      .where(eq(auditEvents.orgId, orgId))
      .orderBy(asc(auditEvents.id));
    assert.deepEqual(rows, [
      { action: 'step:setup-organization', outcome: 'completed' },
      { action: 'setup-organization', outcome: 'administrator-activated' },
    ]);
  });

  it('activates the row the corrected person already has as an administrator, and drops the wrong one', async () => {
    await db.insert(administrators).values({ orgId, ...right });
    await activate();
    await activate();
    assert.deepEqual(await rows(), [{ ...right, status: 'active', subject: 'sub-lise' }]);
  });

  it('records lapsed setup links: the administrator expired, an organisation nobody set up setup_expired, once', async () => {
    const lapse = () =>
      activities.recordSetupExpired({ eventKey: 'setup-x/run:setup-expired', orgId, administrators: [wrong.email] });
    await lapse();
    await lapse();
    assert.deepEqual(
      (await rows()).map((row) => [row.email, row.status]),
      [[wrong.email, 'expired']],
    );
    assert.equal(
      (await db.select().from(organizations).where(eq(organizations.orgId, orgId)))[0]?.status,
      'setup_expired',
    );
  });

  it('leaves a set-up organisation active when a later administrator lapses', async () => {
    await db.update(organizations).set({ status: 'active' });
    await db.insert(administrators).values({ orgId, ...right, status: 'active', loginMethod: 'app' });
    await activities.recordSetupExpired({
      eventKey: 'setup-y/run:setup-expired',
      orgId,
      administrators: [wrong.email],
    });
    assert.deepEqual(
      (await rows()).map((row) => [row.email, row.status]),
      [
        [wrong.email, 'expired'],
        [right.email, 'active'],
      ],
    );
    assert.equal((await db.select().from(organizations).where(eq(organizations.orgId, orgId)))[0]?.status, 'active');
  });
});
