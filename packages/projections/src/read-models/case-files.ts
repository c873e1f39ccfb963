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
import { PACKING, packEvents, unpackEvents } from './packed-events.js';
import { packView, settledView, unpackView, type SettledView } from './reported-case.js';

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
  readonly files: Keyed<CaseFile>;
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
// worked out once under this library's own policies and kept with the case file, in memory and
// in the saved form, so a later report neither folds the case nor runs the SLA engine for it.

/** What the saved views were worked out under: the policies (targets, calendars) this library knows. */
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

// The saved form: one entry per case file. A settled case's view is saved with it (packed:
// reported-case.ts's packView) and its events packed (packed-events.ts), unpacked only if
// something reads them (a report as of an earlier instant, a new event of the case); the events of
// a case that is not settled are saved as they are, since every report reads them. Views are saved
// with the policies they were worked out under, and dropped on load when this library's differ.
interface SavedCaseFile {
  readonly s: string;
  /** The events: `packEvents(JSON.stringify(events))` when the case is settled, else as they are. */
  readonly e: string | readonly ComplaintEvent[];
  readonly l?: number;
  readonly c?: CaseFile['cursor'];
  readonly p?: StreamProblem;
  /** `packView(view)`, when the case is settled. */
  readonly v?: unknown;
}

interface SavedCaseFiles {
  readonly packing: string;
  readonly rules: string;
  readonly files: readonly SavedCaseFile[];
}

// a case file's packed events: kept from loading, or from the last save, so each is packed once
const packedEvents = new WeakMap<CaseFile, string>();

const packedEventsOf = (file: CaseFile): string => {
  let packed = packedEvents.get(file);
  if (packed === undefined) packedEvents.set(file, (packed = packEvents(JSON.stringify(file.events))));
  return packed;
};

const encodeFile = (file: CaseFile): SavedCaseFile => {
  const view = settledViewOf(file);
  const saved: { -readonly [K in keyof SavedCaseFile]: SavedCaseFile[K] } = { s: file.streamId, e: view === undefined ? file.events : packedEventsOf(file) };
  if (file.latestMs !== undefined) saved.l = file.latestMs;
  if (file.cursor !== undefined) saved.c = file.cursor;
  if (file.problem !== undefined) saved.p = file.problem;
  if (view !== undefined) saved.v = packView(view);
  return saved;
};

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null;

const unpacked = (streamId: string, packed: string): readonly ComplaintEvent[] => {
  try {
    return JSON.parse(unpackEvents(packed)) as ComplaintEvent[];
  } catch {
    // only this library packs them; a damaged text is a damaged read model, not input
    throw new Error(`the saved case file of stream ${streamId} is damaged; rebuild the read models (report --rebuild)`);
  }
};

/** A case file read back; packed events are unpacked when first read. */
const decodeFile = (saved: SavedCaseFile, view: SettledView | null | undefined): CaseFile => {
  const { s: streamId, e } = saved;
  let file: CaseFile;
  if (typeof e === 'string') {
    let events: readonly ComplaintEvent[] | undefined;
    // a getter in the literal: an own, enumerable property like any case file's `events`
    file = {
      streamId,
      latestMs: saved.l,
      cursor: saved.c,
      problem: saved.p,
      get events() {
        return (events ??= unpacked(streamId, e));
      },
    };
    packedEvents.set(file, e);
  } else file = { streamId, latestMs: saved.l, cursor: saved.c, problem: saved.p, events: e };
  if (view !== undefined) settled.set(file, view);
  return file;
};

const savedCaseFiles: SavedForm<CaseFilesState> = {
  encode: (state): SavedCaseFiles => ({ packing: PACKING, rules: settledRules, files: keyedValues(state.files).map(encodeFile) }),
  decode: (saved) => {
    if (!isObject(saved) || typeof saved.rules !== 'string' || !Array.isArray(saved.files)) return E.left('not the saved form of case files');
    if (saved.packing !== PACKING) return E.left(`events packed as ${JSON.stringify(saved.packing)}, not ${PACKING}`);
    const files: [string, CaseFile][] = [];
    // views worked out under other policies (another version of this library) are worked out again
    const keepViews = saved.rules === settledRules;
    for (const entry of saved.files as unknown[]) {
      if (!isObject(entry) || typeof entry.s !== 'string' || !(typeof entry.e === 'string' || Array.isArray(entry.e))) return E.left('a case file without its stream or events');
      let view: SettledView | null | undefined;
      if (keepViews) {
        if (entry.v === undefined) view = null;
        else {
          const unpackedView = unpackView(entry.v);
          if (E.isLeft(unpackedView)) return E.left(`the settled view of stream ${entry.s}: ${unpackedView.left}`);
          view = unpackedView.right;
        }
      }
      files.push([entry.s, decodeFile(entry as unknown as SavedCaseFile, view)]);
    }
    return E.right({ files: keyedOf(files) });
  },
};

/** The case-files projection. */
export const caseFilesProjection: Projection<CaseFilesState> = {
  name: 'case-files',
  // 2: events of schema version 2 (addressees, escalations, channels), third-party names not kept;
  // case files saved by version 1 hold first-version events, so they are built again.
  // 3: keyed by stream, checked by nextInStream. 4: kept in keyed.ts's hash trie, with latestMs.
  // 5: saved as a list of case files with their events as text and settled cases' views.
  version: 5,
  initial: { files: emptyKeyed() },
  saved: savedCaseFiles,
  apply: (state, recorded: RecordedEvent) => {
    // a case file is a stream's, checked as replay checks it (core's nextInStream), so the two never read one differently
    const file = getKeyed(state.files, recorded.streamId);
    if (file?.problem !== undefined) return state;
    const cursor: StreamCursor | undefined = file?.cursor === undefined ? undefined : { ...file.cursor, position: BigInt(file.cursor.position) };
    const next = nextInStream(cursor, recorded);
    if ('problem' in next) return { files: setKeyed(state.files, recorded.streamId, { streamId: recorded.streamId, events: file?.events ?? [], problem: next.problem }) };
    const slim = slimEvent(recorded.event);
    const kept = { revision: next.cursor.revision, position: next.cursor.position.toString(), complaintId: next.cursor.complaintId };
    if (slim === undefined) return { files: setKeyed(state.files, recorded.streamId, file === undefined ? { streamId: recorded.streamId, events: [], cursor: kept } : { ...file, cursor: kept }) };
    const events = [...(file?.events ?? []), slim];
    const latestMs = Math.max(file?.latestMs ?? Number.NEGATIVE_INFINITY, instantMillis(slim.data.at));
    return { files: setKeyed(state.files, recorded.streamId, { streamId: recorded.streamId, events, latestMs, cursor: kept }) };
  },
};

/** The streams monitoring leaves out because they are not one history, with why. */
export const streamProblemsOf = (state: CaseFilesState): StreamProblem[] =>
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
  for (const file of keyedValues(state.files)) {
    if (file.problem !== undefined) continue;
    const { complaint } = caseFileAsOf(file, asOf, until);
    if (isReceived(complaint)) complaints.push(complaint);
  }
  return inReceiptOrder(complaints);
};
