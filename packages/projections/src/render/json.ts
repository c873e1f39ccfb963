/**
 * The report as JSON text: the document itself, indented, with a trailing newline.
 *
 * @example
 * process.stdout.write(renderJson(report));
 */
import type { MonitoringReport } from '../report.js';

/** The report as indented JSON. */
export const renderJson = (report: MonitoringReport): string => `${JSON.stringify(report, null, 2)}\n`;
