// Starts the service: PORT (default 3000), the store at CIM_COMPLAINTS_DB (default
// ./complaints.db) and its keys at CIM_COMPLAINTS_KEYS (default beside it: ./complaints.keys.db).
// SIGINT or SIGTERM closes it gracefully: requests in flight finish, then the store is closed.
import { start } from './src/server.js';

const portText = process.env['PORT'] ?? '3000';
const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
if (!(port >= 0 && port <= 65535)) {
  process.stderr.write(`embed-http: PORT must be a whole number from 0 to 65535, got ${JSON.stringify(portText)}\n`);
  process.exit(2);
}
const store = process.env['CIM_COMPLAINTS_DB'] ?? './complaints.db';
const keys = process.env['CIM_COMPLAINTS_KEYS'];
const host = process.env['HOST'] ?? '127.0.0.1';

const running = await start(port, { store, ...(keys === undefined ? {} : { keys }) }, { host });
process.stdout.write(`embed-http: listening on ${running.url} (store ${store})\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stdout.write(`embed-http: ${signal}, closing\n`);
    running.close().then(
      () => process.stdout.write('embed-http: closed\n'),
      (error: unknown) => {
        process.stderr.write(`embed-http: closing failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      },
    );
  });
}
