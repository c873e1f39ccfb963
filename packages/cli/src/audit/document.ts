/**
 * A printable document, as the audit and the case files build it: a title, notes, and sections of
 * notes and tables; then formatted as plain text, Markdown or one self-contained HTML page. Every
 * renderer formats this one model, so the three say the same. Text from the events goes through
 * the projections' escapers (Markdown prints it literally, HTML escapes it); the HTML page loads
 * nothing (a Content-Security-Policy forbids every fetch, there is no script) and prints cleanly.
 *
 * @example
 * const doc: PrintDocument = { title: 'Audit', notes: ['As of ...'], sections: [{ id: 'summary', heading: 'Summary', notes: [], tables: [table] }] };
 * io.stdout(documentRenderers.html(doc));
 */
import { escapeHtml, escapeMarkdown } from '@cim-complaints/projections';
import type { DocumentFormat } from './formats.js';

export interface DocTable {
  readonly id: string;
  /** Shown above the table when it differs from its section's heading. */
  readonly heading?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Said instead of an empty table. */
  readonly empty: string;
  /** A table of labels and values (one row per fact), printed without a header row. */
  readonly keyValue?: boolean;
}

export interface DocSection {
  readonly id: string;
  readonly heading: string;
  readonly notes: readonly string[];
  readonly tables: readonly DocTable[];
}

export interface PrintDocument {
  readonly title: string;
  readonly notes: readonly string[];
  readonly sections: readonly DocSection[];
}

const pad = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - [...text].length));

const textTable = (t: DocTable): string[] => {
  if (t.rows.length === 0) return [`  ${t.empty}`];
  const all = t.keyValue === true ? t.rows : [t.columns, ...t.rows];
  const widths = t.columns.map((_, i) => Math.max(...all.map((row) => [...(row[i] ?? '')].length)));
  // the last column is not padded: it holds the longest text (a message, a description)
  const line = (row: readonly string[]) => `  ${row.map((cell, i) => (i === row.length - 1 ? cell : pad(cell, widths[i]! + 2))).join('')}`.trimEnd();
  return all.map(line);
};

/** The document as plain text: headings underlined, tables in padded columns. */
export const renderDocumentText = (doc: PrintDocument): string =>
  `${[
    doc.title,
    ...doc.notes,
    ...doc.sections.flatMap((s) => [
      '',
      s.heading,
      ...s.notes.map((n) => `  ${n}`),
      // a table with its own heading stands apart from the one before it
      ...s.tables.flatMap((t) => [...(t.heading === undefined || t.heading === s.heading ? [] : ['', `  ${t.heading}`]), ...textTable(t)]),
    ]),
  ].join('\n')}\n`;

const markdownTable = (t: DocTable): string => {
  if (t.rows.length === 0) return `_${escapeMarkdown(t.empty)}_`;
  const line = (cells: readonly string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [line(t.columns), `| ${t.columns.map(() => '---').join(' | ')} |`, ...t.rows.map(line)].join('\n');
};

/** The document as Markdown: every piece of text escaped so it prints literally. */
export const renderDocumentMarkdown = (doc: PrintDocument): string =>
  `${[
    `# ${escapeMarkdown(doc.title)}`,
    ...doc.notes.map(escapeMarkdown),
    ...doc.sections.flatMap((s) => [
      `## ${escapeMarkdown(s.heading)}`,
      ...s.notes.map(escapeMarkdown),
      ...s.tables.flatMap((t) => [...(t.heading === undefined || t.heading === s.heading ? [] : [`### ${escapeMarkdown(t.heading)}`]), markdownTable(t)]),
    ]),
  ].join('\n\n')}\n`;

const STYLE = `
:root{--ink:#1d2733;--muted:#5b6773;--line:#d5dbe1;--soft:#f3f5f7}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);margin:24px auto;max-width:1100px;padding:0 16px}
h1{font-size:22px;margin:0 0 6px}h2{font-size:17px;margin:26px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:16px 0 6px}
p{margin:4px 0}p.note{color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:var(--soft);font-weight:600}
table.kv th{width:14em;font-weight:500;color:var(--muted)}
td{overflow-wrap:anywhere}
p.empty{color:var(--muted);font-style:italic}
@media print{body{margin:0;max-width:none;font-size:11px}h2{break-after:avoid}tr{break-inside:avoid}thead{display:table-header-group}}
`;

const htmlTable = (t: DocTable): string => {
  if (t.rows.length === 0) return `<p class="empty">${escapeHtml(t.empty)}</p>`;
  if (t.keyValue === true)
    return `<table class="kv" id="${escapeHtml(t.id)}"><tbody>${t.rows.map((r) => `<tr><th scope="row">${escapeHtml(r[0])}</th><td>${escapeHtml(r.slice(1).join(' '))}</td></tr>`).join('')}</tbody></table>`;
  return `<table id="${escapeHtml(t.id)}"><thead><tr>${t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${t.rows
    .map((r) => `<tr>${r.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('\n')}</tbody></table>`;
};

/** The document as one self-contained HTML page: inline style, no script, nothing fetched. */
export const renderDocumentHtml = (doc: PrintDocument): string => `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(doc.title)}</h1>
${doc.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n')}
</header>
<main>
${doc.sections
  .map((s) =>
    [
      `<section id="${escapeHtml(s.id)}">`,
      `<h2>${escapeHtml(s.heading)}</h2>`,
      ...s.notes.map((n) => `<p>${escapeHtml(n)}</p>`),
      ...s.tables.flatMap((t) => [...(t.heading === undefined || t.heading === s.heading ? [] : [`<h3>${escapeHtml(t.heading)}</h3>`]), htmlTable(t)]),
      '</section>',
    ].join('\n'),
  )
  .join('\n')}
</main>
</body>
</html>
`;

/** The formats a document prints in. */
export const documentRenderers: Readonly<Record<Exclude<DocumentFormat, 'json'>, (doc: PrintDocument) => string>> = {
  text: renderDocumentText,
  md: renderDocumentMarkdown,
  html: renderDocumentHtml,
};

export { chosenFormat, documentFormats, parseDocumentFormat, type DocumentFormat } from './formats.js';
