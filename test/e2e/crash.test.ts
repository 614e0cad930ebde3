// Crash anywhere: 20 connections (both paths, through mailed links and the dev login) and a 2,000-user bulk
// activation (test/support/workload.ts) run while a seeded random schedule SIGKILLs the worker, the API and the
// Temporal dev server, each started again on the same DATA_DIR. At the end every process is where it should be,
// SMTP received every expected Message-ID (and none other), no business row is doubled and every audit key is unique.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startSystemProcesses, type Component } from '../support/system-processes';
import { seedActiveOrganization } from '../support/user-fixtures';
import { eventually } from '../support/wait';
import {
  assertWorkloadDone,
  connectionMails,
  deliveryCounter,
  driveActivation,
  driveConnection,
  pause,
  plans,
  stopSystem,
  untilDeadline,
  type Register,
} from '../support/workload';

const seed = Number(process.env.CRASH_SEED ?? 20261129);
const userCount = 2000;
const killsPerPart = 2;
const expectedMails = userCount + connectionMails;
const deadlineMs = 600_000;

/** mulberry32: a small seeded generator, so a failing schedule can be run again with CRASH_SEED. */
function seededRandom(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Kill {
  part: Component['name'];
  /** Distinct Message-IDs SMTP has received when the kill comes. */
  atMails: number;
  /** How long the part stays dead. */
  downMs: number;
}

/** Each part killed `killsPerPart` times, in a seeded order, at seeded points of the mail flow. */
function killSchedule(random: () => number): Kill[] {
  const parts: Component['name'][] = [];
  for (let i = 0; i < killsPerPart; i++) parts.push('worker', 'api', 'temporal');
  for (let i = parts.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [parts[i], parts[j]] = [parts[j]!, parts[i]!];
  }
  // In the first 40 % of the flow: a restart can take many seconds while the rest of the system keeps
  // mailing, so later points could be passed before the kills before them are through.
  const points = parts.map(() => Math.floor(expectedMails * (0.03 + random() * 0.37))).sort((a, b) => a - b);
  return parts.map((part, i) => ({ part, atMails: points[i]!, downMs: Math.floor(random() * 2000) }));
}

describe('crash anywhere (separate processes, SIGKILL)', () => {
  it('connects 20 organisations and activates 2,000 users exactly once while the worker, the API and Temporal are killed', async function () {
    this.timeout(deadlineMs + 120_000);
    const began = Date.now();
    const random = seededRandom(seed);
    const schedule = killSchedule(random);
    console.log(
      `      crash seed ${seed} (CRASH_SEED=${seed} repeats it); kills: ${schedule.map((k) => `${k.part}@${k.atMails}`).join(', ')}`,
    );

    const register: Register = {};
    const connections = plans(register, 'Crash');
    const registerFile = join(mkdtempSync(join(tmpdir(), 'crash-register-')), 'company-register.json');
    writeFileSync(registerFile, JSON.stringify({ companies: register }));

    const { received, onReceived } = deliveryCounter();
    const system = await startSystemProcesses({ env: { COMPANY_REGISTER_FILE: registerFile }, smtp: { onReceived } });
    const deadline = Date.now() + deadlineMs;
    let passed = false;
    try {
      const orgId = 'dk-cvr-crash-activation';
      await seedActiveOrganization(system.db, orgId);

      let working = true;
      const kills: string[] = [];
      // A kill whose point the flow never reached (it ended first) still comes, after the work: the
      // restarted system must then send nothing twice either.
      const killer = (async () => {
        for (const kill of schedule) {
          await eventually(
            `${kill.atMails} mails before the kill of the ${kill.part}`,
            () => received.size >= kill.atMails || !working,
            { ...untilDeadline(deadline), intervalMs: 20 },
          );
          const part = system.parts[kill.part];
          await part.kill();
          kills.push(`${kill.part} at ${received.size} mails${working ? '' : ' (after the work)'}`);
          console.log(`      ${Math.round((Date.now() - began) / 1000)} s: killed ${kills.at(-1)}`);
          await pause(kill.downMs);
          await part.start();
        }
      })();
      const driven = Promise.all([
        driveActivation(system, orgId, userCount, deadline),
        ...connections.map((plan) => driveConnection(system, plan, deadline)),
      ]);
      const [activation] = await driven.finally(() => {
        working = false;
      });
      await killer;
      // Every kill came, and each part is running again.
      assert.ok(kills.length >= 5, `at least five kills, got ${kills.length}: ${kills.join('; ')}`);
      for (const part of Object.values(system.parts)) assert.ok(part.running(), `${part.name} is running`);

      const handedTwice = await assertWorkloadDone(system, {
        orgId,
        userCount,
        activation: activation.progress,
        connections,
        received,
        deadline,
      });

      const seconds = Math.round((Date.now() - began) / 1000);
      const raw = [...received.values()].reduce((a, b) => a + b, 0);
      console.log(
        `      ${kills.length} kills (${kills.join('; ')}); ${received.size} distinct Message-IDs, ${raw} SMTP deliveries (${handedTwice.length} handed twice); ${seconds} s`,
      );
      passed = true;
    } finally {
      await stopSystem(system, passed, [dirname(registerFile)]);
    }
  });
});
