/**
 * Network helpers for store tests that must fail to connect.
 *
 * @example
 * const port = await closedPort();
 * connectEventStoreDb(`esdb://127.0.0.1:${port}?tls=false`); // unavailable
 */
import { createServer } from 'node:net';

/** A local port nothing listens on: bound, then released. */
export const closedPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
