import { describe, expect, it } from 'vitest';
import * as O from 'fp-ts/lib/Option.js';
import { defaultPolicyRegistry } from '@cim-complaints/core';

describe('policy registry', () => {
  it('finds CX097-V4 in force in 2025', () => {
    expect(O.map((p: { id: string }) => p.id)(defaultPolicyRegistry.inForceAt('2025-06-01T09:00:00+01:00'))).toEqual(O.some('CX097-V4'));
  });
});
