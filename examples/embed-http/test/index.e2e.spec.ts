// index.ts as it is run (`node dist/index.js`, compiled by `tsc -b`): it listens on PORT with the
// store named by CIM_COMPLAINTS_DB, and SIGTERM or SIGINT closes it gracefully, store included.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const compiled = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cim-embed-http-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the service and resolves with its URL once it says it is listening. */
const launch = (env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [compiled], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url !== undefined) resolve({ child, url, output: () => out });
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('exit', (code) => reject(new Error(`exited ${code} before listening: ${err}`)));
  });

const exited = (child: ChildProcess): Promise<number | null> => new Promise((resolve) => child.once('exit', (code) => resolve(code)));

describe('the service as run (examples/embed-http/dist/index.js)', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`serves, then closes the store on ${signal} and exits 0`, async () => {
      expect(existsSync(compiled), `${compiled} is missing: run pnpm build && tsc -b`).toBe(true);
      const store = join(dir, `${signal}.db`);
      const { child, url, output } = await launch({ PORT: '0', CIM_COMPLAINTS_DB: store });
      const done = exited(child);
      const posted = await fetch(`${url}/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'ReceiveComplaint',
          complaintId: 'CX-1',
          commandId: 'cx-1-1',
          at: '2025-04-17T16:40:00+01:00',
          actor: { id: 'u-1', role: 'quality-and-complaints-manager' },
          channel: 'email',
          complainant: { name: 'Alex Morgan', email: 'alex@example.org', relationship: 'member' },
          businessArea: 'membership',
          summary: 'Renewal taken twice',
        }),
      });
      expect(posted.status).toBe(201);
      const caseload = await fetch(`${url}/complaints?status=open&asOf=2025-04-18T00:00:00Z`).then((r) => r.json());
      expect(caseload).toMatchObject({ total: 1, cases: [{ complaintId: 'CX-1', status: 'received' }] });
      expect(existsSync(`${store}-wal`)).toBe(true); // open, in WAL mode
      child.kill(signal);
      expect(await done).toBe(0);
      expect(output()).toContain(`embed-http: ${signal}, closing\nembed-http: closed\n`);
      expect(existsSync(`${store}-wal`)).toBe(false); // closed cleanly: the log folded back into the file
      expect(existsSync(join(dir, `${signal}.keys.db`))).toBe(true);
    });
  }

  it('refuses a PORT that is no port, with exit 2', () => {
    expect(existsSync(compiled), `${compiled} is missing: run pnpm build && tsc -b`).toBe(true);
    const run = spawnSync(process.execPath, [compiled], { cwd: dir, env: { ...process.env, PORT: 'http' }, encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 2, stderr: 'embed-http: PORT must be a whole number from 0 to 65535, got "http"\n' });
  });
});
