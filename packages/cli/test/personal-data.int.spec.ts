// C5, C7: personal data through the command line: sealed at rest (the raw-bytes scan), erased by key
// deletion (replay, report, verify and case file after it), and each role's view of the same store.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { subjectOf } from '@cim-complaints/core';
import { createSqliteKeyStore } from '@cim-complaints/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../src/demo/generate.js';
import { cli, jsonLines, tempDir } from './harness.js';

const SEED = 7;
const COMPLAINTS = 40;
const AS_OF = '2025-12-31T23:59:59Z';

/** Every personal text the demo's commands carry: names, emails, phones, addresses, third parties. */
const personalTexts = (): string[] => {
  const texts = new Set<string>();
  for (const { command } of generateDemo({ seed: SEED, complaints: COMPLAINTS }).commands) {
    const c = command as unknown as Record<string, unknown> & { complainant?: Record<string, unknown>; party?: unknown; partyName?: unknown };
    for (const field of ['name', 'email', 'phone', 'postalAddress']) if (typeof c.complainant?.[field] === 'string') texts.add(c.complainant[field] as string);
    if (typeof c.party === 'object' && c.party !== null) {
      const party = c.party as Record<string, unknown>;
      for (const field of ['name', 'contact']) if (typeof party[field] === 'string') texts.add(party[field] as string);
    }
    if (typeof c.partyName === 'string') texts.add(c.partyName);
  }
  return [...texts];
};

const bytes = (path: string): Buffer => (existsSync(path) ? readFileSync(path) : Buffer.alloc(0));

/** The texts found in a buffer, as UTF-8 (and, for good measure, as UTF-16). */
const foundIn = (buffer: Buffer, texts: readonly string[]): string[] =>
  texts.filter((text) => buffer.includes(Buffer.from(text, 'utf8')) || buffer.includes(Buffer.from(text, 'utf16le')));

interface ReplayDoc {
  readonly state: { readonly department: string; readonly complainant: { readonly name: unknown; readonly email?: unknown } };
  readonly view: { readonly as: string; readonly personalData: string };
  readonly verification: { readonly intact?: boolean } | null;
}

describe('personal data at rest and in views (C5)', () => {
  let dir: string;
  let store: string;
  let texts: string[];
  beforeAll(async () => {
    dir = tempDir('file');
    store = join(dir, 'demo.db');
    texts = personalTexts();
    const demo = await cli(['demo', '--store', `sqlite:${store}`, '--complaints', String(COMPLAINTS), '--seed', String(SEED)]);
    expect({ code: demo.code, stderr: demo.stderr }).toEqual({ code: 0, stderr: '' });
  }, 120_000);

  describe('after the demo into SQLite', () => {
    it('the store file and its WAL hold no complainant name, email, phone or address, nor any third party, in plain text', () => {
      expect(texts.length).toBeGreaterThan(COMPLAINTS);
      const raw = Buffer.concat([bytes(store), bytes(`${store}-wal`)]);
      expect(raw.length).toBeGreaterThan(0);
      expect(foundIn(raw, texts)).toEqual([]);
      // the sealed form is what is there, and the keys are in their own file beside it
      expect(raw.includes(Buffer.from('"sealed":"aes-256-gcm"'))).toBe(true);
      expect(existsSync(join(dir, 'demo.keys.db'))).toBe(true);
    });

    it('the demo printed no personal data: its replay is the least privileged view', async () => {
      const again = await cli(['demo', '--store', 'memory:', '--complaints', String(COMPLAINTS), '--seed', String(SEED)]);
      expect(foundIn(Buffer.from(again.stdout), texts)).toEqual([]);
      expect(again.stdout).toContain('Viewed as auditor: personal data withheld');
    });

    it('the monitoring report holds no personal data, in any format', async () => {
      for (const format of ['json', 'md', 'csv', 'html']) {
        const report = await cli(['report', '--store', `sqlite:${store}`, '--as-of', AS_OF, '--format', format]);
        expect(report.code, report.stderr).toBe(0);
        expect(foundIn(Buffer.from(report.stdout), texts), format).toEqual([]);
      }
    });
  });

  describe('each role viewing the same complaint', () => {
    const replay = async (role: string | undefined): Promise<{ doc: ReplayDoc; stdout: string }> => {
      const r = await cli(['replay', 'CIM-2025-0001', '--store', `sqlite:${store}`, '--as-of', AS_OF, '--json', '--no-verify', ...(role === undefined ? [] : ['--as', role])]);
      expect(r.code, r.stderr).toBe(0);
      return { doc: JSON.parse(r.stdout) as ReplayDoc, stdout: r.stdout };
    };

    it('shows the personal data to the complaints manager, the DPO, an auditor granted it and the department manager of the case', async () => {
      const { doc } = await replay('quality-and-complaints-manager');
      expect(typeof doc.state.complainant.name).toBe('string');
      expect(texts).toContain(doc.state.complainant.name);
      for (const role of ['data-protection-officer', 'auditor:personal-data', `department-manager:${doc.state.department}`]) {
        const seen = await replay(role);
        expect(seen.doc.state.complainant.name, role).toBe(doc.state.complainant.name);
        expect(seen.doc.view).toEqual({ as: role, personalData: 'shown' });
      }
    });

    it('withholds it from an auditor (the default) and from another department manager', async () => {
      const { doc: full } = await replay('quality-and-complaints-manager');
      for (const role of [undefined, 'auditor', 'department-manager:Nowhere']) {
        const { doc, stdout } = await replay(role);
        expect(doc.state.complainant.name, String(role)).toMatchObject({ withheld: 'redacted' });
        expect(stdout).not.toContain(full.state.complainant.name as string);
        expect(foundIn(Buffer.from(stdout), texts), String(role)).toEqual([]);
        expect(doc.view.personalData).toBe('withheld');
      }
      const text = await cli(['replay', 'CIM-2025-0001', '--store', `sqlite:${store}`, '--as-of', AS_OF]);
      expect(text.stdout).toContain('[redacted]');
    });

    it('audits with the same findings in every view, and the default view prints no personal data', async () => {
      const redacted = await cli(['audit', '--store', `sqlite:${store}`, '--as-of', AS_OF, '--json']);
      const full = await cli(['audit', '--store', `sqlite:${store}`, '--as-of', AS_OF, '--json', '--as', 'quality-and-complaints-manager']);
      expect(foundIn(Buffer.from(redacted.stdout), texts)).toEqual([]);
      const counts = (stdout: string) => (JSON.parse(stdout) as { findings: number; byCode: unknown }).byCode;
      expect(counts(redacted.stdout)).toEqual(counts(full.stdout));
    });

    it('refuses a role it does not know', async () => {
      const r = await cli(['replay', 'CIM-2025-0001', '--store', `sqlite:${store}`, '--as', 'intern']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--as: expected one of auditor');
    });
  });
});

describe('without the keys (C5: key loss is not data loss for the rest)', () => {
  it('reports, verifies and audits a copy of the store alone as the original; personal fields read as [sealed]', async () => {
    const dir = tempDir();
    const store = join(dir, 'demo.db');
    expect((await cli(['demo', '--store', `sqlite:${store}`, '--complaints', '15', '--seed', '9'])).code).toBe(0);
    const copy = join(tempDir(), 'copy.db');
    copyFileSync(store, copy);
    if (existsSync(`${store}-wal`)) copyFileSync(`${store}-wal`, `${copy}-wal`);
    for (const args of [['report', '--as-of', AS_OF, '--format', 'json'], ['verify', '--json'], ['audit', '--as-of', AS_OF, '--json']]) {
      const original = await cli([...args, '--store', `sqlite:${store}`]);
      const alone = await cli([...args, '--store', `sqlite:${copy}`]);
      expect(alone.code, args[0]).toBe(original.code);
      expect(alone.stdout.replaceAll(copy, store), args[0]).toBe(original.stdout);
    }
    const replay = await cli(['replay', 'CIM-2025-0001', '--store', `sqlite:${copy}`, '--as', 'data-protection-officer', '--as-of', AS_OF]);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toContain('[sealed]');
  }, 120_000);
});

describe('erasure through the command line (C5, C7)', () => {
  it('leaves no key, shows the fields as erased in replay and case file, and changes neither the report nor verify', async () => {
    const dir = tempDir();
    const store = join(dir, 'demo.db');
    expect((await cli(['demo', '--store', `sqlite:${store}`, '--complaints', '20', '--seed', '5'])).code).toBe(0);
    const id = 'CIM-2025-0003';
    const before = await cli(['replay', id, '--store', `sqlite:${store}`, '--as-of', AS_OF, '--json', '--as', 'data-protection-officer']);
    const name = (JSON.parse(before.stdout) as ReplayDoc).state.complainant.name as string;
    expect(typeof name).toBe('string');
    const reportBefore = await cli(['report', '--store', `sqlite:${store}`, '--as-of', AS_OF, '--format', 'json']);
    const erase = { type: 'EraseComplainantData', complaintId: id, commandId: `erase-${id}`, at: '2026-01-02T09:00:00Z', actor: { id: 'u-dpo-1', role: 'data-protection-officer' }, legalBasis: 'uk-gdpr-art-17' };
    const exec = await cli(['exec', '--store', `sqlite:${store}`], { stdin: jsonLines(erase) });
    expect(exec.code, exec.stdout).toBe(0);

    // no key remains: only the tombstone, and no byte of the key file is the old key's
    const keys = createSqliteKeyStore({ path: join(dir, 'demo.keys.db'), readOnly: true });
    if (E.isLeft(keys)) throw new Error(keys.left.message);
    const found = await keys.right.getKey(subjectOf(id))();
    expect(E.isRight(found) && found.right.status).toBe('erased');
    await keys.right.close();

    const after = await cli(['replay', id, '--store', `sqlite:${store}`, '--as-of', '2026-01-03T00:00:00Z', '--json', '--as', 'data-protection-officer']);
    expect(after.code, after.stderr).toBe(0);
    const doc = JSON.parse(after.stdout) as ReplayDoc;
    expect(doc.state.complainant.name).toMatchObject({ withheld: 'erased' });
    expect(after.stdout).not.toContain(name);
    expect(doc.verification?.intact).toBe(true);
    const text = await cli(['replay', id, '--store', `sqlite:${store}`, '--as-of', '2026-01-03T00:00:00Z', '--as', 'data-protection-officer']);
    expect(text.stdout).toContain('[erased]');
    expect(text.stdout).toContain("the complainant's personal data erased (legal basis: uk-gdpr-art-17)");
    const html = await cli(['replay', id, '--store', `sqlite:${store}`, '--as-of', '2026-01-03T00:00:00Z', '--format', 'html', '--as', 'data-protection-officer']);
    expect(html.code).toBe(0);
    expect(html.stdout).not.toContain(name);

    // the monitoring numbers as of the same instant are unchanged, and the store verifies
    const reportAfter = await cli(['report', '--store', `sqlite:${store}`, '--as-of', AS_OF, '--format', 'json']);
    expect(reportAfter.stdout).toBe(reportBefore.stdout);
    const verify = await cli(['verify', '--store', `sqlite:${store}`]);
    expect(verify.code, verify.stdout).toBe(0);
    // the raw file never held the name
    expect(Buffer.concat([bytes(store), bytes(`${store}-wal`)]).includes(Buffer.from(name))).toBe(false);
  }, 120_000);
});

describe('keys kept apart from the store (--keys)', () => {
  it('demo and exec write the keys where --keys says, and only a reader given them opens the personal data', async () => {
    const dir = tempDir('file');
    const store = join(dir, 'events.db');
    const keysDir = tempDir('file');
    const keys = `sqlite:${join(keysDir, 'vault.db')}`;
    const demo = await cli(['demo', '--store', `sqlite:${store}`, '--keys', keys, '--complaints', '5', '--seed', String(SEED)]);
    expect({ code: demo.code, stderr: demo.stderr }).toEqual({ code: 0, stderr: '' });
    expect(existsSync(join(keysDir, 'vault.db'))).toBe(true);
    expect(existsSync(join(dir, 'events.keys.db'))).toBe(false);
    const id = generateDemo({ seed: SEED, complaints: 5 }).commands[0]!.command.complaintId;
    const opened = await cli(['replay', id, '--store', `sqlite:${store}`, '--keys', keys, '--as', 'quality-and-complaints-manager', '--json']);
    expect(opened.code).toBe(0);
    expect(typeof (JSON.parse(opened.stdout) as ReplayDoc).state.complainant.name).toBe('string');
    // beside the store there are no keys: the same reader sees the fields sealed
    const sealed = await cli(['replay', id, '--store', `sqlite:${store}`, '--as', 'quality-and-complaints-manager', '--json']);
    expect(sealed.code).toBe(0);
    expect(typeof (JSON.parse(sealed.stdout) as ReplayDoc).state.complainant.name).not.toBe('string');
    // exec seals with the same keys
    const more = await cli(['exec', '--store', `sqlite:${store}`, '--keys', keys], {
      stdin: jsonLines({
        type: 'ReceiveComplaint',
        complaintId: 'K-1',
        commandId: 'K-1/r',
        at: '2025-06-02T09:00:00Z',
        actor: { id: 'u-1', role: 'quality-and-complaints-manager' },
        channel: 'email',
        complainant: { name: 'Ada Vault', email: 'ada@vault.example', relationship: 'member' },
        businessArea: 'membership',
        summary: 'A complaint about membership',
      }),
    });
    expect(more.code, more.stdout).toBe(0);
    expect(bytes(store).includes(Buffer.from('ada@vault.example'))).toBe(false);
    expect(bytes(`${store}-wal`).includes(Buffer.from('ada@vault.example'))).toBe(false);
    const k1 = await cli(['replay', 'K-1', '--store', `sqlite:${store}`, '--keys', keys, '--as', 'quality-and-complaints-manager', '--json']);
    expect((JSON.parse(k1.stdout) as ReplayDoc).state.complainant.email).toBe('ada@vault.example');
  }, 120_000);
});
