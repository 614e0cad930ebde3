import { createServer } from 'node:net';

/** A port the OS just handed out on loopback, so parallel stacks never collide. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Node `index`'s own port (0 the first) for a per-node variable (README's "Per node"): each node's is the previous one's plus 2. */
export function nodePort(port: number, index: number): number {
  return port + 2 * index;
}

/** Whether nothing listens on `port` on loopback just now. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
