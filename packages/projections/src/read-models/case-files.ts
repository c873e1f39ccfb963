/**
 * Case files: per complaint, the lifecycle events that monitoring needs, slimmed of personal
 * data (the complainant's name and contact details, a third party's name on a letter, free-text
 * summaries, reasons and findings: C5) and
 * without correspondence and third-party events, which never change what monitoring counts.
 * Other read models fold a case file with core's own `evolve` up to an instant, so the status,
 * SLA and actions they report are exactly the domain's, as of any instant asked about.
 * Memory: bounded by the number of complaints and their lifecycle steps, not by the log.
 *
 * Each case file's events folded whole (`digestOf`: the complaint, its SLA facts, its latest
 * instant) are kept beside it in memory once a report has asked, so a later report as of an
 * instant after every event of a case (a report "as of now") folds nothing again; a case with
 * events after the instant asked about is folded up to it.
 *
 * @example
 * const state = events.reduce(caseFilesProjection.apply, caseFilesProjection.initial);
 * complaintsAsOf(state, '2025-06-30T17:00:00+01:00'); // Complaint[] as they stood then
 */
import * as E from 'fp-ts/lib/Either.js';
import { absurd } from 'fp-ts/lib/function.js';
import {
  defaultPolicyRegistry,
  evaluateSlaFactsIn,
  fold,
  nextInStream,
  historyAsOf,
  instantMillis,
  isReceived,
  type Complaint,
  type ComplaintEvent,
  type ComplaintState,
  type SlaFacts,
  slaFactsOf,
  type Instant,
  type NonEmptyString,
  type RecordedEvent,
  type StreamCursor,
  type StreamProblem,
} from '@cim-complaints/core';
import { emptyKeyed, getKeyed, keyedOf, keyedValues, setKeyed, type Keyed } from '../keyed.js';
import type { Projection, SavedForm } from '../projection.js';
import { PACKING, packText, unpackText } from './packed-events.js';
import { settledView, type SettledView } from './reported-case.js';
import { addTallies, packTally, tallyCases, unpackTally, type CasesTally } from './tally.js';

/** What replaces text monitoring must not keep. */
export const NOT_KEPT = '(not kept)' as NonEmptyString;

export interface CaseFile {
  readonly streamId: string;
  /** The complaint's slimmed events in stream order. */
  readonly events: readonly ComplaintEvent[];
  /** The latest `data.at` of `events`, in ms since the epoch: a report as of then or later sees the whole case. */
  readonly latestMs?: number;
  /** How far core's stream check has read the stream (the revision and position as numbers and text, for JSON). */
  readonly cursor?: { readonly revision: number; readonly position: string; readonly complaintId: string };
  /** Set when the stream is not one history (core's `nextInStream`): the case is then left out of every figure, and named. */
  readonly problem?: StreamProblem;
}

export interface CaseFilesState {
  /** By stream: every case file, but those of `settled`. */
  readonly files: Keyed<CaseFile>;
  /**
   * Settled cases read back from saved read models and kept summed: a report as of their last
   * event or later adds their tally to the cases in `files` and reads none of their files. The
   * files are read only when something needs them (`allCaseFiles`): a report as of an earlier
   * instant, or a new event of one of these cases, which then moves them all back into `files`.
   */
  readonly settled?: SettledCases;
}

/** Settled cases saved summed (see `CaseFilesState.settled`). */
export interface SettledCases {
  /** The streams of the cases; none of them is in `files`. */
  readonly streams: ReadonlySet<string>;
  /** Every one of the cases had its last event by then (ms since the epoch). */
  readonly latestMs: number;
  /** What the cases add to a report as of `latestMs` or later (under this library's policies). */
  readonly tally: CasesTally;
  /** The cases' saved files, read when first needed. */
  readonly chunks: readonly SettledChunk[];
}

/** Settled cases' files packed whole (packed-events.ts): how many, and their text. */
export interface SettledChunk {
  readonly cases: number;
  readonly packed: string;
}

/** A letter to a third party keeps that it went to one, not who (C5) nor the scope of the authorisation. */
const thirdPartyNotKept = (data: { readonly partyName?: unknown; readonly authorisationScope?: unknown }) => ({
  ...(data.partyName === undefined ? {} : { partyName: NOT_KEPT }),
  ...(data.authorisationScope === undefined ? {} : { authorisationScope: NOT_KEPT }),
});

/** The event as monitoring keeps it, or `undefined` when monitoring does not need it. */
export const slimEvent = (event: ComplaintEvent): ComplaintEvent | undefined => {
  switch (event.type) {
    case 'ComplaintReceived': {
      const { desiredOutcome: _desired, complainant, ...data } = event.data;
      return { type: event.type, data: { ...data, complainant: { name: NOT_KEPT, relationship: complainant.relationship }, summary: NOT_KEPT } };
    }
    case 'ResponseIssued':
      return { type: event.type, data: { ...event.data, findings: NOT_KEPT, ...thirdPartyNotKept(event.data) } };
    case 'ComplaintAcknowledged':
      return { type: event.type, data: { ...event.data, ...thirdPartyNotKept(event.data) } };
    case 'ComplaintAssigned':
      return { type: event.type, data: { ...event.data, ...(event.data.overrideReason === undefined ? {} : { overrideReason: NOT_KEPT }) } };
    case 'ComplaintWithdrawn': {
      const { reason: _reason, ...data } = event.data;
      return { type: event.type, data };
    }
    case 'ComplaintReopened':
    case 'FurtherCorrespondenceDeclined':
      return { type: event.type, data: { ...event.data, reason: NOT_KEPT } } as ComplaintEvent;
    case 'InvestigationRequired':
      return { type: event.type, data: { ...event.data, reason: NOT_KEPT } };
    case 'ComplaintRedirected':
    case 'ComplaintReferredToStudyCentre':
    case 'AssessmentFailureIdentified':
    case 'AssessmentFailureRemediated':
    case 'ActionCompleted':
    case 'ComplaintClosed':
    case 'ReferredToRegulator':
      return { type: event.type, data: event.data } as ComplaintEvent;
    case 'ThirdPartyAuthorised':
    case 'ThirdPartyAuthorisationWithdrawn':
    case 'CorrespondenceReceived':
    case 'CorrespondenceSent':
    case 'ComplainantDataErased':
    case 'LegalHoldPlaced':
    case 'LegalHoldLifted':
    case 'SubjectAccessDisclosed':
      // (personal-data decisions, C5 and C7, change no figure monitoring reports)
      return undefined;
    default:
      return absurd(event);
  }
};

/** A case file's events folded whole: what a report as of any instant after all of them needs. */
export interface CaseDigest {
  /** `fold(file.events)`. */
  readonly complaint: ComplaintState;
  /** The SLA facts of all the events (core's `slaFactsOf`); `null` before a receipt. */
  readonly facts: SlaFacts | null;
  /** The latest `data.at` of the events, in ms since the epoch: as of it or later, the case is `complaint`. */
  readonly latest: number;
}

const latestOf = (events: readonly ComplaintEvent[]): number => events.reduce((latest, event) => Math.max(latest, instantMillis(event.data.at)), Number.NEGATIVE_INFINITY);

/** Folds a case file's events into its digest: core's `fold` and `slaFactsOf`. */
const digestFrom = (file: CaseFile): CaseDigest => ({ complaint: fold(file.events), facts: slaFactsOf(file.events), latest: file.latestMs ?? latestOf(file.events) });

// Case files are immutable values, so what they fold to can be kept beside them, invisible to
// callers: each file is folded the first time a report needs it, then kept until the file is
// replaced (a live runner's next report folds only the cases that changed). Not kept up event by
// event in `apply`: each case's state would then outlive many other events and be collected as
// old garbage, which made applying the log three times slower than folding each case once here.
const digests = new WeakMap<CaseFile, CaseDigest>();

/** The case file's events folded whole (kept with the file, so it is folded at most once). */
export const digestOf = (file: CaseFile): CaseDigest => {
  let digest = digests.get(file);
  if (digest === undefined) digests.set(file, (digest = digestFrom(file)));
  return digest;
};

// ---------------------------------------------------------------------------------------------
// Settled views: what a report reads of a case that nothing can change any more (reported-case.ts),
// worked out once under this library's own policies and kept with the case file in memory, so a
// later report neither folds the case nor runs the SLA engine for it (the saved form keeps their tally).

/** What settled views and saved tallies are worked out under: the policies (targets, calendars) this library knows. */
export const settledRules: string = JSON.stringify(defaultPolicyRegistry.policies);

const settled = new WeakMap<CaseFile, SettledView | null>();
let evaluateDefault: ReturnType<typeof evaluateSlaFactsIn> | undefined;

/**
 * The case's settled view (under this library's policies), worked out at most once per case
 * file; `undefined` while anything about the case can still change with time, or when it is not
 * one history or its SLA does not evaluate.
 */
export const settledViewOf = (file: CaseFile): SettledView | undefined => {
  const known = settled.get(file);
  if (known !== undefined) return known ?? undefined;
  let view: SettledView | undefined;
  if (file.problem === undefined) {
    const { complaint, facts, latest } = digestOf(file);
    if (isReceived(complaint) && facts !== null && Number.isFinite(latest)) {
      evaluateDefault ??= evaluateSlaFactsIn(defaultPolicyRegistry, {});
      // as of its last event: a settled case reads the same as of any later instant
      const sla = evaluateDefault(facts, new Date(latest).toISOString() as Instant);
      if (E.isRight(sla)) view = settledView(complaint, sla.right);
    }
  }
  settled.set(file, view ?? null);
  return view;
};

// The saved form: one entry per case file that is not settled, its events as they are (every
// report reads them), and the settled cases summed (`SettledCases`): their streams, their tally,
// and their entries in chunks of JSON text packed whole (packed-events.ts), inflated and parsed
// only when a case is needed. Each save adds the cases settled since to the last chunk while it has
// room, then to new ones, so what was settled earlier is written as it was read.
// A tally is saved with the policies it was worked out under, and worked out again on load when
// this library's differ.
interface SavedCaseFile {
  readonly s: string;
  readonly e: readonly ComplaintEvent[];
  readonly l?: number;
  readonly c?: CaseFile['cursor'];
  readonly p?: StreamProblem;
}

interface SavedSettled {
  readonly streams: readonly string[];
  readonly latestMs: number;
  readonly tally: unknown;
  readonly chunks: readonly SettledChunk[];
}

interface SavedCaseFiles {
  readonly packing: string;
  readonly rules: string;
  readonly files: readonly SavedCaseFile[];
  readonly settled?: SavedSettled;
}

const encodeFile = (file: CaseFile): SavedCaseFile => {
  const saved: { -readonly [K in keyof SavedCaseFile]: SavedCaseFile[K] } = { s: file.streamId, e: file.events };
  if (file.latestMs !== undefined) saved.l = file.latestMs;
  if (file.cursor !== undefined) saved.c = file.cursor;
  if (file.problem !== undefined) saved.p = file.problem;
  return saved;
};

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null;

// only this library writes the saved read models; damage there is not input, and `report --rebuild` mends it
const damaged = (what: string): string => `the saved case files are damaged (${what}); rebuild the read models (report --rebuild)`;

/**
 * Saved entries read back into `into`; Left naming the first that is not as saved. `unsettled`:
 * the entries were saved as not settled under this library's policies, so no report works out
 * whether they are again (until a new event replaces the file).
 */
const decodeEntries = (entries: readonly unknown[], unsettled: boolean, into: [string, CaseFile][]): E.Either<string, void> => {
  for (const entry of entries) {
    if (!isObject(entry) || typeof entry.s !== 'string' || !Array.isArray(entry.e)) return E.left('a case file without its stream or events');
    const saved = entry as unknown as SavedCaseFile;
    const file: CaseFile = { streamId: saved.s, latestMs: saved.l, cursor: saved.c, problem: saved.p, events: saved.e };
    if (unsettled) settled.set(file, null);
    into.push([entry.s, file]);
  }
  return E.right(undefined);
};

/** The case files of settled chunks, their views to be worked out again when asked for. */
const entriesOfChunks = (chunks: readonly SettledChunk[]): E.Either<string, [string, CaseFile][]> => {
  const entries: [string, CaseFile][] = [];
  for (const chunk of chunks) {
    let list: unknown;
    try {
      list = JSON.parse(unpackText(chunk.packed));
    } catch {
      return E.left('a chunk of settled case files does not unpack');
    }
    if (!Array.isArray(list)) return E.left('a chunk of settled case files is not a list');
    const decoded = decodeEntries(list, false, entries);
    if (E.isLeft(decoded)) return decoded;
  }
  return E.right(entries);
};

// the settled cases' files, read at most once per settled part
const settledFiles = new WeakMap<SettledCases, readonly [string, CaseFile][]>();
const everyFile = new WeakMap<CaseFilesState, Keyed<CaseFile>>();

/** Every case file of a state, the settled part's read from their saved text when first asked for; Left saying what is damaged. */
export const readAllCaseFiles = (state: CaseFilesState): E.Either<string, Keyed<CaseFile>> => {
  const part = state.settled;
  if (part === undefined) return E.right(state.files);
  let all = everyFile.get(state);
  if (all !== undefined) return E.right(all);
  let entries = settledFiles.get(part);
  if (entries === undefined) {
    const read = entriesOfChunks(part.chunks);
    if (E.isLeft(read)) return E.left(damaged(read.left));
    settledFiles.set(part, (entries = read.right));
  }
  all = state.files;
  for (const [streamId, file] of entries) all = setKeyed(all, streamId, file);
  everyFile.set(state, all);
  return E.right(all);
};

/** `readAllCaseFiles`, throwing on damage (inside a projection's `apply`, which has no Left to give). */
export const allCaseFiles = (state: CaseFilesState): Keyed<CaseFile> => {
  const all = readAllCaseFiles(state);
  if (E.isLeft(all)) throw new Error(all.left);
  return all.right;
};

// Settled cases are packed this many to a chunk: a save packs (and a read unpacks) one chunk's
// text at a time, so memory stays in proportion to a chunk, not to the settled cases.
/** How many settled cases `caseFilesProjection` packs to a chunk. */
export const CHUNK_CASES = 4096;

const chunkOf = (files: readonly CaseFile[]): SettledChunk => ({ cases: files.length, packed: packText(JSON.stringify(files.map(encodeFile))) });

/** The chunks with newly settled files added: a last chunk with room filled up first, then new chunks of at most `size` cases. */
const withSettled = (chunks: readonly SettledChunk[], files: readonly CaseFile[], size: number): SettledChunk[] => {
  const out = [...chunks];
  let rest = files;
  const last = out[out.length - 1];
  if (last !== undefined && last.cases < size && rest.length > 0) {
    const read = entriesOfChunks([last]);
    // a damaged chunk is left as it is (reading it names the damage); the new files go to chunks of their own
    if (E.isRight(read)) {
      const room = size - last.cases;
      out[out.length - 1] = chunkOf([...read.right.map(([, file]) => file), ...rest.slice(0, room)]);
      rest = rest.slice(room);
    }
  }
  for (let i = 0; i < rest.length; i += size) out.push(chunkOf(rest.slice(i, i + size)));
  return out;
};

/** What settled views add to a report (as of the latest of their cases' last events, and so of any later instant). */
const tallyOfViews = (views: readonly SettledView[], latestMs: number): CasesTally => {
  const reports: Record<string, SettledView['sla']> = {};
  for (const view of views) reports[view.complaint.complaintId] = view.sla;
  return tallyCases(
    inReceiptOrder(views.map((v) => v.complaint)),
    reports,
    new Date(latestMs).toISOString() as Instant,
  );
};

const encodeCaseFiles = (state: CaseFilesState, chunkCases: number): SavedCaseFiles => {
  const files: SavedCaseFile[] = [];
  const newlySettled: CaseFile[] = [];
  const views: SettledView[] = [];
  let latestMs = state.settled?.latestMs ?? Number.NEGATIVE_INFINITY;
  for (const file of keyedValues(state.files)) {
    const view = settledViewOf(file);
    if (view === undefined) files.push(encodeFile(file));
    else {
      newlySettled.push(file);
      views.push(view);
      latestMs = Math.max(latestMs, file.latestMs!);
    }
  }
  const prior = state.settled;
  if (newlySettled.length === 0 && prior === undefined) return { packing: PACKING, rules: settledRules, files };
  const added = tallyOfViews(views, latestMs);
  return {
    packing: PACKING,
    rules: settledRules,
    files,
    settled: {
      streams: [...(prior?.streams ?? []), ...newlySettled.map((f) => f.streamId)],
      latestMs,
      tally: packTally(prior === undefined ? added : newlySettled.length === 0 ? prior.tally : addTallies(prior.tally, added)),
      chunks: withSettled(prior?.chunks ?? [], newlySettled, chunkCases),
    },
  };
};

const isChunk = (u: unknown): boolean => isObject(u) && typeof u.cases === 'number' && Number.isInteger(u.cases) && u.cases >= 0 && typeof u.packed === 'string';

/** The settled part of the saved form read back, checked against the files saved beside it. */
const decodeSettled = (saved: unknown, files: readonly [string, CaseFile][]): E.Either<string, SettledCases> => {
  if (!isObject(saved) || !Array.isArray(saved.streams) || typeof saved.latestMs !== 'number' || !Array.isArray(saved.chunks)) return E.left('settled cases without their streams, last event or files');
  if (!saved.streams.every((s) => typeof s === 'string') || !saved.chunks.every(isChunk)) return E.left('settled cases whose streams or files are not as saved');
  const streams = new Set(saved.streams as string[]);
  if (streams.size !== saved.streams.length || files.some(([streamId]) => streams.has(streamId))) return E.left('a stream saved twice');
  const chunks = saved.chunks as SettledChunk[];
  if (chunks.reduce((n, chunk) => n + chunk.cases, 0) !== streams.size) return E.left(`the settled cases' files do not hold ${streams.size} cases`);
  const tally = unpackTally(saved.tally);
  if (E.isLeft(tally)) return E.left(`the settled cases' tally: ${tally.left}`);
  if (tally.right.rows.length !== streams.size) return E.left(`the settled cases' tally counts ${tally.right.rows.length} cases, not ${streams.size}`);
  return E.right({ streams, latestMs: saved.latestMs, tally: tally.right, chunks });
};

const savedCaseFiles = (chunkCases: number): SavedForm<CaseFilesState> => ({
  encode: (state) => encodeCaseFiles(state, chunkCases),
  decode: (saved) => {
    if (!isObject(saved) || typeof saved.rules !== 'string' || !Array.isArray(saved.files)) return E.left('not the saved form of case files');
    if (saved.packing !== PACKING) return E.left(`events packed as ${JSON.stringify(saved.packing)}, not ${PACKING}`);
    const files: [string, CaseFile][] = [];
    // what was worked out under other policies (another version of this library) is worked out again
    const samePolicies = saved.rules === settledRules;
    const decoded = decodeEntries(saved.files, samePolicies, files);
    if (E.isLeft(decoded)) return decoded;
    if (saved.settled === undefined) return E.right({ files: keyedOf(files) });
    if (!samePolicies) {
      const chunks = isObject(saved.settled) && Array.isArray(saved.settled.chunks) && saved.settled.chunks.every(isChunk) ? (saved.settled.chunks as SettledChunk[]) : undefined;
      if (chunks === undefined) return E.left('settled cases without their files');
      const entries = entriesOfChunks(chunks);
      return E.isLeft(entries) ? entries : E.right({ files: keyedOf([...files, ...entries.right]) });
    }
    const settledPart = decodeSettled(saved.settled, files);
    return E.isLeft(settledPart) ? settledPart : E.right({ files: keyedOf(files), settled: settledPart.right });
  },
});

/** The state with other files, its settled part kept. */
const withFiles = (state: CaseFilesState, files: Keyed<CaseFile>): CaseFilesState => (state.settled === undefined ? { files } : { files, settled: state.settled });

/**
 * The case-files projection, its settled cases saved `chunkCases` to a chunk (a smaller number
 * only to see many chunks in a test; the checkpoint key is the same).
 */
export const caseFilesProjectionWith = ({ chunkCases }: { readonly chunkCases: number }): Projection<CaseFilesState> => ({
  name: 'case-files',
  // 2: events of schema version 2 (addressees, escalations, channels), third-party names not kept;
  // case files saved by version 1 hold first-version events, so they are built again.
  // 3: keyed by stream, checked by nextInStream. 4: kept in keyed.ts's hash trie, with latestMs.
  // 5: saved as a list of case files with their events as text and settled cases' views.
  // 6: settled cases saved summed, their files as text read when needed.
  version: 6,
  initial: { files: emptyKeyed() },
  saved: savedCaseFiles(Math.max(1, Math.floor(chunkCases))),
  apply: (before, recorded: RecordedEvent) => {
    // a new event of a settled case: the settled cases' files join the others (the case may be reopened)
    const state = before.settled?.streams.has(recorded.streamId) === true ? { files: allCaseFiles(before) } : before;
    // a case file is a stream's, checked as replay checks it (core's nextInStream), so the two never read one differently
    const file = getKeyed(state.files, recorded.streamId);
    if (file?.problem !== undefined) return state;
    const cursor: StreamCursor | undefined = file?.cursor === undefined ? undefined : { ...file.cursor, position: BigInt(file.cursor.position) };
    const next = nextInStream(cursor, recorded);
    if ('problem' in next) return withFiles(state, setKeyed(state.files, recorded.streamId, { streamId: recorded.streamId, events: file?.events ?? [], problem: next.problem }));
    const slim = slimEvent(recorded.event);
    const kept = { revision: next.cursor.revision, position: next.cursor.position.toString(), complaintId: next.cursor.complaintId };
    if (slim === undefined) return withFiles(state, setKeyed(state.files, recorded.streamId, file === undefined ? { streamId: recorded.streamId, events: [], cursor: kept } : { ...file, cursor: kept }));
    const events = [...(file?.events ?? []), slim];
    const latestMs = Math.max(file?.latestMs ?? Number.NEGATIVE_INFINITY, instantMillis(slim.data.at));
    return withFiles(state, setKeyed(state.files, recorded.streamId, { streamId: recorded.streamId, events, latestMs, cursor: kept }));
  },
});

/** The case-files projection. */
export const caseFilesProjection: Projection<CaseFilesState> = caseFilesProjectionWith({ chunkCases: CHUNK_CASES });

/** The streams monitoring leaves out because they are not one history, with why. */
export const streamProblemsOf = (state: CaseFilesState): StreamProblem[] =>
  // a settled case is one history: only `files` can hold a problem
  keyedValues(state.files)
    .flatMap((file) => (file.problem === undefined ? [] : [file.problem]))
    .sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));

/** A case as it stood at an instant (`until`: `asOf` in ms): the complaint and its SLA facts. */
export const caseFileAsOf = (file: CaseFile, asOf: Instant, until: number = instantMillis(asOf)): Pick<CaseDigest, 'complaint' | 'facts'> => {
  // every event had happened by asOf: the whole fold, kept with the file
  if ((file.latestMs ?? digests.get(file)?.latest ?? latestOf(file.events)) <= until) return digestOf(file);
  const history = historyAsOf(file.events, asOf);
  return { complaint: fold(history), facts: slaFactsOf(history) };
};

/** A complaint as it stood at `asOf` (core's `historyAsOf`, as the SLA engine reads it), if received by then. */
export const caseAsOf = (file: CaseFile, asOf: Instant): Complaint | undefined => {
  const { complaint } = caseFileAsOf(file, asOf);
  return isReceived(complaint) ? complaint : undefined;
};

/** Complaints in order of receipt (then id); each receipt instant is read once, not once per comparison. */
export const inReceiptOrder = <C extends Pick<Complaint, 'complaintId' | 'receivedAt'>>(complaints: readonly C[]): C[] =>
  complaints
    .map((c) => ({ c, at: instantMillis(c.receivedAt) }))
    .sort((a, b) => a.at - b.at || (a.c.complaintId < b.c.complaintId ? -1 : a.c.complaintId > b.c.complaintId ? 1 : 0))
    .map(({ c }) => c);

/** Every complaint received by `asOf`, as it stood then, in order of receipt (then id). */
export const complaintsAsOf = (state: CaseFilesState, asOf: Instant): Complaint[] => {
  const until = instantMillis(asOf);
  const complaints: Complaint[] = [];
  for (const file of keyedValues(allCaseFiles(state))) {
    if (file.problem !== undefined) continue;
    const { complaint } = caseFileAsOf(file, asOf, until);
    if (isReceived(complaint)) complaints.push(complaint);
  }
  return inReceiptOrder(complaints);
};
