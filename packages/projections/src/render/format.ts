/**
 * Shared formatting for the renderers.
 *
 * @example
 * formatRate(0.8235); // '82.4%'
 * formatRate(null);   // 'n/a'
 */

/** A rate as a percentage with one decimal, or `n/a` when there is nothing to judge. */
export const formatRate = (rate: number | null): string => (rate === null ? 'n/a' : `${(rate * 100).toFixed(1)}%`);

/** A number, or `n/a` for null. */
export const formatNumber = (value: number | null): string => (value === null ? 'n/a' : String(value));
