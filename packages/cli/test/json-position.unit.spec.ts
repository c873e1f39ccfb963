import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { jsonErrorOffset } from '../src/json-position.js';

/** What V8 says of a text: JSON, not JSON at a position, or not JSON without one. */
const v8 = (text: string): { json: true } | { json: false; position: number | undefined } => {
  try {
    JSON.parse(text);
    return { json: true };
  } catch (error) {
    const match = / at position (\d+)(?: \(line \d+ column \d+\))?$/.exec((error as Error).message);
    return { json: false, position: match === null ? undefined : Number(match[1]) };
  }
};

const JSONISH = [...'{}[],:"\\ -+.0123456789eEtruefalsn\u0001\n\tJ'];

/** JSON with one character inserted, replaced or removed. */
const nearlyJsonArb = fc.tuple(fc.json({ maxDepth: 3 }), fc.nat(), fc.constantFrom(...JSONISH), fc.constantFrom('insert', 'replace', 'remove')).map(([text, at, ch, how]) => {
  const i = text.length === 0 ? 0 : at % text.length;
  return how === 'insert' ? text.slice(0, i) + ch + text.slice(i) : how === 'replace' ? text.slice(0, i) + ch + text.slice(i + 1) : text.slice(0, i) + text.slice(i + 1);
});

describe('where a line stops being JSON', () => {
  it.prop([fc.oneof(nearlyJsonArb, fc.json(), fc.string())], { numRuns: 2000 })('agrees with JSON.parse: JSON or not, and where, whenever V8 says where', (text) => {
    const said = v8(text);
    const offset = jsonErrorOffset(text);
    if (said.json) expect(offset).toBeUndefined();
    else if (said.position !== undefined) expect(offset).toBe(said.position);
    else expect(offset).toEqual(expect.any(Number));
  });

  it('finds the offset V8 does not give, without quoting anything', () => {
    expect(jsonErrorOffset('{"name": Jane Doe}')).toBe(9);
    expect(jsonErrorOffset('[1,2,,]')).toBe(5);
    expect(jsonErrorOffset('')).toBe(0);
    expect(jsonErrorOffset('{"a":tru}')).toBe(8);
    expect(jsonErrorOffset('[' .repeat(1_000_000))).toBe(1_000_000);
  });
});
