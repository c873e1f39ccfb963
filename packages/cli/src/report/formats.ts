/**
 * The report's formats and its `--format` option: apart from the renderers, so `report` and
 * `monitor` can declare their options without loading the projections.
 */
import { usageError } from '../errors.js';

export const reportFormats = ['json', 'md', 'csv', 'html'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** A `--format` value. */
export const parseFormat = (value: string): ReportFormat => {
  if (!(reportFormats as readonly string[]).includes(value))
    throw usageError(`--format must be one of ${reportFormats.join(', ')}, got ${JSON.stringify(value)}`);
  return value as ReportFormat;
};
