/**
 * A small HTTP service on node:http that embeds the library: commands in by POST, through the
 * command handler onto an SQLite store that seals personal data; the open caseload and one
 * complaint's SLA out by GET.
 *
 * @example
 * const running = await start(3000, { store: './complaints.db' }); // keys in ./complaints.keys.db
 * // POST /commands, GET /complaints?status=open, GET /complaints/CIM-2025-0001/sla
 * await running.close(); // stops listening, lets requests finish, closes the store and its keys
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createCommandHandler,
  createInMemoryCheckpointStore,
  defaultPolicyRegistry,
  DEFAULT_INPUT_LIMITS,
  evaluateSla,
  formatProblems,
  Instant,
  limitProblems,
  protectPersonalData,
  streamIdOf,
  streamProblems,
  type EventStore,
  type GlobalPosition,
  type Handled,
  type InputLimits,
  type RejectionCode,
  type StoreError,
} from '@cim-complaints/core';
import { caseFilesProjection, createProjectionRunner, openCaseload, reportedCasesAsOf, streamProblemsOf } from '@cim-complaints/projections';
import { createSqliteEventStore, createSqliteKeyStore } from '@cim-complaints/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { readJsonBody } from './body.js';

export interface StorePaths {
  /** The SQLite event store: created if missing. */
  readonly store: string;
  /** The key store (personal data's keys): default beside the store, `x.db` → `x.keys.db`. */
  readonly keys?: string;
}

export interface StartOptions {
  /** Where to listen; default `127.0.0.1`. */
  readonly host?: string;
  /** The largest request body read, in bytes; default 1 MiB (what `exec` takes as one line). */
  readonly maxBodyBytes?: number;
  /** The clock that stamps `recordedAt`, refuses commands from the future and is the default `asOf`. */
  readonly clock?: () => string;
  /** Attempts before a run of conflicts is answered 409; default the handler's (100). */
  readonly maxAttempts?: number;
  readonly limits?: InputLimits;
  /** Wraps the (sealing) store the command handler writes through: for tests, a competing writer. */
  readonly decorateStore?: (store: EventStore) => EventStore;
  /** Where internal errors are told (never a request body); default stderr. */
  readonly log?: (line: string) => void;
}

export interface Running {
  readonly server: Server;
  readonly port: number;
  /** `http://host:port` */
  readonly url: string;
  /** Stops listening, lets requests in flight finish, stops the read model and closes the store and its keys. Idempotent. */
  readonly close: () => Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The key store beside an event store: `x.db` → `x.keys.db`, else `x.keys`. */
export const keysPathFor = (storePath: string): string => (storePath.endsWith('.db') ? `${storePath.slice(0, -3)}.keys.db` : `${storePath}.keys`);

/** Refusals that are about the command id rather than the policy: the id conflicts with what the store holds. */
const CONFLICTING: ReadonlySet<RejectionCode> = new Set(['command-id-reused']);

/** The status of a handler's rejection: 400 a command that does not decode, 409 a reused id, 422 every refusal of the policy. */
export const statusOfRejection = (code: RejectionCode): 400 | 409 | 422 => (code === 'invalid-command' ? 400 : CONFLICTING.has(code) ? 409 : 422);

/** The status of a store failure: 409 a conflict the retries did not get past, 503 the store busy or away, else 500. */
export const statusOfStoreError = (error: StoreError): 409 | 500 | 503 =>
  error.kind === 'conflict' ? 409 : error.kind === 'unavailable' || error.kind === 'deadline-exceeded' ? 503 : 500;

type Json = Readonly<Record<string, unknown>>;

const send = (res: ServerResponse, status: number, body: Json, headers: Readonly<Record<string, string>> = {}): void => {
  const text = JSON.stringify(body, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
};

const fail = (res: ServerResponse, status: number, code: string, message: string, extra: Json = {}, headers: Readonly<Record<string, string>> = {}): void =>
  send(res, status, { error: { code, message, ...extra } }, headers);

const notAllowed = (res: ServerResponse, allow: string): void => fail(res, 405, 'method-not-allowed', `use ${allow}`, {}, { allow });

/** What a command did, without its data: the stream, its revision, and each event's type, id and revision. */
const decisionOf = (h: Handled): Json => ({
  complaintId: h.complaintId,
  streamId: h.streamId,
  revision: h.nextRevision,
  alreadyApplied: h.alreadyApplied,
  ...(h.position === undefined ? {} : { position: h.position.toString() }),
  status: h.state.status,
  events: h.events.map((e, i) => ({ type: e.type, eventId: e.metadata.eventId, revision: h.nextRevision - h.events.length + 1 + i })),
});

/** The query of a GET, refusing parameters it does not know. */
const queryOf = (url: URL, known: readonly string[]): E.Either<{ path: string; message: string }[], Record<string, string>> => {
  const problems: { path: string; message: string }[] = [];
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (!known.includes(key)) problems.push({ path: key, message: `unknown parameter (known: ${known.join(', ')})` });
    else if (key in query) problems.push({ path: key, message: 'given more than once' });
    else query[key] = value;
  }
  return problems.length === 0 ? E.right(query) : E.left(problems);
};

const asOfOf = (query: Record<string, string>, clock: () => string): E.Either<{ path: string; message: string }, Instant> => {
  const asOf = query['asOf'] ?? clock();
  return Instant.is(asOf) ? E.right(asOf) : E.left({ path: 'asOf', message: 'expected an ISO-8601 instant with an offset (2025-06-30T17:00:00+01:00)' });
};

/** Opens the store (sealing personal data) and its read model, and listens on `port` (0: any free port). */
export const start = async (port: number, paths: StorePaths, options: StartOptions = {}): Promise<Running> => {
  const clock = options.clock ?? (() => new Date().toISOString());
  const limits = options.limits ?? DEFAULT_INPUT_LIMITS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));

  const opened = createSqliteEventStore({ path: paths.store });
  if (E.isLeft(opened)) throw new Error(`cannot open the store: ${opened.left.message}`);
  const keys = createSqliteKeyStore({ path: paths.keys ?? keysPathFor(paths.store) });
  if (E.isLeft(keys)) {
    await opened.right.close?.();
    throw new Error(`cannot open the key store: ${keys.left.message}`);
  }
  const store = protectPersonalData(opened.right, keys.right); // names and contacts are sealed (C5)
  const writer = options.decorateStore === undefined ? store : options.decorateStore(store);
  const handle = createCommandHandler({ store: writer, clock, limits, ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }) });

  // The open caseload: the monitoring case files, kept live from the store (sealed: the case files keep no personal data).
  const runner = createProjectionRunner({ store: store.sealed, projections: [caseFilesProjection], checkpoints: createInMemoryCheckpointStore() });
  const started = await runner.start();
  const caughtUp = E.isRight(started) ? await runner.caughtUp() : started;
  if (E.isLeft(caughtUp)) {
    await runner.stop();
    await store.close();
    throw new Error(`cannot read the store: ${caughtUp.left.message}`);
  }
  // the last position this service wrote: a GET after a POST sees what the POST wrote
  let written: GlobalPosition | undefined;

  // Errors are answered as the core words them: its problems and rejections never quote a personal
  // value (a name, an email, a third party: docs/personal-data.md), so nothing here redacts.
  const postCommand = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readJsonBody(req, maxBodyBytes);
    if (!body.ok) {
      return fail(res, body.status, body.code, body.message, body.problems === undefined ? {} : { problems: body.problems }, body.status === 413 ? { connection: 'close' } : {});
    }
    const done = await handle(body.value)();
    if (E.isRight(done)) {
      const h = done.right;
      if (!h.alreadyApplied && h.position !== undefined && (written === undefined || h.position > written)) written = h.position;
      return send(res, h.alreadyApplied ? 200 : 201, decisionOf(h));
    }
    const error = done.left;
    if (error._tag === 'Rejection') {
      // a command that does not decode: 400, with every problem by path
      const problems = error.code === 'invalid-command' ? (error.details as { problems?: unknown } | undefined)?.problems : undefined;
      return fail(res, statusOfRejection(error.code), error.code, error.message, problems !== undefined ? { problems } : error.details === undefined ? {} : { details: error.details });
    }
    // `cause` is the driver's error object: not JSON, and not for a caller
    const { _tag: _t, kind, message, cause: _c, ...details } = error;
    const status = statusOfStoreError(error);
    return fail(res, status, `store-${kind}`, message, { details }, status === 503 ? { 'retry-after': '1' } : {});
  };

  const getCaseload = async (url: URL, res: ServerResponse): Promise<void> => {
    const query = queryOf(url, ['status', 'asOf']);
    if (E.isLeft(query)) return fail(res, 400, 'invalid-query', formatProblems(query.left), { problems: query.left });
    const status = query.right['status'] ?? 'open';
    if (status !== 'open') return fail(res, 400, 'invalid-query', 'status: only the open caseload is served (status=open)', { problems: [{ path: 'status', message: 'expected "open"' }] });
    const asOf = asOfOf(query.right, clock);
    if (E.isLeft(asOf)) return fail(res, 400, 'invalid-query', formatProblems([asOf.left]), { problems: [asOf.left] });
    if (written !== undefined) {
      const seen = await runner.waitFor(written);
      if (E.isLeft(seen)) return fail(res, 503, 'read-model-unavailable', 'the caseload cannot be read now', {}, { 'retry-after': '1' });
    }
    const caseFiles = runner.state(caseFilesProjection).state;
    const { complaints, reports, problems } = reportedCasesAsOf(caseFiles, asOf.right);
    // a stream that is not one history is left out of the figures and named, as the report does
    const broken = streamProblemsOf(caseFiles).map((p) => ({ complaintId: p.complaintId, code: p.kind, message: p.message, streamId: p.streamId, revision: p.revision }));
    return send(res, 200, { asOf: asOf.right, ...openCaseload(complaints, reports), problems: [...problems, ...broken] });
  };

  const getSla = async (complaintId: string, url: URL, res: ServerResponse): Promise<void> => {
    const query = queryOf(url, ['asOf']);
    if (E.isLeft(query)) return fail(res, 400, 'invalid-query', formatProblems(query.left), { problems: query.left });
    const asOf = asOfOf(query.right, clock);
    if (E.isLeft(asOf)) return fail(res, 400, 'invalid-query', formatProblems([asOf.left]), { problems: [asOf.left] });
    const idProblems = complaintId === '' ? [{ path: 'complaintId', message: 'expected a complaint id' }] : limitProblems(limits)({ complaintId });
    if (idProblems.length > 0) return fail(res, 400, 'invalid-complaint-id', formatProblems(idProblems), { problems: idProblems });
    // read sealed: the SLA needs no personal data, so no key is asked for
    const read = await store.sealed.readStream(streamIdOf(complaintId))();
    if (E.isLeft(read)) {
      const { _tag: _t, kind, message, cause: _c, ...details } = read.left;
      return fail(res, statusOfStoreError(read.left), `store-${kind}`, message, { details });
    }
    if (read.right.events.length === 0) return fail(res, 404, 'unknown-complaint', `no complaint ${complaintId}`);
    const broken = streamProblems(read.right.events);
    if (broken.length > 0) return fail(res, 500, 'inconsistent-stream', broken.map((p) => p.message).join('; '), { problems: broken });
    const sla = evaluateSla(defaultPolicyRegistry)(
      read.right.events.map((e) => e.event),
      asOf.right,
    );
    if (E.isLeft(sla)) return fail(res, 500, `sla-${sla.left.code}`, sla.left.message);
    return send(res, 200, sla.right as unknown as Json);
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const segments = url.pathname.split('/').slice(1);
    if (url.pathname === '/commands') return req.method === 'POST' ? postCommand(req, res) : notAllowed(res, 'POST');
    if (url.pathname === '/complaints') return req.method === 'GET' ? getCaseload(url, res) : notAllowed(res, 'GET');
    if (segments.length === 3 && segments[0] === 'complaints' && segments[2] === 'sla') {
      if (req.method !== 'GET') return notAllowed(res, 'GET');
      let id: string;
      try {
        id = decodeURIComponent(segments[1]!);
      } catch {
        return fail(res, 400, 'invalid-complaint-id', 'the complaint id is not a valid percent-encoded path segment');
      }
      return getSla(id, url, res);
    }
    return fail(res, 404, 'not-found', 'no such resource: POST /commands, GET /complaints?status=open, GET /complaints/{id}/sla');
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      log(`embed-http: ${req.method} ${new URL(req.url ?? '/', 'http://localhost').pathname} failed: ${error instanceof Error ? error.name : typeof error}`);
      if (!res.headersSent) fail(res, 500, 'internal-error', 'the request could not be handled');
      else res.destroy();
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await runner.stop();
    await store.close();
    throw error;
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await new Promise<void>((resolve) => {
        // requests in flight finish; idle keep-alive connections go now, any left after 5 s are cut
        const cut = setTimeout(() => server.closeAllConnections(), 5000);
        cut.unref();
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      });
      await runner.stop();
      await store.close();
    })());

  return { server, port: address.port, url: `http://${host}:${address.port}`, close };
};
