/**
 * The compliance law: what `checkCompliance` may find in a history the decider accepted in full.
 * For every such history and every instant T at or after its receipt:
 *
 * 1. `checkCompliance(history, T)` is Right;
 * 2. every finding is of a code the catalogue marks `lawful`: a deadline (acknowledgement or
 *    response missed or overdue, an opening stalled) or what stands outstanding at T (an
 *    assessment failure on an ended case, a letter after closure not yet acted on, the policy past
 *    its review date). None says that a rule the decider enforces was broken;
 * 3. the deadline findings are exactly the SLA engine's verdicts as of T: one `<target>-missed`
 *    per target missed (or stopped after its due day), one `<target>-overdue` per target overdue
 *    and one `stalled` per stalled opening, each in its opening. So a history whose deadlines were
 *    kept has no deadline finding, and only the ones that depend on T remain;
 * 4. no finding is dated after T, and each cites events of the history by their index and type.
 *
 * Each broken part is one sentence; an empty list means the law holds.
 *
 * @example
 * const history = acceptedHistory(commands);               // what the decider wrote, as envelopes
 * complianceLawBroken(history, '2026-01-05T09:00:00Z');    // [] for every accepted history and instant
 */
import * as E from 'fp-ts/lib/Either.js';
import {
  checkCompliance,
  complaintDecider,
  defaultPolicyRegistry,
  evaluateSla,
  findingCatalogue,
  instantMillis,
  toEnvelopes,
  type ComplaintCommand,
  type ComplaintEnvelope,
  type ComplaintEvent,
  type ComplianceOptions,
  type Finding,
  type CheckedEvent,
} from '@cim-complaints/core';

/**
 * The envelopes a sequence of commands leaves in a store, as the command handler writes them:
 * each command decided on the state so far, a refused one skipped (it writes nothing).
 */
export const acceptedHistory = (commands: readonly ComplaintCommand[], recordedAt = '2027-06-30T00:00:00Z'): ComplaintEnvelope[] => {
  let state = complaintDecider.initialState;
  const history: ComplaintEnvelope[] = [];
  for (const command of commands) {
    const decided = complaintDecider.decide(command, state);
    if (E.isLeft(decided)) continue;
    const policy = state.status === 'none' ? (decided.right[0]?.type === 'ComplaintReceived' ? decided.right[0].data.policy : '') : state.policy;
    history.push(...toEnvelopes(command, decided.right, { recordedAt, policy }));
    state = decided.right.reduce(complaintDecider.evolve, state);
  }
  return history;
};

const eventOf = (item: CheckedEvent): ComplaintEvent => ('event' in item && 'revision' in item ? item.event : item);

/** The deadline findings the SLA engine's report implies, as `code@opening` keys, sorted. */
const expectedDeadlines = (history: readonly ComplaintEvent[], asOf: string, options: ComplianceOptions): string[] | string => {
  const report = evaluateSla(options.registry ?? defaultPolicyRegistry, options.calendarFor === undefined ? {} : { calendarFor: options.calendarFor })(history, asOf);
  if (E.isLeft(report)) return `the SLA engine could not evaluate the history: ${report.left.code}: ${report.left.message}`;
  return report.right.openings
    .flatMap((o, n) => [
      ...Object.values(o.targets).flatMap((t) => {
        if (t === undefined || t.dueAt === null) return [];
        const stoppedLate = t.status === 'stopped' && o.ended !== null && instantMillis(o.ended.at) > instantMillis(t.dueAt);
        return t.status === 'missed' || stoppedLate ? [`${t.target}-missed@${n}`] : t.status === 'overdue' ? [`${t.target}-overdue@${n}`] : [];
      }),
      ...(o.stall?.stalled === true ? [`stalled@${n}`] : []),
    ])
    .sort();
};

const DEADLINE_CODES = new Set(['acknowledgement-missed', 'acknowledgement-overdue', 'response-missed', 'response-overdue', 'stalled']);

const describeFinding = (f: Finding): string => `${f.code} (${f.message})`;

/** Every part of the compliance law that an accepted history breaks as of `asOf`; `[]` when it holds. */
export const complianceLawBroken = (history: readonly CheckedEvent[], asOf: string, options: ComplianceOptions = {}): string[] => {
  const checked = checkCompliance(history, asOf, options);
  if (E.isLeft(checked)) return [`checkCompliance answered Left as of ${asOf}: ${checked.left.code}: ${checked.left.message}`];
  const { findings } = checked.right;
  const events = history.map(eventOf);
  const broken: string[] = [];
  for (const f of findings.filter((x) => !findingCatalogue[x.code].lawful)) broken.push(`an accepted history has the finding ${describeFinding(f)}`);
  const expected = expectedDeadlines(events, asOf, options);
  const found = findings
    .filter((f) => DEADLINE_CODES.has(f.code))
    .map((f) => `${f.code}@${f.opening ?? '?'}`)
    .sort();
  if (typeof expected === 'string') broken.push(expected);
  else if (JSON.stringify(found) !== JSON.stringify(expected)) broken.push(`the deadline findings ${JSON.stringify(found)} are not the SLA engine's verdicts ${JSON.stringify(expected)}`);
  for (const f of findings) {
    if (f.at !== null && instantMillis(f.at) > instantMillis(asOf)) broken.push(`${describeFinding(f)} is dated ${f.at}, after ${asOf}`);
    for (const e of f.events) {
      if (events[e.index]?.type !== e.type) broken.push(`${f.code} cites event ${e.index} as ${e.type}, but the history has ${events[e.index]?.type ?? 'no such event'}`);
    }
  }
  return broken;
};
