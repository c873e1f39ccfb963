// Runs the compiled example (built by `tsc -b`, against the built packages) as an auditor would:
// on a store the seed wrote, then on a copy of it edited behind the library's back.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const compiled = (file: string) => fileURLToPath(new URL(`./dist/${file}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cim-auditor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const node = (...args: string[]) => spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
const audit = (store: string, complaintId: string, asOf: string) => node(compiled('index.js'), '--store', store, complaintId, asOf);

describe('the auditor (examples/auditor)', () => {
  const seeded = node(compiled('seed.js'), 'complaints.db');

  it('is compiled, and its seed writes two complaints', () => {
    expect(existsSync(compiled('index.js')), 'examples/auditor/dist is missing: run pnpm build && tsc -b').toBe(true);
    expect({ status: seeded.status, stderr: seeded.stderr, stdout: seeded.stdout }).toEqual({ status: 0, stderr: '', stdout: 'CIM-2025-0101, CIM-2025-0102 written to complaints.db\n' });
  });

  it('finds nothing but the policy’s overdue review in the case that kept its deadlines, and exits 0', () => {
    const run = audit('complaints.db', 'CIM-2025-0101', '2025-07-31T17:00:00+01:00');
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toContain('Hash chain: intact, 6 events, anchored through revision 5\n');
    expect(run.stdout).toContain('Replay: 6 of 6 events by then; closed, judged under CX097-V4\n');
    expect(run.stdout).toContain('Findings: 1\n  policy-review-overdue (C18, warning): ');
  });

  it('names C12 for the late acknowledgement, and exits 1', () => {
    const run = audit('complaints.db', 'CIM-2025-0102', '2025-07-31T17:00:00+01:00');
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: '' });
    expect(run.stdout).toContain('Hash chain: intact');
    expect(run.stdout).toContain('  #1 2025-06-11T10:00:00+01:00 ComplaintAcknowledged\n');
    expect(run.stdout).toMatch(/\n {2}acknowledgement-missed \(C12, breach\): .*done at 2025-06-11T10:00:00\+01:00, after its due day 2025-06-09/);
  });

  it('replays the case as it stood on an earlier date: received, not yet acknowledged, already overdue', () => {
    const run = audit('complaints.db', 'CIM-2025-0102', '2025-06-10T17:00:00+01:00');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('Replay: 1 of 6 events by then; received, judged under CX097-V4\n  #0 2025-06-02T09:30:00+01:00 ComplaintReceived\nFindings: 2\n');
    expect(run.stdout).toMatch(/\n {2}acknowledgement-overdue \(C12, breach\): /);
  });

  it('reports the chain broken, and exits 1, when the acknowledgement was moved earlier in the file to hide the breach', () => {
    copyFileSync(join(dir, 'complaints.db'), join(dir, 'tampered.db'));
    const db = new Database(join(dir, 'tampered.db'));
    const changed = db
      .prepare("UPDATE events SET data = json_set(data, '$.at', '2025-06-04T10:00:00+01:00') WHERE stream_id = 'complaint-CIM-2025-0102' AND type = 'ComplaintAcknowledged'")
      .run();
    db.close();
    expect(changed.changes).toBe(1);

    const run = audit('tampered.db', 'CIM-2025-0102', '2025-07-31T17:00:00+01:00');
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: '' });
    expect(run.stdout).toContain('Hash chain: BROKEN, 1 break(s)\n  changed at complaint-CIM-2025-0102@1: ');
    // the forged record alone would pass: only the chain shows it cannot be trusted
    expect(run.stdout).toContain('  #1 2025-06-04T10:00:00+01:00 ComplaintAcknowledged\n');
    expect(run.stdout).not.toContain('acknowledgement-missed');
    // the other complaint's stream is untouched
    expect(audit('tampered.db', 'CIM-2025-0101', '2025-07-31T17:00:00+01:00').stdout).toContain('Hash chain: intact');
  });

  it('refuses bad arguments with exit 2', () => {
    expect(audit('complaints.db', 'CIM-2025-0102', 'yesterday').status).toBe(2);
    expect(node(compiled('index.js'), 'CIM-2025-0102').status).toBe(2);
  });
});
