/**
 * The "Examples:" section that ends a command's `--help`: command lines a user can copy.
 *
 * @example
 * command.addHelpText('after', examples(['cim-complaints deadlines --received 2025-06-07T10:00:00+01:00 --json']));
 */

/** The section's text, each example on its own line after `$ `. */
export const examples = (lines: readonly string[]): string => `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}`;
