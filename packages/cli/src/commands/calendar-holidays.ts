/**
 * `cim-complaints calendar holidays --calendar <id> --year <yyyy> [--json]`: the bank holidays of
 * a year on which the calendar does not work (substitute days in place of weekend ones).
 *
 * @example
 * cim-complaints calendar holidays --calendar scotland --year 2026 --json
 * // [{"date":"2026-01-01","name":"New Year’s Day"}, ..., {"date":"2026-06-15","name":"World Cup bank holiday"}, ...]
 */
import { bankHolidaysIn, builtInCalendarIds, type Calendar } from '@cim-complaints/core';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { DateTime } from 'luxon';
import { failure } from '../errors.js';
import type { CliIo } from '../io.js';
import { parseCalendar, parseYear } from '../options.js';
import { examples } from './examples.js';

interface Options {
  readonly calendar: Calendar;
  readonly year: number;
  readonly json?: boolean;
}

/** The name a listing shows: the government's title, marked when it is a substitute day. */
const displayName = (name: string, substitute: boolean): string => (substitute ? `${name} (substitute day)` : name);

/** Adds `holidays` to the `calendar` command. */
export const registerCalendarHolidays = (calendar: Command, io: CliIo): void => {
  calendar
    .command('holidays')
    .description('list the bank holidays of a year on which the calendar does not work')
    .requiredOption('--calendar <id>', `calendar id: ${builtInCalendarIds.join(', ')}`, parseCalendar)
    .requiredOption('--year <yyyy>', 'year, 2000 to 2100', parseYear)
    .option('--json', 'print a JSON array of { date, name }')
    .addHelpText(
      'after',
      examples([
        'cim-complaints calendar holidays --calendar scotland --year 2026',
        'cim-complaints calendar holidays --calendar england-and-wales --year 2025 --json',
      ]),
    )
    .action((options: Options) => {
      const holidays = bankHolidaysIn(options.year)(options.calendar);
      if (E.isLeft(holidays)) throw failure(holidays.left.message);
      const rows = holidays.right.map((day) => ({ date: day.date, name: displayName(day.name, day.substitute) }));
      if (options.json) {
        io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      io.stdout(`Bank holidays, ${options.calendar.name} (${options.calendar.id}), ${options.year}: ${rows.length}\n`);
      for (const row of rows) io.stdout(`  ${row.date}  ${DateTime.fromISO(row.date, { zone: 'utc', locale: 'en-GB' }).toFormat('ccc')}  ${row.name}\n`);
    });
};
