import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { textSlices, writeOutputFile } from '../src/output-file.js';

describe('writing an output file a slice at a time', () => {
  it('gives back the text exactly, whatever the slice size: no slice parts a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'é', '😀', '𝄞', '’', '\n') as fc.Arbitrary<string>, maxLength: 200 }), fc.integer({ min: 1, max: 9 }), (text, size) => {
        const slices = [...textSlices(text, size)];
        expect(slices.join('')).toBe(text);
        // each slice encodes on its own to what the whole text encodes to
        expect(Buffer.concat(slices.map((slice) => Buffer.from(slice, 'utf8'))).toString('utf8')).toBe(text);
      }),
    );
  });

  it('writes a text longer than a slice, with characters outside the BMP at slice edges, byte for byte', () => {
    const text = '😀'.repeat(1_200_000) + 'tail';
    const target = join(mkdtempSync(join(tmpdir(), 'cim-out-')), 'report.txt');
    writeOutputFile(target, text);
    expect(readFileSync(target, 'utf8')).toBe(text);
  });

  it('writes slices that take the most bytes UTF-8 allows (three for each unit), and lone surrogates as U+FFFD, byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cim-out-'));
    for (const text of ['’'.repeat(300_000), 'a' + '€'.repeat(200_000) + '\ud800', `${'x'.repeat(65_535)}😀${'’'.repeat(70_000)}`]) {
      const target = join(dir, 'report.txt');
      writeOutputFile(target, text);
      expect(readFileSync(target).equals(Buffer.from(text, 'utf8'))).toBe(true);
    }
  });
});
