/**
 * StandInEventStoreServer: TEST CODE, a stand-in for EventStoreDB that speaks its gRPC protocol
 * well enough for the real clients (`@eventstore/db-client` 6.2 and `@kurrent/kurrentdb-client`
 * 1.x, each served its own package's stubs: option `client`) to run the store contract suite
 * over real gRPC. It is not a store: it keeps everything in memory and models only what the
 * adapter relies on.
 *
 * It implements `Streams.Read` (stream reads both ways, `$all` reads, `$all` subscriptions with
 * stream/event-type filters as the server reads them (a regex when given, else prefixes; reads
 * count what passes), checkpoints and — optionally — `CaughtUp`), `Streams.Append`,
 * `Streams.BatchAppend` (wrong expected version as a `google.rpc.Status` with a packed
 * `WrongExpectedVersion`, as the server does) and `ServerFeatures.GetSupportedMethods`.
 * Positions are byte-offset-like (commit = prepare, increasing, not consecutive). Subscriptions
 * are fed from a queue on a later tick than the append, never inline.
 *
 * Not modelled (see docs/eventstoredb.md): the duplicate-id cache (it forgets every id, the
 * worst case), soft delete and tombstones, `$maxCount`/`$maxAge` (metadata is stored, not
 * enforced), links and projections, access control, clusters and NotLeader, deadlines, size
 * limits, stream subscriptions, persistent subscriptions.
 *
 * @example
 * const server = await StandInEventStoreServer.start();
 * const client = EventStoreDBClient.connectionString(server.connectionString); // esdb://127.0.0.1:<port>?tls=false
 * const kurrent = await StandInEventStoreServer.start({ client: 'kurrentdb' }); // kurrentdb://…, for KurrentDBClient
 * await server.stop();
 */
import type * as grpcTypes from '@grpc/grpc-js';
import type { UUID as UUIDT } from '@eventstore/db-client/generated/shared_pb.js';
import type { ReadReq as ReadReqT, AppendReq as AppendReqT, BatchAppendReq as BatchAppendReqT, ReadResp as ReadRespT } from '@eventstore/db-client/generated/streams_pb.js';
import { protocolOf, type Protocol, type StandInClient } from './protocol.js';

interface StoredRecord {
  readonly streamId: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
  readonly position: bigint;
  readonly created: string;
}

interface Proposed {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

type Expected = { readonly kind: 'any' } | { readonly kind: 'no-stream' } | { readonly kind: 'exists' } | { readonly kind: 'revision'; readonly revision: bigint };

type AppendOutcome =
  | { readonly ok: true; readonly revision: bigint; readonly position: bigint }
  | { readonly ok: false; readonly current: bigint | undefined; readonly expected: Expected };

export interface StandInOptions {
  /** Send `CaughtUp` when a subscription reaches the end, as servers from 23.10 do; default true. */
  readonly signalCaughtUp?: boolean;
  /** Advertise BatchAppend (real servers do; the client then uses it); default true. */
  readonly advertiseBatchAppend?: boolean;
  /** System events written at start, so `$all` is never only ours (a real `$all` never is); default true. */
  readonly seedSystemEvents?: boolean;
  /**
   * Which client it serves (default `eventstoredb`): the stand-in loads that package's gRPC stubs,
   * since one process cannot load both packages' global protobuf classes.
   */
  readonly client?: StandInClient;
}

const uuidOf = (id: { getString(): string } | undefined): string => id?.getString() ?? '';
const nameOf = (identifier: { getStreamName_asU8(): Uint8Array } | undefined): string =>
  identifier === undefined ? '' : Buffer.from(identifier.getStreamName_asU8()).toString('utf8');

const toProposed = (message: AppendReqT.ProposedMessage | BatchAppendReqT.ProposedMessage): Proposed => {
  const map = message.getMetadataMap();
  return {
    id: uuidOf(message.getId()),
    type: map.get('type') ?? '',
    contentType: map.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
};

export class StandInEventStoreServer {
  private readonly log: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  private nextPosition = 0n;
  private readonly waiters = new Set<() => void>();
  private readonly calls = new Set<grpcTypes.ServerWritableStream<ReadReqT, ReadRespT>>();
  /** Appends seen, by method: shows which path the client took. */
  readonly appendCalls = { append: 0, batchAppend: 0 };
  /** The filters of the `$all` reads and subscriptions it was asked for: shows what the client filtered server-side. */
  readonly filteredReads: { readonly on: 'stream' | 'event-type'; readonly prefixes?: readonly string[]; readonly regex?: string; readonly subscription: boolean }[] = [];
  /** `$all` reads and subscriptions without a filter. */
  unfilteredAllReads = 0;

  private constructor(
    private readonly server: grpcTypes.Server,
    readonly port: number,
    private readonly pb: Protocol,
    private readonly options: Required<StandInOptions>,
  ) {}

  /** Starts on 127.0.0.1 at an ephemeral port, without TLS. */
  static async start(options: StandInOptions = {}): Promise<StandInEventStoreServer> {
    const client = options.client ?? 'eventstoredb';
    const pb = protocolOf(client);
    const server = new pb.grpc.Server();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', pb.grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    const standIn = new StandInEventStoreServer(server, port, pb, {
      signalCaughtUp: options.signalCaughtUp ?? true,
      advertiseBatchAppend: options.advertiseBatchAppend ?? true,
      seedSystemEvents: options.seedSystemEvents ?? true,
      client,
    });
    standIn.register();
    if (standIn.options.seedSystemEvents) standIn.seed();
    return standIn;
  }

  /** The connection string for the client it serves: `esdb://` for the EventStoreDB client, `kurrentdb://` for the Kurrent client. */
  get connectionString(): string {
    return `${this.options.client === 'kurrentdb' ? 'kurrentdb' : 'esdb'}://127.0.0.1:${this.port}?tls=false`;
  }

  /** Stops at once: open calls are cancelled. */
  async stop(): Promise<void> {
    for (const wake of [...this.waiters]) wake();
    for (const call of this.calls) call.end();
    this.server.forceShutdown();
  }

  /** Writes a system event, as a node does (statistics, epochs): tests that `$all` readers skip them. */
  writeSystemEvent(type = '$statsCollected'): void {
    this.write('$stats-127.0.0.1:2113', { kind: 'any' }, [{ id: crypto.randomUUID(), type, contentType: 'application/json', data: Buffer.from('{}'), metadata: new Uint8Array() }]);
  }

  private seed(): void {
    this.write('$epoch-information', { kind: 'any' }, [{ id: crypto.randomUUID(), type: '$epoch-information', contentType: 'application/json', data: Buffer.from('{"epochNumber":0}'), metadata: new Uint8Array() }]);
    this.writeSystemEvent();
  }

  private register(): void {
    this.server.addService(this.pb.StreamsService, {
      read: (call: grpcTypes.ServerWritableStream<ReadReqT, ReadRespT>) => this.read(call),
      append: (call: grpcTypes.ServerReadableStream<AppendReqT, unknown>, callback: grpcTypes.sendUnaryData<unknown>) => this.append(call, callback),
      batchAppend: (call: grpcTypes.ServerDuplexStream<BatchAppendReqT, unknown>) => this.batchAppend(call),
      delete: (_call: unknown, callback: grpcTypes.sendUnaryData<unknown>) => callback({ code: this.pb.grpc.status.UNIMPLEMENTED, details: 'the stand-in does not delete' }),
      tombstone: (_call: unknown, callback: grpcTypes.sendUnaryData<unknown>) => callback({ code: this.pb.grpc.status.UNIMPLEMENTED, details: 'the stand-in does not tombstone' }),
    });
    this.server.addService(this.pb.ServerFeaturesService, {
      getSupportedMethods: (_call: unknown, callback: grpcTypes.sendUnaryData<unknown>) => {
        const methods = new this.pb.serverFeaturesPb.SupportedMethods();
        methods.setEventStoreServerVersion('23.10.0-stand-in');
        const names = ['read', 'append', ...(this.options.advertiseBatchAppend ? ['batchappend'] : [])];
        methods.setMethodsList(
          names.map((name) => {
            const method = new this.pb.serverFeaturesPb.SupportedMethod();
            method.setServiceName('event_store.client.streams.streams');
            method.setMethodName(name);
            return method;
          }),
        );
        callback(null, methods);
      },
    });
  }

  // ---- writing ----

  /** Applies one append atomically (the caller runs it synchronously, so appends never interleave). */
  private write(streamId: string, expected: Expected, events: readonly Proposed[]): AppendOutcome {
    const records = this.streams.get(streamId) ?? [];
    const current = records.length === 0 ? undefined : BigInt(records.length - 1);
    const matches =
      expected.kind === 'any' ||
      (expected.kind === 'no-stream' && current === undefined) ||
      (expected.kind === 'exists' && current !== undefined) ||
      (expected.kind === 'revision' && current === expected.revision);
    if (!matches) return { ok: false, current, expected };
    let last: StoredRecord | undefined;
    for (const event of events) {
      const record: StoredRecord = {
        streamId,
        revision: BigInt(records.length),
        id: event.id,
        type: event.type,
        contentType: event.contentType,
        data: event.data,
        metadata: event.metadata,
        position: this.nextPosition,
        created: (BigInt(Date.now()) * 10_000n).toString(10),
      };
      // Byte-offset-like: a record header plus its payload, as a transaction file would grow.
      this.nextPosition += 120n + BigInt(streamId.length + event.type.length + event.data.length + event.metadata.length);
      records.push(record);
      this.log.push(record);
      last = record;
    }
    this.streams.set(streamId, records);
    // Subscribers wake on a later tick: delivery is never inline with the append.
    setImmediate(() => {
      for (const wake of [...this.waiters]) wake();
    });
    return last === undefined ? { ok: true, revision: current ?? -1n, position: this.nextPosition } : { ok: true, revision: last.revision, position: last.position };
  }

  private append(call: grpcTypes.ServerReadableStream<AppendReqT, unknown>, callback: grpcTypes.sendUnaryData<unknown>): void {
    this.appendCalls.append += 1;
    let options: AppendReqT.Options | undefined;
    const events: Proposed[] = [];
    call.on('data', (request: AppendReqT) => {
      if (request.hasOptions()) options = request.getOptions();
      else if (request.hasProposedMessage()) events.push(toProposed(request.getProposedMessage()!));
    });
    call.on('end', () => {
      if (options === undefined) return callback({ code: this.pb.grpc.status.INVALID_ARGUMENT, details: 'no options' });
      const expected: Expected = options.hasRevision()
        ? { kind: 'revision', revision: BigInt(options.getRevision()) }
        : options.hasNoStream()
          ? { kind: 'no-stream' }
          : options.hasStreamExists()
            ? { kind: 'exists' }
            : { kind: 'any' };
      const outcome = this.write(nameOf(options.getStreamIdentifier()), expected, events);
      const response = new this.pb.streamsPb.AppendResp();
      if (outcome.ok) {
        const success = new this.pb.streamsPb.AppendResp.Success();
        success.setCurrentRevision(outcome.revision.toString(10));
        const position = new this.pb.streamsPb.AppendResp.Position();
        position.setCommitPosition(outcome.position.toString(10));
        position.setPreparePosition(outcome.position.toString(10));
        success.setPosition(position);
        response.setSuccess(success);
      } else {
        const wrong = new this.pb.streamsPb.AppendResp.WrongExpectedVersion();
        if (outcome.current === undefined) wrong.setCurrentNoStream(new this.pb.sharedPb.Empty());
        else wrong.setCurrentRevision(outcome.current.toString(10));
        if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString(10));
        else if (expected.kind === 'no-stream') wrong.setExpectedNoStream(new this.pb.sharedPb.Empty());
        else if (expected.kind === 'exists') wrong.setExpectedStreamExists(new this.pb.sharedPb.Empty());
        else wrong.setExpectedAny(new this.pb.sharedPb.Empty());
        response.setWrongExpectedVersion(wrong);
      }
      callback(null, response);
    });
  }

  private batchAppend(call: grpcTypes.ServerDuplexStream<BatchAppendReqT, unknown>): void {
    const pending = new Map<string, { options?: BatchAppendReqT.Options; events: Proposed[] }>();
    call.on('data', (request: BatchAppendReqT) => {
      const correlation = uuidOf(request.getCorrelationId());
      const batch = pending.get(correlation) ?? { events: [] };
      if (request.hasOptions()) batch.options = request.getOptions();
      batch.events.push(...request.getProposedMessagesList().map(toProposed));
      pending.set(correlation, batch);
      if (!request.getIsFinal()) return;
      pending.delete(correlation);
      this.appendCalls.batchAppend += 1;
      call.write(this.batchOutcome(request.getCorrelationId()!, batch.options, batch.events));
    });
    call.on('end', () => call.end());
    call.on('error', () => undefined);
  }

  private batchOutcome(correlationId: UUIDT, options: BatchAppendReqT.Options | undefined, events: readonly Proposed[]) {
    const response = new this.pb.streamsPb.BatchAppendResp();
    response.setCorrelationId(correlationId);
    if (options === undefined) {
      const status = new this.pb.statusPb.Status();
      status.setCode(3);
      status.setMessage('the first message of a batch must carry its options');
      response.setError(status);
      return response;
    }
    const identifier = options.getStreamIdentifier()!;
    response.setStreamIdentifier(identifier);
    const expected: Expected = options.hasStreamPosition()
      ? { kind: 'revision', revision: BigInt(options.getStreamPosition()) }
      : options.hasNoStream()
        ? { kind: 'no-stream' }
        : options.hasStreamExists()
          ? { kind: 'exists' }
          : { kind: 'any' };
    if (expected.kind === 'revision') response.setStreamPosition(expected.revision.toString(10));
    else if (expected.kind === 'no-stream') response.setNoStream(new this.pb.emptyPb.Empty());
    else if (expected.kind === 'exists') response.setStreamExists(new this.pb.emptyPb.Empty());
    else response.setAny(new this.pb.emptyPb.Empty());
    const outcome = this.write(nameOf(identifier), expected, events);
    if (outcome.ok) {
      const success = new this.pb.streamsPb.BatchAppendResp.Success();
      success.setCurrentRevision(outcome.revision.toString(10));
      const position = new this.pb.sharedPb.AllStreamPosition();
      position.setCommitPosition(outcome.position.toString(10));
      position.setPreparePosition(outcome.position.toString(10));
      success.setPosition(position);
      response.setSuccess(success);
      return response;
    }
    // As the server does: a google.rpc.Status whose details pack a WrongExpectedVersion.
    const wrong = new this.pb.sharedPb.WrongExpectedVersion();
    if (outcome.current === undefined) wrong.setCurrentNoStream(new this.pb.emptyPb.Empty());
    else wrong.setCurrentStreamRevision(outcome.current.toString(10));
    if (expected.kind === 'revision') wrong.setExpectedStreamPosition(expected.revision.toString(10));
    else if (expected.kind === 'no-stream') wrong.setExpectedNoStream(new this.pb.emptyPb.Empty());
    else if (expected.kind === 'exists') wrong.setExpectedStreamExists(new this.pb.emptyPb.Empty());
    else wrong.setExpectedAny(new this.pb.emptyPb.Empty());
    const details = new this.pb.anyPb.Any();
    details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
    const status = new this.pb.statusPb.Status();
    status.setCode(9);
    status.setMessage('WrongExpectedVersion');
    status.setDetails(details);
    response.setError(status);
    return response;
  }

  // ---- reading ----

  private toReadResp(record: StoredRecord): ReadRespT {
    const recorded = new this.pb.streamsPb.ReadResp.ReadEvent.RecordedEvent();
    const id = new this.pb.sharedPb.UUID();
    id.setString(record.id);
    recorded.setId(id);
    const identifier = new this.pb.sharedPb.StreamIdentifier();
    identifier.setStreamName(Buffer.from(record.streamId, 'utf8'));
    recorded.setStreamIdentifier(identifier);
    recorded.setStreamRevision(record.revision.toString(10));
    recorded.setCommitPosition(record.position.toString(10));
    recorded.setPreparePosition(record.position.toString(10));
    const map = recorded.getMetadataMap();
    map.set('type', record.type);
    map.set('content-type', record.contentType);
    map.set('created', record.created);
    recorded.setCustomMetadata(record.metadata);
    recorded.setData(record.data);
    const event = new this.pb.streamsPb.ReadResp.ReadEvent();
    event.setEvent(recorded);
    event.setCommitPosition(record.position.toString(10));
    const response = new this.pb.streamsPb.ReadResp();
    response.setEvent(event);
    return response;
  }

  private read(call: grpcTypes.ServerWritableStream<ReadReqT, ReadRespT>): void {
    const options = call.request.getOptions();
    if (options === undefined) return void call.destroy(Object.assign(new Error('no options'), { code: this.pb.grpc.status.INVALID_ARGUMENT }));
    const forwards = options.getReadDirection() === this.pb.streamsPb.ReadReq.Options.ReadDirection.FORWARDS;
    const count = options.hasCount() ? Number(BigInt(options.getCount())) : Number.MAX_SAFE_INTEGER;
    if (options.hasStream()) {
      if (options.hasSubscription()) return void call.destroy(Object.assign(new Error('the stand-in does not subscribe to streams'), { code: this.pb.grpc.status.UNIMPLEMENTED }));
      return this.readStream(call, options.getStream()!, forwards, count);
    }
    const all = options.getAll()!;
    const accept = this.filterOf(options);
    if (options.hasSubscription()) return void this.subscribe(call, all, accept, options);
    let records: StoredRecord[];
    if (forwards) {
      // Reading $all forwards from P includes the event at P (as the server does).
      const from = all.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : all.hasEnd() ? this.nextPosition : 0n;
      records = this.log.filter((r) => r.position >= from);
    } else {
      const before = all.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : this.nextPosition;
      records = this.log.filter((r) => r.position < before).reverse();
    }
    this.writeAll(call, records.filter(accept).slice(0, count));
  }

  private readStream(call: grpcTypes.ServerWritableStream<ReadReqT, ReadRespT>, stream: ReadReqT.Options.StreamOptions, forwards: boolean, count: number): void {
    const identifier = stream.getStreamIdentifier()!;
    const records = this.streams.get(nameOf(identifier));
    if (records === undefined || records.length === 0) {
      const notFound = new this.pb.streamsPb.ReadResp.StreamNotFound();
      notFound.setStreamIdentifier(identifier);
      const response = new this.pb.streamsPb.ReadResp();
      response.setStreamNotFound(notFound);
      call.write(response);
      call.end();
      return;
    }
    const last = records.length - 1;
    const from = stream.hasRevision() ? Number(BigInt(stream.getRevision())) : stream.hasEnd() ? last : forwards ? 0 : last;
    const selected = forwards ? records.slice(from) : records.slice(0, Math.min(from, last) + 1).reverse();
    this.writeAll(call, selected.slice(0, count));
  }

  private writeAll(call: grpcTypes.ServerWritableStream<ReadReqT, ReadRespT>, records: readonly StoredRecord[]): void {
    for (const record of records) call.write(this.toReadResp(record));
    call.end();
  }

  /**
   * A filter as the server reads it (its `EventFilter`): on the stream name or the event type, a
   * regex when one is given, else the prefixes (any of them; none matches nothing). Reads and
   * subscriptions of `$all` both honour it; for a read, `count` counts the events that pass.
   */
  private filterOf(options: ReadReqT.Options): (record: StoredRecord) => boolean {
    if (!options.hasFilter()) {
      this.unfilteredAllReads += 1;
      return () => true;
    }
    const filter = options.getFilter()!;
    const onStream = filter.hasStreamIdentifier();
    const expression = onStream ? filter.getStreamIdentifier()! : filter.getEventType()!;
    const prefixes = expression.getPrefixList();
    const regex = expression.getRegex() === '' ? undefined : new RegExp(expression.getRegex());
    this.filteredReads.push({ on: onStream ? 'stream' : 'event-type', ...(regex === undefined ? { prefixes: [...prefixes] } : { regex: expression.getRegex() }), subscription: options.hasSubscription() });
    return (record) => {
      const subject = onStream ? record.streamId : record.type;
      return regex === undefined ? prefixes.some((p) => subject.startsWith(p)) : regex.test(subject);
    };
  }

  /** A `$all` subscription: its own cursor into the log, woken from a queue after each append. */
  private async subscribe(
    call: grpcTypes.ServerWritableStream<ReadReqT, ReadRespT>,
    all: ReadReqT.Options.AllOptions,
    accept: (record: StoredRecord) => boolean,
    options: ReadReqT.Options,
  ): Promise<void> {
    this.calls.add(call);
    let open = true;
    let wake: (() => void) | undefined;
    const stop = () => {
      open = false;
      wake?.();
    };
    call.on('cancelled', stop);
    call.on('close', stop);
    call.on('error', stop);
    const send = async (response: ReadRespT) => {
      // Respect flow control, as a server would: a slow consumer holds the subscription back.
      if (!call.write(response)) await new Promise<void>((resolve) => call.once('drain', resolve));
    };
    const confirmation = new this.pb.streamsPb.ReadResp.SubscriptionConfirmation();
    confirmation.setSubscriptionId(crypto.randomUUID());
    const confirm = new this.pb.streamsPb.ReadResp();
    confirm.setConfirmation(confirmation);
    await send(confirm);

    // Subscribing from P excludes the event at P; from the end, only new events.
    let index: number;
    if (all.hasPosition()) {
      const from = BigInt(all.getPosition()!.getCommitPosition());
      index = this.log.findIndex((r) => r.position > from);
      if (index < 0) index = this.log.length;
    } else index = all.hasEnd() ? this.log.length : 0;

    const filtered = options.hasFilter();
    const window = filtered ? (options.getFilter()!.hasMax() ? options.getFilter()!.getMax() : 32) * Math.max(1, options.getFilter()!.getCheckpointintervalmultiplier()) : 0;
    let scanned = 0;
    let caughtUpSent = false;
    while (open) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (open && index < this.log.length) {
        const record = this.log[index]!;
        index += 1;
        if (accept(record)) await send(this.toReadResp(record));
        scanned += 1;
        if (filtered && scanned % window === 0) {
          const checkpoint = new this.pb.streamsPb.ReadResp.Checkpoint();
          checkpoint.setCommitPosition(record.position.toString(10));
          checkpoint.setPreparePosition(record.position.toString(10));
          const response = new this.pb.streamsPb.ReadResp();
          response.setCheckpoint(checkpoint);
          await send(response);
        }
      }
      if (!open) break;
      if (!caughtUpSent && this.options.signalCaughtUp) {
        caughtUpSent = true;
        const response = new this.pb.streamsPb.ReadResp();
        response.setCaughtUp(new this.pb.streamsPb.ReadResp.CaughtUp());
        await send(response);
      }
      if (index >= this.log.length) {
        await new Promise<void>((resolve) => {
          wake = () => {
            this.waiters.delete(wakeOnce);
            resolve();
          };
          const wakeOnce = () => wake?.();
          this.waiters.add(wakeOnce);
          if (!open) wake();
        });
      }
    }
    this.calls.delete(call);
  }
}
