import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createReadinessCheck, readinessDeadlineMs } from '../../api/health';
import { loadConfig } from '../../config/env';
import { openDatabase } from '../../db/open';
import { startBareApp, type BareApp } from '../support/bare-app';

describe('readiness', () => {
  let silent: Server;
  const sockets: Socket[] = [];
  let connection: Connection;
  let app: BareApp;

  before(async () => {
    // A "Temporal" that accepts the TCP connection and never says a word.
    silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    connection = Connection.lazy({ address: `127.0.0.1:${port}` });
    const client = new Client({ connection });
    const config = loadConfig({ NODE_ENV: 'test' });
    const db = await openDatabase(':memory:');
    app = await startBareApp(undefined, { config, db, readiness: createReadinessCheck(config, client, db) });
  });

  after(async () => {
    await app.close();
    await connection.close();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('answers 503 within its deadline when Temporal accepts connections but never answers', async () => {
    const started = Date.now();
    const response = await fetch(`${app.baseUrl}/readyz`, { signal: AbortSignal.timeout(readinessDeadlineMs * 4) });
    const elapsed = Date.now() - started;
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), {
      ready: false,
      checks: { temporal: false, worker: false, database: true },
    });
    assert.ok(
      elapsed >= readinessDeadlineMs - 100 && elapsed < readinessDeadlineMs * 3,
      `answered after ${elapsed} ms`,
    );
  });
});
