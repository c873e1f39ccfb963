/**
 * The report as Markdown: the report's table model (`reportTables`) formatted, for a monthly
 * paper to the Quality and Complaints Manager or a pull request comment. Every piece of text in
 * the model goes through `escapeMarkdown`, so it prints literally: no HTML, link, emphasis or
 * table cell of its own. The only Markdown written is the renderer's own: headings, tables,
 * `**Warning:**`, a bold total label and an italic line for an empty table.
 *
 * @example
 * writeFileSync('monitoring.md', renderMarkdown(report));
 */
import { reportTables, type MonitoringReport, type ReportSection, type ReportTable, type ReportTables } from '../report.js';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text from the events, made to print literally in Markdown: `&`, `<` and `>` become entities (no
 * raw HTML, no `<autolink>`), the inline punctuation `\` `` ` `` `*` `_` `[` `]` `~` `|` is
 * backslash-escaped (no code span, emphasis, link, image or extra table cell) and a line break
 * becomes a space (none can end a table row or start a heading or list).
 */
export const escapeMarkdown = (value: unknown): string =>
  String(value ?? '')
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[&<>\\`*_[\]~|]/g, (c) => ENTITIES[c] ?? `\\${c}`);

const tableOf = (t: ReportTable): string => {
  if (t.rows.length === 0) return `_${escapeMarkdown(t.empty)}_`;
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(t.columns.map((c) => escapeMarkdown(c.heading))),
    line(t.columns.map((c) => (c.numeric ? '---:' : '---'))),
    ...t.rows.map((row) => line(row.cells.map((cell, i) => (i === 0 && row.tone === 'total' && cell.text !== '' ? `**${escapeMarkdown(cell.text)}**` : escapeMarkdown(cell.text))))),
  ].join('\n');
};

const sectionOf = (s: ReportSection): string[] => [
  `## ${escapeMarkdown(s.heading)}`,
  ...s.notes.map(escapeMarkdown),
  ...s.tables.flatMap((t) => [...(t.heading === s.heading ? [] : [`### ${escapeMarkdown(t.heading)}`]), tableOf(t)]),
];

/** The table model as a Markdown document. */
export const markdownOf = (m: ReportTables): string =>
  `${[
    `# ${escapeMarkdown(m.title)}`,
    `As of ${escapeMarkdown(m.asOf)}. Policy: ${escapeMarkdown(m.policy)}.`,
    ...m.warnings.map((w) => `**Warning:** ${escapeMarkdown(w.text)}`),
    `## ${escapeMarkdown(m.summary.heading)}`,
    tableOf(m.summary),
    ...m.sections.flatMap(sectionOf),
  ].join('\n\n')}\n`;

/** The report as a Markdown document. */
export const renderMarkdown = (r: MonitoringReport): string => markdownOf(reportTables(r));
