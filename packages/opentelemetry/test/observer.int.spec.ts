import { afterEach, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type DataPoint, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics';
import {
  createCommandHandler,
  createInMemoryCheckpointStore,
  createInMemoryEventStore,
  observeStore,
  storeError,
  type EventStore,
} from '@cim-complaints/core';
import { createProjectionRunner, monitoringProjections } from '@cim-complaints/projections';
import { commands } from '@cim-complaints/testing';
import { ATTRIBUTES, METRICS, openTelemetryObserver } from '../src/index.js';

const clock = () => '2025-06-30T12:00:00Z';

const right = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};

const newStore = (): EventStore => right(createInMemoryEventStore());

/** A tracer and a meter exporting to memory, and what they have exported. */
const telemetry = () => {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const observer = openTelemetryObserver({ tracer: tracerProvider.getTracer('test'), meter: meterProvider.getMeter('test') });
  opened.push(async () => {
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
  });
  return {
    observer,
    spans: (): ReadableSpan[] => spanExporter.getFinishedSpans(),
    /** Every instrument's data as last exported, by name. */
    metrics: async (): Promise<Map<string, MetricData>> => {
      await reader.forceFlush();
      const last = metricExporter.getMetrics().at(-1);
      return new Map((last?.scopeMetrics ?? []).flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m]));
    },
  };
};

const opened: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of opened.splice(0)) await close();
});

/** The data point of an instrument whose attributes include `attributes`. */
const pointOf = <T>(metric: MetricData | undefined, attributes: Record<string, unknown>): DataPoint<T> | undefined =>
  (metric?.dataPoints as DataPoint<T>[] | undefined)?.find((p) => Object.entries(attributes).every(([k, v]) => p.attributes[k] === v));

/** A store on which someone else writes first the next `times` appends. */
const contended = (store: EventStore, times: number): EventStore => {
  let left = times;
  return {
    ...store,
    appendToStream: (streamId, expected, events) => {
      if (left <= 0) return store.appendToStream(streamId, expected, events);
      left -= 1;
      return TE.left(storeError('conflict', 'someone else wrote first', { streamId, expected, actual: 99 }));
    },
  };
};

describe('openTelemetryObserver', () => {
  describe('when commands go through a command handler', () => {
    it('records a span per command named by its type, with its ids, outcome, rejection code and attempts', async () => {
      const t = telemetry();
      const handle = createCommandHandler({ store: newStore(), clock, observer: t.observer });
      const c = commands('CIM-2025-0001', '2025-06-02T09:00:00Z');
      const receive = c.receive({ commandId: 'k-1' });
      await handle(receive)();
      await handle(receive)();
      await handle(c.close({ commandId: 'k-2' }))();
      await handle({ type: 'NotACommand' })();
      const spans = t.spans();
      expect(spans.map((s) => s.name)).toEqual([
        'cim-complaints.command ReceiveComplaint',
        'cim-complaints.command ReceiveComplaint',
        'cim-complaints.command CloseComplaint',
        'cim-complaints.command invalid',
      ]);
      expect(spans.map((s) => s.attributes)).toEqual([
        {
          [ATTRIBUTES.commandType]: 'ReceiveComplaint',
          [ATTRIBUTES.complaintId]: 'CIM-2025-0001',
          [ATTRIBUTES.commandId]: 'k-1',
          [ATTRIBUTES.outcome]: 'written',
          [ATTRIBUTES.eventsWritten]: 1,
          [ATTRIBUTES.attempts]: 1,
          [ATTRIBUTES.conflictsRetried]: 0,
        },
        {
          [ATTRIBUTES.commandType]: 'ReceiveComplaint',
          [ATTRIBUTES.complaintId]: 'CIM-2025-0001',
          [ATTRIBUTES.commandId]: 'k-1',
          [ATTRIBUTES.outcome]: 'already-done',
          [ATTRIBUTES.attempts]: 1,
          [ATTRIBUTES.conflictsRetried]: 0,
        },
        {
          [ATTRIBUTES.commandType]: 'CloseComplaint',
          [ATTRIBUTES.complaintId]: 'CIM-2025-0001',
          [ATTRIBUTES.commandId]: 'k-2',
          [ATTRIBUTES.outcome]: 'rejected',
          [ATTRIBUTES.rejectionCode]: 'no-response-issued',
          [ATTRIBUTES.attempts]: 1,
          [ATTRIBUTES.conflictsRetried]: 0,
        },
        { [ATTRIBUTES.outcome]: 'rejected', [ATTRIBUTES.rejectionCode]: 'invalid-command', [ATTRIBUTES.attempts]: 0, [ATTRIBUTES.conflictsRetried]: 0 },
      ]);
      // a rejection is an answer, not an error
      expect(spans.map((s) => s.status.code)).toEqual(Array(4).fill(SpanStatusCode.UNSET));
      for (const s of spans) {
        const [startS, startNs] = s.startTime;
        const [endS, endNs] = s.endTime;
        expect(endS * 1e9 + endNs).toBeGreaterThanOrEqual(startS * 1e9 + startNs);
        // timed from when the command began: within the last minute, not at the epoch
        expect(Math.abs(startS * 1000 - Date.now())).toBeLessThan(60_000);
      }
      const told = JSON.stringify(spans.map((s) => [s.name, s.attributes, s.status, s.events]));
      for (const personal of ['Alex Morgan', 'alex@example.org', 'Membership renewal charged twice']) expect(told).not.toContain(personal);
    });

    it('marks the span of a command the store failed as an error, with the error kind', async () => {
      const t = telemetry();
      const down: EventStore = { ...newStore(), readStream: () => TE.left(storeError('unavailable', 'the database is down')) };
      await createCommandHandler({ store: down, clock, observer: t.observer })(commands('c-1', '2025-06-02T09:00:00Z').receive())();
      const [span] = t.spans();
      expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'store error: unavailable' });
      expect(span!.attributes).toMatchObject({ [ATTRIBUTES.outcome]: 'failed', [ATTRIBUTES.errorKind]: 'unavailable' });
    });

    it('counts the conflicts retried, and records each command’s duration by outcome', async () => {
      const t = telemetry();
      const handle = createCommandHandler({ store: contended(newStore(), 2), clock, observer: t.observer });
      const c = commands('c-1', '2025-06-02T09:00:00Z');
      right(await handle(c.receive())());
      right(await handle(c.acknowledge())());
      await handle(c.close())();
      expect(t.spans()[0]!.attributes).toMatchObject({ [ATTRIBUTES.attempts]: 3, [ATTRIBUTES.conflictsRetried]: 2 });
      const metrics = await t.metrics();
      expect(pointOf<number>(metrics.get(METRICS.conflictsRetried), { [ATTRIBUTES.commandType]: 'ReceiveComplaint' })?.value).toBe(2);
      expect(pointOf<number>(metrics.get(METRICS.conflictsRetried), { [ATTRIBUTES.commandType]: 'AcknowledgeComplaint' })?.value).toBe(0);
      const durations = metrics.get(METRICS.commandDuration)!;
      expect(durations.descriptor.unit).toBe('ms');
      for (const type of ['ReceiveComplaint', 'AcknowledgeComplaint']) {
        expect(pointOf<Histogram>(durations, { [ATTRIBUTES.commandType]: type, [ATTRIBUTES.outcome]: 'written' })?.value.count).toBe(1);
      }
      expect(pointOf<Histogram>(durations, { [ATTRIBUTES.outcome]: 'rejected', [ATTRIBUTES.rejectionCode]: 'no-response-issued' })?.value.count).toBe(1);
    });
  });

  describe('when a store is observed', () => {
    it('records each append’s duration in milliseconds by outcome, without the stream', async () => {
      const t = telemetry();
      const store = observeStore(newStore(), t.observer);
      const handle = createCommandHandler({ store, clock });
      const c = commands('c-1', '2025-06-02T09:00:00Z');
      for (const command of [c.receive(), c.acknowledge(), c.assign()]) right(await handle(command)());
      const stale = await store.appendToStream('complaint-c-1', 0, right(await createCommandHandler({ store: newStore(), clock })(commands('c-2', '2025-06-02T09:00:00Z').receive())()).events)();
      expect(E.isLeft(stale)).toBe(true);
      const appends = (await t.metrics()).get(METRICS.appendDuration)!;
      expect(appends.descriptor.unit).toBe('ms');
      const appended = pointOf<Histogram>(appends, { [ATTRIBUTES.appendOutcome]: 'appended' })!;
      expect(appended.value.count).toBe(3);
      expect(appended.value.sum).toBeGreaterThanOrEqual(0);
      expect(pointOf<Histogram>(appends, { [ATTRIBUTES.appendOutcome]: 'failed', [ATTRIBUTES.errorKind]: 'conflict' })?.value.count).toBe(1);
      expect(appends.dataPoints.flatMap((p) => Object.values(p.attributes))).not.toContain('complaint-c-1');
    });
  });

  describe('when a projection runner reports its progress', () => {
    it('records each projection’s lag in events and in time, 0 once caught up', async () => {
      const t = telemetry();
      const store = newStore();
      const handle = createCommandHandler({ store, clock });
      for (let i = 1; i <= 3; i += 1) {
        const c = commands(`c-${i}`, '2025-06-02T09:00:00Z');
        for (const command of [c.receive(), c.acknowledge()]) right(await handle(command)());
      }
      const runner = createProjectionRunner({ store, projections: monitoringProjections, checkpoints: createInMemoryCheckpointStore(), checkpointEvery: 1, observer: t.observer });
      right(await runner.start());
      right(await runner.caughtUp());
      await runner.stop();
      const metrics = await t.metrics();
      const lag = metrics.get(METRICS.projectionLag)!;
      expect(lag.descriptor.unit).toBe('{event}');
      for (const p of monitoringProjections) {
        const attributes = { [ATTRIBUTES.projection]: p.name, [ATTRIBUTES.projectionMode]: 'live' };
        expect(pointOf<number>(lag, attributes)?.value).toBe(0);
        expect(pointOf<number>(metrics.get(METRICS.projectionTimeBehind), attributes)?.value).toBe(0);
      }
    });

    it('records the events behind that the runner counted', async () => {
      const t = telemetry();
      t.observer.projectionProgress?.({ projection: 'case-files', mode: 'live', position: 10n, caughtUp: false, eventsBehind: 7, timeBehindMs: 1500 });
      t.observer.projectionProgress?.({ projection: 'received', mode: 'rebuild', position: 10n, caughtUp: false });
      const metrics = await t.metrics();
      expect(metrics.get(METRICS.projectionLag)!.dataPoints).toEqual([expect.objectContaining({ attributes: { [ATTRIBUTES.projection]: 'case-files', [ATTRIBUTES.projectionMode]: 'live' }, value: 7 })]);
      expect(metrics.get(METRICS.projectionTimeBehind)!.dataPoints.map((p) => p.value)).toEqual([1500]);
    });
  });

  describe('when the tracer fails', () => {
    it('leaves the command handled as without it', async () => {
      const broken = {
        startSpan: () => {
          throw new Error('exporter down');
        },
      } as unknown as Tracer;
      const store = newStore();
      const handle = createCommandHandler({ store, clock, observer: openTelemetryObserver({ tracer: broken }) });
      const written = right(await handle(commands('c-1', '2025-06-02T09:00:00Z').receive())());
      expect(written.nextRevision).toBe(0);
    });
  });
});
