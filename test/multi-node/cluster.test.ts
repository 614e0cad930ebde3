// Past one machine: two API processes and two worker processes on one PostgreSQL database and the Temporal dev
// server, as README's "Production shape" runs them. 20 connections (both paths, a document uploaded on the
// registrant's) go through the two API nodes in turn (a round-robin load balancer in front of them takes each
// login, click and upload); a bulk activation (10,000 users, MULTI_NODE_USERS for a quicker run) runs its groups on
// both workers, and one worker is SIGKILLed when half the users were e-mailed, never to come back. At the end every
// e-mail was received once, every user is `activation_pending`, no row is doubled, each document is read from
// either node, and the groups' histories show both workers at work. `npm run test:multi-node` runs it; `npm test`
// leaves it out (minutes long).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { temporal } from '@temporalio/proto';
import { connectClient } from '../../config/temporal';
import { activationGroupSize } from '../../temporal.config';
import { activationGroupId } from '../../workflows/user-activation.messages';
import { createPostgresDatabase, describeWithPostgres } from '../support/postgres';
import { startSystemProcesses } from '../support/system-processes';
import { seedActiveOrganization } from '../support/user-fixtures';
import { eventually } from '../support/wait';
import {
  assertWorkloadDone,
  deliveryCounter,
  driveActivation,
  driveConnection,
  payslip,
  plans,
  stopSystem,
  roundRobin,
  untilDeadline,
  type Register,
} from '../support/workload';

const userCount = Number(process.env.MULTI_NODE_USERS ?? 10_000);
const deadlineMs = 20 * 60_000;

/** A node's count of `metric` (Prometheus text) over the series whose labels include every one of `labels`. */
async function served(node: string, operatorKey: string, metric: string, labels: string[]): Promise<number> {
  const text = await (await fetch(`${node}/metrics`, { headers: { authorization: `Bearer ${operatorKey}` } })).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${metric}{`) && labels.every((label) => line.includes(label)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** The identities of the workers that took a workflow task or an activity of `history`. */
function workerIdentities(history: temporal.api.history.v1.IHistory): Set<string> {
  const identities = new Set<string>();
  for (const event of history.events ?? []) {
    const identity =
      event.workflowTaskStartedEventAttributes?.identity ?? event.activityTaskStartedEventAttributes?.identity;
    if (identity) identities.add(identity);
  }
  return identities;
}

describeWithPostgres('two API nodes and two workers on one PostgreSQL', () => {
  it(`connects 20 organisations through both API nodes and activates ${userCount.toLocaleString('en')} users on both workers, one SIGKILLed half-way`, async function () {
    this.timeout(deadlineMs + 180_000);
    const began = Date.now();
    const register: Register = {};
    const connections = plans(register, 'Cluster');
    const registerFile = join(mkdtempSync(join(tmpdir(), 'multi-node-register-')), 'company-register.json');
    writeFileSync(registerFile, JSON.stringify({ companies: register }));

    const orgId = 'dk-cvr-multi-node-activation';
    const { received, onReceived } = deliveryCounter();
    let usersMailed = 0;
    const system = await startSystemProcesses({
      env: { COMPANY_REGISTER_FILE: registerFile, DATABASE_URL: await createPostgresDatabase() },
      smtp: {
        onReceived: (message) => {
          onReceived(message);
          if (message.recipients.some((recipient) => recipient.endsWith(`@${orgId}.example`))) usersMailed += 1;
        },
      },
    });
    const deadline = Date.now() + deadlineMs;
    let passed = false;
    try {
      const nodeA = system.baseUrl;
      const nodeB = (await system.startApiNode()).baseUrl;
      const workers = [system.parts.worker, await system.startWorkerNode()];
      const [identityA, identityB] = workers.map((worker) => `${worker.pid()}@${hostname()}`);
      const killed = workers[1]!;
      await seedActiveOrganization(system.db, orgId);

      let mailedAtKill = 0;
      const killer = (async () => {
        await eventually(
          () => `half the users e-mailed (${usersMailed} of ${userCount})`,
          () => usersMailed >= userCount / 2,
          { ...untilDeadline(deadline), intervalMs: 20 },
        );
        mailedAtKill = usersMailed;
        await killed.kill();
        console.log(
          `      ${Math.round((Date.now() - began) / 1000)} s: SIGKILLed worker ${identityB} at ${mailedAtKill} users e-mailed`,
        );
      })();
      const route = roundRobin(system.baseUrl, [nodeA, nodeB]);
      const [activation] = await Promise.all([
        driveActivation(system, orgId, userCount, deadline),
        ...connections.map((plan) => driveConnection(system, plan, deadline, route)),
      ]);
      await killer;
      assert.ok(mailedAtKill < userCount, `the kill came while users were still to be e-mailed (${mailedAtKill})`);
      assert.ok(!killed.running(), 'the killed worker stayed down');

      const handedTwice = await assertWorkloadDone(system, {
        orgId,
        userCount,
        activation: activation.progress,
        connections,
        received,
        deadline,
      });

      // Each node took logins, clicks and uploads: the load balancer in front of them sent every other one there.
      const key = system.config.env.OPERATOR_API_KEY;
      for (const node of [nodeA, nodeB]) {
        const clicks = 'onboarding_link_clicks_total';
        assert.ok((await served(node, key, clicks, ['action="submit"', 'outcome="ok"'])) > 0, `${node} took steps`);
        assert.ok((await served(node, key, clicks, ['action="upload"', 'outcome="ok"'])) > 0, `${node} took uploads`);
        const requests = 'onboarding_http_request_duration_seconds_count';
        assert.ok((await served(node, key, requests, ['route="/auth/callback"'])) > 0, `${node} took logins`);
      }

      // Every document uploaded through either node is read, byte for byte, from both.
      for (const plan of connections.filter((p) => p.path === 'registrant')) {
        const status = await system.api('GET', `/api/connections/${plan.connectionId}`);
        for (const { documentId } of status.body.documents as { documentId: string }[])
          for (const node of [nodeA, nodeB]) {
            const read = await fetch(`${node}/api/connections/${plan.connectionId}/documents/${documentId}`, {
              headers: { authorization: `Bearer ${key}` },
            });
            assert.equal(read.status, 200, `${documentId} from ${node}`);
            assert.ok(Buffer.from(await read.arrayBuffer()).equals(payslip), `${documentId} from ${node}: its bytes`);
          }
      }

      // The activation groups ran on both workers: their histories name each worker's identity.
      const client = await connectClient(system.config);
      const groupsBy = new Map<string, number>();
      try {
        for (let group = 0; group < Math.ceil(userCount / activationGroupSize); group++) {
          const history = await client.workflow
            .getHandle(activationGroupId(orgId, activation.batchId, group))
            .fetchHistory();
          for (const identity of workerIdentities(history)) groupsBy.set(identity, (groupsBy.get(identity) ?? 0) + 1);
        }
      } finally {
        await client.connection.close();
      }
      assert.deepEqual([...groupsBy.keys()].sort(), [identityA, identityB].sort(), 'only these two workers took tasks');
      const seconds = Math.round((Date.now() - began) / 1000);
      console.log(
        `      groups with tasks on each worker: ${[...groupsBy].map(([identity, n]) => `${identity} ${n}`).join(', ')}; ${received.size} distinct Message-IDs (${handedTwice.length} handed twice); ${seconds} s`,
      );
      passed = true;
    } finally {
      await stopSystem(system, passed, [dirname(registerFile)]);
    }
  });
});
