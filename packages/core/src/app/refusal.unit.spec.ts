import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { storeError } from './event-store.js';
import { orRefuse, refusalOf, refuse } from './refusal.js';

describe('a refusal thrown inside a transaction', () => {
  const conflict = storeError('conflict', 'the checkpoint is already at 9');

  it('is found again outside, with the store error it carries', () => {
    const caught = (work: () => unknown): unknown => {
      try {
        return work();
      } catch (error) {
        return error;
      }
    };
    expect(refusalOf(caught(() => refuse(conflict)))).toBe(conflict);
    expect(refusalOf(caught(() => orRefuse(E.left(conflict))))).toBe(conflict);
  });

  it('gives a Right its value, and is told apart from anything else thrown', () => {
    expect(orRefuse(E.right(42))).toBe(42);
    for (const other of [new Error('disk full'), { _tag: 'Other', error: conflict }, null, 'refused', undefined]) expect(refusalOf(other)).toBeUndefined();
  });
});
