// The README's Install example: the same text as index.ts, and it runs as an embedder runs it
// (compiled by `tsc -b`, which `pnpm test` runs first, against the built packages).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const compiled = here('./dist/index.js');
const dir = mkdtempSync(join(tmpdir(), 'cim-readme-embed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The TypeScript block of the README's "Install" section. */
const readmeExample = (): string => {
  const readme = readFileSync(here('../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Install\n'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (block?.[1] === undefined) throw new Error('README.md has no ```ts block under "## Install"');
  return block[1];
};

describe('the README example (examples/readme-embed)', () => {
  it('is the README text, word for word', () => {
    expect(readmeExample()).toBe(readFileSync(here('./index.ts'), 'utf8'));
  });

  describe('when run twice on a new SQLite file', () => {
    const runs = [1, 2].map(() => spawnSync(process.execPath, [compiled], { cwd: dir, encoding: 'utf8' }));

    it('receives, acknowledges and responds, then prints the SLA', () => {
      expect(existsSync(compiled), `${compiled} is missing: run pnpm build && tsc -b`).toBe(true);
      expect({ status: runs[0]!.status, stderr: runs[0]!.stderr }).toEqual({ status: 0, stderr: '' });
      expect(runs[0]!.stdout).toBe(
        [
          'ReceiveComplaint → revision 0',
          'AcknowledgeComplaint → revision 1',
          'AssignComplaint → revision 2',
          'RequireInvestigation → revision 3',
          'IssueResponse → revision 4',
          'acknowledgement: met, due 2025-06-09',
          'response: met, due 2025-06-30',
          '',
        ].join('\n'),
      );
      expect(existsSync(join(dir, 'complaints.db'))).toBe(true);
    });

    it('keeps the complainant’s name and email sealed in the store file, with the keys in a file of their own (C5)', () => {
      const raw = Buffer.concat(['complaints.db', 'complaints.db-wal'].map((f) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f)) : Buffer.alloc(0))));
      expect(raw.length).toBeGreaterThan(0);
      for (const text of ['Alex Morgan', 'alex@example.org']) expect(raw.includes(Buffer.from(text))).toBe(false);
      expect(existsSync(join(dir, 'complaints.keys.db'))).toBe(true);
    });

    it('writes nothing the second time: each command is a retry', () => {
      expect(runs[1]!.status).toBe(0);
      expect(runs[1]!.stdout).toBe(runs[0]!.stdout);
    });
  });
});
