/**
 * The formats of a printable document (audit, case files) and the `--format`/`--json` options
 * that choose one: apart from the renderers, so a command can declare its options without
 * loading them.
 */
import { usageError } from '../errors.js';

export const documentFormats = ['text', 'json', 'md', 'html'] as const;
export type DocumentFormat = (typeof documentFormats)[number];

/** A `--format` value: one of the document formats. */
export const parseDocumentFormat = (value: string): DocumentFormat => {
  if (!(documentFormats as readonly string[]).includes(value)) throw usageError(`--format must be one of ${documentFormats.join(', ')}, got ${JSON.stringify(value)}`);
  return value as DocumentFormat;
};

/** The format asked for: `--json` is `--format json`, so the two may not disagree; default `text`. */
export const chosenFormat = (options: { readonly json?: boolean; readonly format?: DocumentFormat }): DocumentFormat => {
  if (options.json === true && options.format !== undefined && options.format !== 'json') throw usageError(`--json is --format json; it cannot be given with --format ${options.format}`);
  return options.json === true ? 'json' : (options.format ?? 'text');
};
