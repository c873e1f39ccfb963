/**
 * Reusable vitest suites: the working-day laws and the EventStore contract suite. ESM only, since
 * vitest is. The helpers they build on come from the package root.
 *
 * @example
 * import { describeWorkingDayLaws } from '@cim-complaints/testing/vitest';
 * describeWorkingDayLaws('our calendar', () => calendar);
 *
 * @module @cim-complaints/testing/vitest
 */
export * from './laws/working-days.js';
export * from './contract/index.js';
