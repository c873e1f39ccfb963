// The built binary, spawned as a user would run it (`pnpm test` builds first).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commands } from '@cim-complaints/testing';
import { describe, expect, it } from 'vitest';
import { jsonLines, tempDir } from './harness.js';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
// stdin, stdout and stderr are pipes here, as in `... | cim-complaints exec | jq`
const runBin = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, CIM_COMPLAINTS_STORE: '' } });
const runBinWithInput = (input: string, ...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input });

describe('the built cim-complaints binary', () => {
  it('exists (run `pnpm build` first)', () => {
    expect(existsSync(bin), `${bin} is missing: run pnpm build`).toBe(true);
  });
  it('prints the version of its package, and the store variable in its help', () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(runBin('--version')).toMatchObject({ status: 0, stdout: `${version}\n`, stderr: '' });
    const help = runBin('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('CIM_COMPLAINTS_STORE  the store a command uses when it is given no --store');
  });
  it('lists holidays as JSON', () => {
    const result = runBin('calendar', 'holidays', '--calendar', 'northern-ireland', '--year', '2025', '--json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toContainEqual({ date: '2025-07-14', name: 'Battle of the Boyne (Orangemen’s Day) (substitute day)' });
  });
  it('computes deadlines for a receipt at 23:30 UTC in summer (the next local day)', () => {
    const result = runBin('deadlines', '--received', '2025-06-05T23:30:00Z', '--json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ effectiveReceiptDate: '2025-06-06', acknowledgement: { dueDate: '2025-06-13' } });
  });
  it('exits 2 with one line on stderr for a bad calendar', () => {
    const result = runBin('calendar', 'holidays', '--calendar', 'mars', '--year', '2025');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('cim-complaints: --calendar: unknown calendar "mars"; known: england-and-wales, scotland, northern-ireland\n');
  });
  it('applies JSON lines piped to exec, one result line each, exit 1 when one was rejected', () => {
    const c = commands('c-1');
    const store = `sqlite:${join(tempDir(), 'cases.db')}`;
    const input = jsonLines(c.receive({ commandId: 'k-1', at: '2025-06-02T09:00:00+01:00' }), c.close({ commandId: 'k-2', at: '2025-06-03T09:00:00+01:00' }));
    const result = runBinWithInput(input, 'exec', '--store', store);
    expect(result.stderr).toBe('');
    expect(result.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { ok: boolean; error?: { code: string } })).toEqual([
      { line: 1, ok: true, complaintId: 'c-1', events: ['ComplaintReceived'], revision: 0 },
      expect.objectContaining({ line: 2, ok: false, error: expect.objectContaining({ code: 'no-response-issued' }) }),
    ]);
    expect(result.status).toBe(1);
    expect(JSON.parse(runBin('replay', 'c-1', '--store', store, '--json').stdout).events).toHaveLength(1);
  });
  it('keeps the demo quiet on stderr when piped: no progress bar', () => {
    const result = runBin('demo', '--store', 'memory:', '--complaints', '20', '--seed', '4');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('cim-complaints demo: 20 complaints received in 2025 (seed 4)');
  });
  it('reports a failure as one line without a stack trace, and with one under --debug', () => {
    const store = `sqlite:${join(tempDir(), 'missing', 'cases.db')}`;
    const plain = runBin('replay', 'c-1', '--store', store);
    expect(plain.status).toBe(1);
    expect(plain.stderr).toBe(`cim-complaints: no store at ${store}: the file does not exist (load complaints with exec or demo first, or pass --store)\n`);
    const debug = runBin('replay', 'c-1', '--store', store, '--debug');
    expect(debug.status).toBe(1);
    expect(debug.stderr).toMatch(/^cim-complaints: no store at .*\nCliError: .*\n\s+at /);
  });
});
