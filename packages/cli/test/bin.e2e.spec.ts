// The built binary, spawned as a user would run it (`pnpm test` builds first).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const runBin = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('the built cim-complaints binary', () => {
  it('exists (run `pnpm build` first)', () => {
    expect(existsSync(bin), `${bin} is missing: run pnpm build`).toBe(true);
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
});
