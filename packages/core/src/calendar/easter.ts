/**
 * Easter Sunday in the Gregorian calendar by the anonymous ("Meeus/Jones/Butcher") computus:
 * integer arithmetic on the year only, no date arithmetic.
 *
 * @example
 * import { easterSunday } from './easter.js';
 * easterSunday(2025); // { month: 4, day: 20 }
 */

/** Month (3 or 4) and day of Easter Sunday in a Gregorian year. */
export const easterSunday = (year: number): { readonly month: number; readonly day: number } => {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
};
