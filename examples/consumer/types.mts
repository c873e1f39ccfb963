// The ESM side of types.ts, with the ESM-only entry of the testing kit.
import { CX097_V4, type ComplaintEvent } from '@cim-complaints/core';
import { describeWorkingDayLaws } from '@cim-complaints/testing/vitest';
import { pipe } from 'fp-ts/lib/function.js';

export const laws: typeof describeWorkingDayLaws = describeWorkingDayLaws;
export const policy: string = pipe(CX097_V4, (p) => p.id);
export type Event = ComplaintEvent['type'];
