import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Runs after `pnpm build` (the root `pnpm test` builds first): the consumer loads dist/, not src/.
const consumer = fileURLToPath(new URL('../../../examples/consumer/', import.meta.url));
const packages: string[] = JSON.parse(readFileSync(`${consumer}packages.json`, 'utf8'));
const exportsFrom = (script: string): Record<string, string[]> =>
  JSON.parse(execFileSync(process.execPath, [script], { cwd: consumer, encoding: 'utf8' }));

describe('built packages', () => {
  describe.each([
    ['ESM', 'esm.mjs'],
    ['CommonJS', 'cjs.cjs'],
  ])('when a consumer loads them as %s', (_label, script) => {
    const loaded = exportsFrom(script);

    it('loads every package with exports', () => {
      expect(Object.keys(loaded).sort()).toEqual([...packages].sort());
      for (const name of packages) expect(loaded[name]!.length, name).toBeGreaterThan(0);
    });

    it('exposes the core decider, codecs, store port and handler by name', () => {
      expect(loaded['@cim-complaints/core']).toEqual(
        expect.arrayContaining(['complaintDecider', 'decide', 'evolve', 'initialState', 'decodeCommand', 'decodeEvent', 'createCommandHandler', 'createInMemoryEventStore', 'CX097_V4']),
      );
      expect(loaded['@cim-complaints/testing']).toEqual(expect.arrayContaining(['commands', 'spec', 'complaintCommandsArb']));
    });
  });

  it('ships the vitest suites as an ESM entry', () => {
    expect(existsSync(fileURLToPath(new URL('../dist/vitest.js', import.meta.url)))).toBe(true);
    expect(existsSync(fileURLToPath(new URL('../dist/vitest.cjs', import.meta.url)))).toBe(false);
  });
});
