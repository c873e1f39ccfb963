/**
 * @cim-complaints/opentelemetry: core's observer (`ComplaintsObserver`) as OpenTelemetry traces
 * and metrics. A span per command, `cim-complaints.command <CommandType>`, with its complaint id,
 * command id, outcome, rejection code or store error kind, attempts and conflicts (status ERROR
 * when the store failed); histograms of command and append durations, a counter of conflicts
 * retried, and gauges of each projection's lag in events and in time. Nothing personal is
 * recorded: core never hands an observer a command's body or a message.
 *
 * @example
 * const observer = openTelemetryObserver(); // the global tracer and meter providers
 * const store = observeStore(sqliteStore, observer);
 * const handle = createCommandHandler({ store, clock, observer });
 * const runner = createProjectionRunner({ store, projections: monitoringProjections, checkpoints, observer });
 *
 * @module @cim-complaints/opentelemetry
 */
import { metrics, SpanKind, SpanStatusCode, trace, type Attributes, type Meter, type Tracer } from '@opentelemetry/api';
import type { AppendFinished, CommandFinished, ComplaintsObserver, ProjectionProgress } from '@cim-complaints/core';

/** The instrumentation scope: the tracer's and meter's name when none is given. */
export const INSTRUMENTATION_SCOPE = '@cim-complaints/opentelemetry';

/** The span name's prefix: `cim-complaints.command ReceiveComplaint`. */
export const COMMAND_SPAN_PREFIX = 'cim-complaints.command';

/** The attributes recorded on spans and metrics. */
export const ATTRIBUTES = {
  complaintId: 'cim_complaints.complaint.id',
  commandType: 'cim_complaints.command.type',
  commandId: 'cim_complaints.command.id',
  outcome: 'cim_complaints.command.outcome',
  rejectionCode: 'cim_complaints.command.rejection_code',
  attempts: 'cim_complaints.command.attempts',
  conflictsRetried: 'cim_complaints.command.conflicts_retried',
  eventsWritten: 'cim_complaints.command.events_written',
  errorKind: 'cim_complaints.store.error_kind',
  appendOutcome: 'cim_complaints.append.outcome',
  projection: 'cim_complaints.projection.name',
  projectionMode: 'cim_complaints.projection.mode',
} as const;

/** The instruments' names. */
export const METRICS = {
  commandDuration: 'cim_complaints.command.duration',
  conflictsRetried: 'cim_complaints.command.conflicts_retried',
  appendDuration: 'cim_complaints.append.duration',
  projectionLag: 'cim_complaints.projection.lag',
  projectionTimeBehind: 'cim_complaints.projection.time_behind',
} as const;

export interface OpenTelemetryObserverOptions {
  /** Default: `trace.getTracer('@cim-complaints/opentelemetry')` from the global provider. */
  readonly tracer?: Tracer;
  /** Default: `metrics.getMeter('@cim-complaints/opentelemetry')` from the global provider. */
  readonly meter?: Meter;
}

/** Durations in milliseconds: buckets from a tenth of a millisecond to ten seconds. */
const DURATION_BUCKETS_MS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/** An instant of `performance.now()` as epoch milliseconds, which OpenTelemetry takes as a time. */
const epochMs = (performanceMs: number): number => performance.timeOrigin + performanceMs;

const commandSpanAttributes = (c: CommandFinished): Attributes => ({
  ...(c.commandType === undefined ? {} : { [ATTRIBUTES.commandType]: c.commandType }),
  ...(c.complaintId === undefined ? {} : { [ATTRIBUTES.complaintId]: c.complaintId }),
  ...(c.commandId === undefined ? {} : { [ATTRIBUTES.commandId]: c.commandId }),
  [ATTRIBUTES.outcome]: c.outcome.kind,
  ...(c.outcome.kind === 'rejected' ? { [ATTRIBUTES.rejectionCode]: c.outcome.code } : {}),
  ...(c.outcome.kind === 'failed' ? { [ATTRIBUTES.errorKind]: c.outcome.errorKind } : {}),
  ...(c.outcome.kind === 'written' ? { [ATTRIBUTES.eventsWritten]: c.outcome.eventCount } : {}),
  [ATTRIBUTES.attempts]: c.attempts,
  [ATTRIBUTES.conflictsRetried]: c.conflictsRetried,
});

/**
 * Core's observer recording to OpenTelemetry: pass it as `observer` to `createCommandHandler`,
 * `observeStore` and `createProjectionRunner` (one observer may serve all three).
 */
export const openTelemetryObserver = (options: OpenTelemetryObserverOptions = {}): ComplaintsObserver => {
  const tracer = options.tracer ?? trace.getTracer(INSTRUMENTATION_SCOPE);
  const meter = options.meter ?? metrics.getMeter(INSTRUMENTATION_SCOPE);
  const commandDuration = meter.createHistogram(METRICS.commandDuration, {
    description: 'How long the command handler took over a command, from decoding to its result.',
    unit: 'ms',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS_MS },
  });
  const conflictsRetried = meter.createCounter(METRICS.conflictsRetried, {
    description: 'Appends that met a conflict (another writer first) and were decided again.',
    unit: '{conflict}',
  });
  const appendDuration = meter.createHistogram(METRICS.appendDuration, {
    description: 'How long an observed store took to append a batch of events.',
    unit: 'ms',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS_MS },
  });
  const projectionLag = meter.createGauge(METRICS.projectionLag, {
    description: 'Events stored after the last one a projection processed (0 when caught up), when the runner knows.',
    unit: '{event}',
  });
  const projectionTimeBehind = meter.createGauge(METRICS.projectionTimeBehind, {
    description: 'Milliseconds since the last event a projection processed was recorded (0 when caught up), when the runner knows.',
    unit: 'ms',
  });

  return {
    commandFinished: (c: CommandFinished) => {
      // the span is made when the command ends, timed from when it began: the hooks are callbacks, not wrappers
      const span = tracer.startSpan(`${COMMAND_SPAN_PREFIX} ${c.commandType ?? 'invalid'}`, {
        kind: SpanKind.INTERNAL,
        startTime: epochMs(c.startedAt),
        attributes: commandSpanAttributes(c),
      });
      if (c.outcome.kind === 'failed') span.setStatus({ code: SpanStatusCode.ERROR, message: `store error: ${c.outcome.errorKind}` });
      span.end(epochMs(c.startedAt + c.durationMs));
      const metricAttributes: Attributes = {
        [ATTRIBUTES.commandType]: c.commandType ?? 'invalid',
        [ATTRIBUTES.outcome]: c.outcome.kind,
        ...(c.outcome.kind === 'rejected' ? { [ATTRIBUTES.rejectionCode]: c.outcome.code } : {}),
        ...(c.outcome.kind === 'failed' ? { [ATTRIBUTES.errorKind]: c.outcome.errorKind } : {}),
      };
      commandDuration.record(c.durationMs, metricAttributes);
      conflictsRetried.add(c.conflictsRetried, { [ATTRIBUTES.commandType]: c.commandType ?? 'invalid' });
    },
    appendFinished: (a: AppendFinished) => {
      // no stream id on a metric: one series per complaint would be unbounded
      appendDuration.record(a.durationMs, {
        [ATTRIBUTES.appendOutcome]: a.outcome.kind,
        ...(a.outcome.kind === 'failed' ? { [ATTRIBUTES.errorKind]: a.outcome.errorKind } : {}),
      });
    },
    projectionProgress: (p: ProjectionProgress) => {
      const attributes = { [ATTRIBUTES.projection]: p.projection, [ATTRIBUTES.projectionMode]: p.mode };
      if (p.eventsBehind !== undefined) projectionLag.record(p.eventsBehind, attributes);
      if (p.timeBehindMs !== undefined) projectionTimeBehind.record(p.timeBehindMs, attributes);
    },
  };
};
