/**
 * The application service: decode a command, load its complaint, decide, and append with the
 * expected revision. A conflict means someone else wrote first: reload and decide again, a
 * bounded number of times. A command whose `commandId` is already in the stream, with the same
 * body, is answered with what it wrote the first time, and nothing is written; the same id with
 * another body, or on another complaint, is refused as `command-id-reused`. Every event written
 * carries the stream's hash chain (`digest`, `previousDigest`: chain.ts). An `observer` is told
 * when each command starts and how it ends, with its attempts and conflicts (observer.ts).
 *
 * @example
 * const handle = createCommandHandler({ store, clock: () => new Date().toISOString() });
 * const result = await handle(JSON.parse(line))();
 * // Right({ complaintId, events, nextRevision, alreadyApplied }) or Left(Rejection | StoreError)
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { commandTypes, decodeCommand, type CommandType, type ComplaintCommand } from '../complaint/commands.js';
import { complaintDecider, type createDecider } from '../complaint/decide.js';
import { toEnvelopes, type ComplaintEnvelope } from '../complaint/envelope.js';
import { rejection, type Rejection } from '../complaint/rejections.js';
import type { ComplaintState } from '../complaint/state.js';
import { streamIdOf } from '../complaint/stream.js';
import { instantMillis } from '../shared/codecs.js';
import { formatProblems, type Problem } from '../shared/errors.js';
import { DEFAULT_INPUT_LIMITS, type InputLimits } from '../shared/limits.js';
import { chainEnvelopes, contentDigest, unchainedPrefixDigest } from './chain.js';
import { commandDigest } from './command-digest.js';
import { storeError, type EventStore, type GlobalPosition, type RecordedEvent, type StoreError } from './event-store.js';
import { notifyObserver, type CommandOutcome, type CommandStarted, type ComplaintsObserver } from './observer.js';
import { storedContentOf, undecodableEvent } from './stored-event.js';

export interface CommandHandlerOptions {
  readonly store: EventStore;
  /** The application's clock, as an ISO instant: it stamps `recordedAt` and bounds `at`. */
  readonly clock: () => string;
  readonly decider?: ReturnType<typeof createDecider>;
  /** Attempts before a run of conflicts is given up as a `conflict` error. Default 100. */
  readonly maxAttempts?: number;
  /** How far `at` may run ahead of the clock (clock skew between systems). Default 0. */
  readonly futureToleranceMs?: number;
  readonly streamPrefix?: string;
  /** Size limits on commands (identifiers, texts, lists); default `DEFAULT_INPUT_LIMITS`. */
  readonly limits?: InputLimits;
  /** Told when each command starts and how it ends (observer.ts); a hook that throws is ignored. */
  readonly observer?: ComplaintsObserver;
}

export interface Handled {
  readonly complaintId: string;
  readonly streamId: string;
  readonly command: ComplaintCommand;
  /**
   * The events the command wrote (or, when `alreadyApplied`, wrote the first time), as decided: a
   * store that seals personal data (`protectPersonalData`) stores them sealed, with their chain
   * computed again over what it stores; read the stream for the stored digests.
   */
  readonly events: readonly ComplaintEnvelope[];
  /** The stream's revision after the command's events. */
  readonly nextRevision: number;
  readonly position?: GlobalPosition;
  /** True when the command id had already been applied and nothing was written now. */
  readonly alreadyApplied: boolean;
  readonly attempts: number;
  readonly state: ComplaintState;
}

export type HandlerError = Rejection | StoreError;

/** How many attempts a command took, and how many conflicts were decided again. */
interface Tally {
  attempts: number;
  conflictsRetried: number;
}

/** The outcome an observer is told: codes and kinds only, never a message. */
const outcomeOf = (result: E.Either<HandlerError, Handled>): CommandOutcome =>
  E.isRight(result)
    ? result.right.alreadyApplied
      ? { kind: 'already-done' }
      : { kind: 'written', eventCount: result.right.events.length }
    : result.left._tag === 'Rejection'
      ? { kind: 'rejected', code: result.left.code }
      : { kind: 'failed', errorKind: result.left.kind };

/** The `type` of input that does not decode, when it names a command (anything else could be anything). */
const knownTypeOf = (input: unknown): CommandType | undefined => {
  const type = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
  return commandTypes.find((known) => known === type);
};

/** Builds the handler: `(input) => TaskEither<Rejection | StoreError, Handled>`. */
export const createCommandHandler = (options: CommandHandlerOptions) => {
  const decider = options.decider ?? complaintDecider;
  const maxAttempts = options.maxAttempts ?? 100;
  const tolerance = options.futureToleranceMs ?? 0;

  // the decider's fold copies the case once per load, where a reduce of evolve copies it at every event
  const load = (events: readonly RecordedEvent[]): ComplaintState => decider.fold(events.map((recorded) => recorded.event), decider.initialState);

  /**
   * What the next event of a stream links to: nothing on a new stream, else the digest the last
   * event carries. Events stored before the chain existed carry none: the link is then the digest
   * of everything stored before, read raw (an upcast event is not what was stored).
   */
  const chainLink = async (streamId: string, events: readonly RecordedEvent[]): Promise<E.Either<StoreError, string | undefined>> => {
    const last = events[events.length - 1];
    if (last === undefined) return E.right(undefined);
    if (last.event.metadata.digest !== undefined) return E.right(last.event.metadata.digest);
    const raw = await options.store.readRawStream(streamId)();
    if (E.isLeft(raw)) return raw;
    const digests: string[] = [];
    for (const row of raw.right.filter((r) => Number.isSafeInteger(r.revision) && r.revision >= 0 && r.revision <= last.revision)) {
      const content = storedContentOf(row);
      if (E.isLeft(content)) return E.left(undecodableEvent({ streamId, revision: row.revision, position: row.position }, content.left));
      digests.push(contentDigest(content.right));
    }
    return E.right(unchainedPrefixDigest(digests));
  };

  const attempt = async (command: ComplaintCommand, digest: string, streamId: string, attemptNo: number): Promise<E.Either<HandlerError, Handled>> => {
    const read = await options.store.readStream(streamId)();
    if (E.isLeft(read)) return read;
    const { events, revision } = read.right;
    const earlier = events.filter((e) => e.event.metadata.commandId === command.commandId);
    // Events stored before digests were kept cannot tell a retry from a reuse: they count as a retry.
    const reused = earlier.find((e) => e.event.metadata.commandDigest !== undefined && e.event.metadata.commandDigest !== digest);
    if (reused !== undefined) {
      return E.left(
        rejection('command-id-reused', `command id ${command.commandId} was already used on ${command.complaintId} for a different command (${streamId}@${reused.revision}, ${reused.event.type}); use a new id for a new intent`, {
          commandId: command.commandId,
          streamId,
          revision: reused.revision,
        }),
      );
    }
    if (earlier.length > 0) {
      const last = earlier[earlier.length - 1]!;
      return E.right({
        complaintId: command.complaintId,
        streamId,
        command,
        events: earlier.map((e) => e.event),
        nextRevision: last.revision,
        position: last.position,
        alreadyApplied: true,
        attempts: attemptNo,
        state: load(events.filter((e) => e.revision <= last.revision)),
      });
    }
    const state = load(events);
    const decision = decider.decide(command, state);
    if (E.isLeft(decision)) return decision;
    const newEvents = decision.right;
    const policy = state.status !== 'none' ? state.policy : newEvents[0]?.type === 'ComplaintReceived' ? newEvents[0].data.policy : '';
    const link = await chainLink(streamId, events);
    if (E.isLeft(link)) return link;
    // The expected revision below is what keeps the chain from forking: a writer that linked to a stale head conflicts.
    const envelopes = chainEnvelopes(
      toEnvelopes(command, newEvents, {
        recordedAt: options.clock(),
        policy,
        commandDigest: digest,
        ...(command.correlationId === undefined ? {} : { correlationId: command.correlationId }),
      }),
      link.right,
    );
    const appended = await options.store.appendToStream(streamId, revision, envelopes)();
    if (E.isLeft(appended)) {
      // Event ids derive from the command id: a store that already holds one elsewhere saw this id on another complaint.
      if (appended.left.kind === 'invalid-write' && appended.left.existingStreamId !== undefined && appended.left.existingStreamId !== streamId) {
        return E.left(
          rejection('command-id-reused', `command id ${command.commandId} was already used on another complaint (${appended.left.existingStreamId}); use a new id for a new intent`, {
            commandId: command.commandId,
            streamId: appended.left.existingStreamId,
          }),
        );
      }
      return appended;
    }
    return E.right({
      complaintId: command.complaintId,
      streamId,
      command,
      events: envelopes,
      nextRevision: appended.right.nextRevision,
      position: appended.right.position,
      alreadyApplied: false,
      attempts: attemptNo,
      state: decider.fold(newEvents, state),
    });
  };

  const handleCommand = async (command: ComplaintCommand, tally: Tally): Promise<E.Either<HandlerError, Handled>> => {
    const now = options.clock();
    if (instantMillis(command.at) > instantMillis(now) + tolerance) {
      return E.left(rejection('command-in-future', `${command.type} at ${command.at} is later than now (${now})`, { at: command.at, now }));
    }
    const streamId = streamIdOf(command.complaintId, options.streamPrefix);
    const digest = commandDigest(command);
    for (let n = 1; n <= maxAttempts; n += 1) {
      tally.attempts = n;
      const result = await attempt(command, digest, streamId, n);
      if (E.isRight(result) || result.left._tag === 'Rejection' || result.left.kind !== 'conflict') return result;
      if (n < maxAttempts) tally.conflictsRetried += 1;
    }
    return E.left(storeError('conflict', `gave up on ${command.type} for ${streamId} after ${maxAttempts} conflicting attempts`, { streamId }));
  };

  const decodeAndHandle = (decoded: E.Either<Problem[], ComplaintCommand>, tally: Tally): Promise<E.Either<HandlerError, Handled>> =>
    E.isLeft(decoded)
      ? Promise.resolve(E.left(rejection('invalid-command', `the command does not decode: ${formatProblems(decoded.left)}`, { problems: decoded.left })))
      : handleCommand(decoded.right, tally);

  /** Handles one command given as parsed JSON (or already typed). */
  const handle =
    (input: unknown): TE.TaskEither<HandlerError, Handled> =>
    async () => {
      const { observer } = options;
      // timed from before decoding: a large command's decoding is part of what it costs
      const startedAt = observer === undefined ? 0 : performance.now();
      const decoded = decodeCommand(input, options.limits ?? DEFAULT_INPUT_LIMITS);
      const tally: Tally = { attempts: 0, conflictsRetried: 0 };
      if (observer === undefined) return decodeAndHandle(decoded, tally);
      const started: CommandStarted = E.isRight(decoded)
        ? { commandType: decoded.right.type, complaintId: decoded.right.complaintId, commandId: decoded.right.commandId, startedAt }
        : { commandType: knownTypeOf(input), complaintId: undefined, commandId: undefined, startedAt };
      notifyObserver(observer, 'commandStarted', started);
      const finish = (outcome: CommandOutcome) =>
        notifyObserver(observer, 'commandFinished', { ...started, outcome, attempts: tally.attempts, conflictsRetried: tally.conflictsRetried, durationMs: performance.now() - startedAt });
      try {
        const result = await decodeAndHandle(decoded, tally);
        finish(outcomeOf(result));
        return result;
      } catch (error) {
        // a bug that throws is reported as a failure, and still thrown
        finish({ kind: 'failed', errorKind: 'unknown' });
        throw error;
      }
    };

  return handle;
};
