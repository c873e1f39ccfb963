import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { v5 } from 'uuid';
import { uuidV5 } from './uuid.js';

describe('uuidV5', () => {
  it('is the uuid package’s v5 for every name and namespace', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.uuid(), (name, namespace) => {
        expect(uuidV5(name, namespace)).toBe(v5(name, namespace));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the RFC example: www.example.com in the DNS namespace', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(TypeError);
  });
});
