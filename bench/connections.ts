// Drives N connections end to end concurrently through the HTTP API (operator start, mailed link,
// dev login, prepare POST, approve POST) against the system as `npm start` runs it, and prints
// connections per second and the p50/p99 of the link POSTs beside a bare Temporal Update round trip on
// the same server in the same run (the floor).
// Usage: npm run bench:connections -- [connections=100] [concurrency=50]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devPersonFor } from '../dev/oidc-provider';
import { loginAs } from '../test/support/login';
import { actionLink, getJson, postJson, waitForMail } from '../test/support/mailbox';
import { pingEchoUpdate } from '../workflows/ping.messages';
import { ms, percentile, runConcurrently, timed } from './stats';
import { startSystem } from './system';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100);
  const concurrency = Number(process.argv[3] ?? 50);
  const registerDir = mkdtempSync(join(tmpdir(), 'bench-connections-'));
  // A company register in which every benchmark representative may bind their company.
  const registerFile = join(registerDir, 'company-register.json');
  const companies = Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      String(20_000_000 + i),
      { name: `Bench ${i} ApS`, representatives: [{ name: `Bench Person${i}`, cpr: devPersonFor(`bench.person${i}@bench.dk`).cpr }] },
    ]),
  );
  writeFileSync(registerFile, JSON.stringify({ companies }));
  const stack = await startSystem({ COMPANY_REGISTER_FILE: registerFile, LINK_POSTS_PER_IP_PER_MINUTE: '1000000' });
  const baseUrl = stack.config.publicBaseUrl;
  try {
    // The floor: bare Update round trips to a waiting workflow, at the same concurrency.
    const floor: number[] = [];
    const pings = await Promise.all(Array.from({ length: concurrency }, async () => (await stack.api('POST', '/api/ping', {})).body.workflowId as string));
    await runConcurrently(count * 2, concurrency, async (i) => {
      await timed(floor, () => stack.client.workflow.getHandle(pings[i % pings.length]!).executeUpdate(pingEchoUpdate, { args: ['x'] }));
    });

    const linkPosts: number[] = [];
    const started = performance.now();
    await runConcurrently(count, concurrency, async (i) => {
      const email = `bench.person${i}@bench.dk`;
      const answer = await stack.api('POST', '/api/connections', {
        organization: { name: `Bench ${i} ApS`, kind: 'company', country: 'DK', cvr: String(20_000_000 + i) },
        initiator: { role: 'representative', name: `Bench Person${i}`, email },
      });
      if (answer.status !== 201) throw new Error(`start answered ${answer.status}`);
      const session = (await loginAs(baseUrl, email)).cookie;
      const link = actionLink(await waitForMail(stack, email));
      const prepared = await timed(linkPosts, () => postJson(link, { administrators: [{ name: `Bench Person${i}`, email }] }, session));
      if (prepared.status !== 200) throw new Error(`prepare answered ${prepared.status}: ${JSON.stringify(prepared.body)}`);
      const termsVersion = (await getJson(prepared.body.next.url, session)).body.context.termsVersion;
      const approved = await timed(linkPosts, () => postJson(prepared.body.next.url, { decision: 'approve', acceptTerms: true, termsVersion }, session));
      if (approved.body.state !== 'connected') throw new Error(`connection ${i}: approve answered ${approved.status} ${JSON.stringify(approved.body)}`);
    });
    const seconds = (performance.now() - started) / 1000;

    console.log(`connections: ${count} at concurrency ${concurrency} in ${seconds.toFixed(1)} s = ${(count / seconds).toFixed(1)} connections/s`);
    console.log(`link POST (prepare + approve, ${linkPosts.length}): p50 ${ms(percentile(linkPosts, 50))}  p99 ${ms(percentile(linkPosts, 99))}`);
    console.log(`bare Update round trip (${floor.length}):       p50 ${ms(percentile(floor, 50))}  p99 ${ms(percentile(floor, 99))}`);
    console.log(`link POST p99 / bare p99: ${(percentile(linkPosts, 99) / percentile(floor, 99)).toFixed(2)}x`);
  } finally {
    await stack.stop();
    rmSync(registerDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
