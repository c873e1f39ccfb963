// Throughput of adding working days: the precomputed index, the plain day-by-day reference,
// and a day-by-day walk asking date-holidays (the holiday library) about each day.
// `pnpm bench` prints each as operations per second and the ratios between them.
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { bench, describe } from 'vitest';
import { addWorkingDays, builtInCalendars, referenceAddWorkingDays } from '../src/index.js';

const calendar = builtInCalendars['england-and-wales'];
const library = new Holidays('GB', 'ENG');

// A fixed batch of (date, N) pairs, 2000-2100 and N up to 400, from a seeded generator so every
// run and every contender sees the same work.
const BATCH = 50;
const inputs: { date: string; n: number }[] = [];
for (let seed = 20250607, i = 0; i < BATCH; i++) {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  const dayOffset = seed % 36_500;
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  inputs.push({ date: DateTime.utc(2000, 1, 1).plus({ days: dayOffset }).toISODate() as string, n: seed % 401 });
}

const libraryIsWorking = (day: DateTime): boolean => {
  if (day.weekday > 5) return false;
  const found = library.isHoliday(new Date(Date.UTC(day.year, day.month - 1, day.day, 12)));
  return !(found && found.some((h) => h.type === 'public' || h.type === 'bank'));
};

const libraryAddWorkingDays = (date: string, n: number): string => {
  let day = DateTime.fromISO(date, { zone: 'utc' });
  while (!libraryIsWorking(day)) day = day.plus({ days: 1 });
  for (let left = n; left > 0; ) {
    day = day.plus({ days: 1 });
    if (libraryIsWorking(day)) left--;
  }
  return day.toISODate() as string;
};

let sink = '';

describe(`add working days (batch of ${BATCH}, N 0..400, england-and-wales)`, () => {
  bench('precomputed index (addWorkingDays)', () => {
    for (const { date, n } of inputs) {
      const due = addWorkingDays(calendar, n)(date);
      if (due._tag === 'Right') sink = due.right;
    }
  });
  bench('day-by-day reference (referenceAddWorkingDays)', () => {
    for (const { date, n } of inputs) sink = referenceAddWorkingDays(calendar, n)(date);
  });
  bench('day-by-day with date-holidays isHoliday per day', () => {
    for (const { date, n } of inputs) sink = libraryAddWorkingDays(date, n);
    // about 3 s a batch: a few samples, one warm-up, keep the run short
  }, { iterations: 3, time: 0, warmupIterations: 1, warmupTime: 0 });
});

export { sink };
