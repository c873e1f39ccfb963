/**
 * @cim-complaints/projections: monitoring read models (C11), the projection runner with its
 * checkpoint port, and the monitoring report with JSON, Markdown, CSV and HTML renderers.
 *
 * @example
 * const runner = createProjectionRunner({ store, projections: monitoringProjections, checkpoints: createInMemoryCheckpointStore() });
 * await runner.rebuild({ onProgress: (p) => console.error(`${p.eventsRead} events`) });
 * const report = buildReport(monitoringModels(runner), new Date().toISOString());
 *
 * @module @cim-complaints/projections
 */
export * from './projection.js';
export * from './runner.js';
export * from './staged-checkpoints.js';
export * from './keyed.js';
export * from './as-of.js';
export * from './read-models/case-files.js';
export * from './read-models/reported-case.js';
export * from './read-models/received.js';
export * from './read-models/sla.js';
export * from './read-models/tally.js';
export * from './read-models/lifecycle.js';
export * from './read-models/outcomes.js';
export * from './read-models/actions.js';
export * from './read-models/caseload.js';
export * from './read-models/casework.js';
export * from './read-models/policy.js';
export * from './report.js';
export * from './monitor.js';
export * from './render/json.js';
export * from './render/markdown.js';
export * from './render/csv.js';
export * from './render/html.js';
