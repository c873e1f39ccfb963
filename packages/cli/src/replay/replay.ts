/**
 * A case's history as an auditor reads it: every event that had happened by an instant, with
 * when it happened, when it was recorded, who did it and what it changed; then the state and each
 * SLA target's standing at that instant, each opening's too once the case was reopened; and the
 * complaints it is linked to by an escalation from a study centre (C14), both ways. Built once,
 * rendered as text or as JSON.
 *
 * @example
 * const replay = await loadReplay(opened, 'CIM-2025-0042', '2025-12-31T23:59:59Z');
 * io.stdout(renderReplayText(replay));
 */
import {
  defaultPolicyRegistry,
  evaluateSla,
  fold,
  historyAsOf,
  Instant,
  instantMillis,
  londonDateOf,
  personalText,
  streamIdOf,
  streamProblems,
  viewHistory,
  viewRoleName,
  LEAST_PRIVILEGED_VIEW,
  type Complaint,
  type ViewRole,
  type RecordedEvent,
  type SlaOpeningReport,
  type SlaReport,
  type SlaTargetReport,
} from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';
import { failure, usageError } from '../errors.js';
import { storeFailure, type OpenedStore } from '../store-selection.js';
import { addresseeText, describeEvent, londonTime } from './describe.js';
import { escalationsOf, type Escalation } from './escalations.js';

export interface Replay {
  readonly complaintId: string;
  readonly store: string;
  readonly asOf: Instant;
  /** The events that had happened by `asOf` (core's `historyAsOf`: by each event's `data.at`), in stream order. */
  readonly events: readonly RecordedEvent[];
  /** How many later events the stream holds beyond `asOf`. */
  readonly laterEvents: number;
  readonly state: Complaint;
  readonly sla: SlaReport;
  /** The complaints received by `asOf` that escalate this one (only a complaint referred back to its study centre has any). */
  readonly escalatedBy: readonly Escalation[];
  /** C5: whose view this is, and whether it shows the personal data (else every personal field reads [redacted] or [erased]). */
  readonly view: { readonly role: ViewRole; readonly full: boolean };
}

export interface ReplayViewOptions {
  /** C5: the reader's role (default the least privileged: an auditor not granted personal data). */
  readonly role?: ViewRole;
}

/** Reads a complaint's stream and evaluates it as of an instant; fails with one clear line. */
export const loadReplay = async (opened: OpenedStore, complaintId: string, asOf: string, options: ReplayViewOptions = {}): Promise<Replay> => {
  if (!Instant.is(asOf)) throw usageError(`as of: expected an ISO-8601 instant with an offset, got ${JSON.stringify(asOf)}`);
  const role = options.role ?? LEAST_PRIVILEGED_VIEW;
  // C5: read as stored, then opened or redacted for the role
  const stored = await (opened.sealed ?? opened.store).readStream(streamIdOf(complaintId))();
  if (E.isLeft(stored)) throw storeFailure(`reading complaint ${complaintId} from`, opened.name, stored.left);
  const viewed = await viewHistory(stored.right.events, role, opened.keys);
  if (E.isLeft(viewed)) throw storeFailure(`reading the keys of complaint ${complaintId} from`, opened.keys?.name ?? opened.name, viewed.left);
  const read = { right: { ...stored.right, events: viewed.right.events } };
  if (read.right.events.length === 0) throw failure(`no complaint ${complaintId} in ${opened.name}`);
  // the same check the monitoring report and audit make: a stream that is not one history is named, not read
  const broken = streamProblems(read.right.events)[0];
  if (broken !== undefined)
    throw failure(`complaint ${complaintId} cannot be replayed as one history (${broken.kind}): ${broken.message}; the report leaves it out for the same reason, and cim-complaints verify shows what changed`);
  const events = historyAsOf(read.right.events, asOf, (e) => e.event);
  const state = fold(events.map((e) => e.event));
  if (state.status === 'none') throw failure(`complaint ${complaintId} had not been received by ${asOf} (its first event occurred at ${read.right.events[0]!.event.data.at})`);
  const sla = evaluateSla(defaultPolicyRegistry)(events.map((e) => e.event), asOf);
  if (E.isLeft(sla)) throw failure(`cannot evaluate the SLA of complaint ${complaintId}: ${sla.left.message}`);
  // C14: only a complaint referred back to its study centre can be escalated, so only its replay reads the log
  const escalatedBy = state.referredToStudyCentreAt === undefined ? E.right([]) : await escalationsOf(opened.store, complaintId, asOf);
  if (E.isLeft(escalatedBy)) throw storeFailure(`looking for complaints escalating ${complaintId} in`, opened.name, escalatedBy.left);
  return {
    complaintId,
    store: opened.name,
    asOf,
    events,
    laterEvents: read.right.events.length - events.length,
    state,
    sla: sla.right,
    escalatedBy: escalatedBy.right,
    view: { role, full: viewed.right.full },
  };
};

const slaJson = (t: SlaTargetReport | undefined) =>
  t === undefined
    ? null
    : {
        dueDate: t.dueDate,
        status: t.status,
        dueAt: t.dueAt,
        reason: t.reason,
        doneAt: t.doneAt,
        workingDaysAllowed: t.workingDaysAllowed,
        workingDaysUsed: t.workingDaysUsed,
        workingDaysLeft: t.workingDaysLeft,
      };

const targetsJson = (targets: SlaReport['targets']) => Object.fromEntries(Object.entries(targets).map(([id, t]) => [id, slaJson(t)]));

/** Each opening (the receipt, each reopening) with its own targets, as `sla.openings` prints them. */
const openingJson = (o: SlaOpeningReport) => ({
  openedAt: o.openedAt,
  reopened: o.reopened,
  effectiveDate: o.effectiveDate,
  ended: o.ended,
  stall: o.stall,
  targets: targetsJson(o.targets),
});

/** The replay as the JSON document `replay --json` prints: `sla` has the current opening's targets (the acknowledgement: the receipt's), then every opening's. */
export const replayJson = (r: Replay) => ({
  complaintId: r.complaintId,
  asOf: r.asOf,
  view: { as: viewRoleName(r.view.role), personalData: r.view.full ? 'shown' : 'withheld' },
  policy: r.state.policy,
  events: r.events.map((e) => ({
    revision: e.revision,
    type: e.event.type,
    occurredAt: e.event.metadata.occurredAt,
    recordedAt: e.event.metadata.recordedAt,
    actor: e.event.metadata.actor,
    data: e.event.data,
    // the event's link in its stream's hash chain (absent on events written before the chain)
    digest: e.event.metadata.digest ?? null,
  })),
  state: r.state,
  sla: { ...targetsJson(r.sla.targets), openings: r.sla.openings.map(openingJson) },
  // C14 both ways: the complaint this one escalates, and the complaints escalating this one
  links: { escalatesFrom: r.state.escalatesFrom ?? null, escalatedBy: r.escalatedBy },
});

const pad = (text: string, width: number): string => (text.length >= width ? text : text + ' '.repeat(width - text.length));

/** The case's state as labelled facts: status, policy, complainant, handler, letters, failures, responses, actions... */
export const stateFacts = (c: Complaint, asOf: Instant, escalatedBy: readonly Escalation[]): [string, string][] => {
  const today = londonDateOf(asOf);
  const lines: [string, string][] = [];
  lines.push(['status', `${c.status}${c.resolution === undefined ? '' : ` (${c.resolution})`}`]);
  lines.push(['policy', c.policy]);
  lines.push(['complainant', `${personalText(c.complainant.name)} (${c.complainant.relationship}), by ${c.channel}${c.channelOutsidePolicy ? ` (not a channel ${c.policy} lists: C1)` : ''}`]);
  lines.push([
    'business area',
    `${c.businessArea} → ${c.department}${c.regulator === undefined ? '' : `; regulator ${c.regulator}`}${c.studyCentre === undefined ? '' : `; study centre ${c.studyCentre.name}${c.escalatedFromStudyCentre ? ' (escalated after its own procedure)' : ''}`}`,
  ]);
  if (c.redirectedTo !== undefined) lines.push(['redirected to', c.redirectedTo]);
  if (c.escalatesFrom !== undefined) lines.push(['escalates', `complaint ${c.escalatesFrom}, referred back to its study centre (C14)`]);
  if (c.referredToStudyCentreAt !== undefined)
    lines.push(['escalated by', escalatedBy.length === 0 ? 'no complaint yet' : escalatedBy.map((e) => `complaint ${e.complaintId} (received ${londonDateOf(e.receivedAt as Instant)})`).join('; ')]);
  lines.push(['handler', c.handler === undefined ? 'not assigned' : `${c.handler.manager.name} (${c.handler.manager.id}), ${c.handler.department}, since ${londonDateOf(c.handler.assignedAt)}`]);
  lines.push(['acknowledged', c.acknowledgedAt === undefined ? 'no' : `${londonTime(c.acknowledgedAt)}${c.acknowledgedTo === undefined ? '' : ` ${addresseeText(c.acknowledgedTo)}`}`]);
  if (c.investigation !== undefined) lines.push(['investigation', `required ${londonDateOf(c.investigation.requiredAt)}: ${c.investigation.reason}`]);
  lines.push([
    'third parties',
    c.thirdParties.length === 0
      ? 'none'
      : c.thirdParties
          .map((a) => `${personalText(a.party.name)} (${a.party.relationship}) authorised ${londonDateOf(a.authorisedAt)}${a.withdrawnAt === undefined ? ', current' : `, withdrawn ${londonDateOf(a.withdrawnAt)}`}`)
          .join('; '),
  ]);
  const inbound = c.correspondence.filter((m) => m.direction === 'inbound').length;
  const afterClosure = c.correspondence.filter((m) => m.afterClosure).length;
  lines.push([
    'correspondence',
    `${c.correspondence.length} (${inbound} in, ${c.correspondence.length - inbound} out${afterClosure === 0 ? '' : `; ${afterClosure} after closure`})`,
  ]);
  const outstanding = c.assessmentFailures.filter((f) => f.remediation === undefined);
  lines.push([
    'assessment failures',
    c.assessmentFailures.length === 0
      ? 'none'
      : c.assessmentFailures.map((f) => `${f.failureId} ${f.remediation === undefined ? 'OUTSTANDING' : `remediated ${londonDateOf(f.remediation.at)}`}`).join('; ') +
        (outstanding.length === 0 ? '' : ` (${outstanding.length} outstanding)`),
  ]);
  lines.push(['responses', c.responses.length === 0 ? 'none' : c.responses.map((r) => `${r.outcome} ${londonDateOf(r.respondedAt)} ${addresseeText(r.addressee)}`).join('; ')]);
  lines.push([
    'actions',
    c.actions.length === 0
      ? 'none'
      : c.actions
          .map((a) => {
            const standing = a.completedAt !== undefined ? `completed ${londonDateOf(a.completedAt)}` : a.dueOn !== undefined && a.dueOn < today ? `OVERDUE (due ${a.dueOn})` : `open${a.dueOn === undefined ? '' : ` (due ${a.dueOn})`}`;
            return `${a.actionId} (${a.owner}) ${standing}`;
          })
          .join('; '),
  ]);
  if (c.reopenings.length > 0) lines.push(['reopened', c.reopenings.map((o) => `${londonDateOf(o.at)}: ${o.reason}`).join('; ')]);
  if (c.regulatorReferrals.length > 0) lines.push(['regulator referrals', c.regulatorReferrals.map((r) => `${r.regulator} ${londonDateOf(r.at)}`).join('; ')]);
  if (c.erasure !== undefined) lines.push(['personal data', `erased ${londonDateOf(c.erasure.at)} (${c.erasure.legalBasis})`]);
  if (c.legalHold !== undefined) lines.push(['legal hold', `since ${londonDateOf(c.legalHold.at)}: ${c.legalHold.reason}`]);
  if (c.furtherCorrespondenceDeclined !== undefined)
    lines.push(['further correspondence', `declined ${londonDateOf(c.furtherCorrespondenceDeclined.at)}: ${c.furtherCorrespondenceDeclined.reason}`]);
  return lines;
};

const stateLines = (c: Complaint, asOf: Instant, escalatedBy: readonly Escalation[]): string[] => stateFacts(c, asOf, escalatedBy).map(([k, v]) => `  ${pad(k, 22)}${v}`);

const slaLine = (t: SlaTargetReport): string => {
  const head = `  ${pad(t.target, 17)}${pad(t.status, 16)}`;
  if (t.dueDate === null) return `${head}${t.reason ?? ''}`;
  const done = t.doneAt === null ? '' : `; done ${londonTime(t.doneAt)}`;
  const used = t.workingDaysUsed === null ? '' : `; ${t.workingDaysUsed} of ${t.workingDaysAllowed} working days used${t.doneAt === null && t.status !== 'stopped' && t.workingDaysLeft !== null ? `, ${t.workingDaysLeft} left` : ''}`;
  return `${head}due ${t.dueDate} (by ${t.dueAt})${done}${used}${t.reason === null ? '' : `; ${t.reason}`}`;
};

const openingLines = (o: SlaOpeningReport, n: number): string[] => {
  const ended = o.ended === null ? '' : `; ${o.ended.how} ${londonTime(o.ended.at)}`;
  const stall =
    o.stall === null ? [] : [`    ${pad('stall', 17)}${o.stall.stalled ? 'STALLED: ' : ''}no investigation decision nor response by ${o.stall.limitDate} (${o.stall.workingDays} working days)`];
  return [
    `  ${n}. ${o.reopened ? 'reopened' : 'received'} ${londonTime(o.openedAt)}, day 0 ${o.effectiveDate}${ended}`,
    ...Object.values(o.targets).flatMap((t) => (t === undefined ? [] : [`  ${slaLine(t)}`])),
    ...stall,
  ];
};

/** The replay as text: header, timeline, state and SLA, and each opening's SLA once the case was reopened. */
export const renderReplayText = (r: Replay): string => {
  const c = r.state;
  const out: string[] = [];
  out.push(`Complaint ${r.complaintId} as of ${r.asOf} (${londonTime(r.asOf)}), from ${r.store}`);
  out.push(`${c.businessArea} complaint received ${londonTime(c.receivedAt)} by ${c.channel}, judged under ${c.policy}`);
  out.push(`Viewed as ${viewRoleName(r.view.role)}: personal data ${r.view.full ? 'shown' : 'withheld ([redacted], or [erased] where erased; see --as)'}`);
  out.push('');
  out.push(`History: ${r.events.length} event${r.events.length === 1 ? '' : 's'}${r.laterEvents === 0 ? '' : ` (${r.laterEvents} later event${r.laterEvents === 1 ? '' : 's'} not shown: they occurred after ${r.asOf})`}`);
  const until = instantMillis(r.asOf);
  for (const e of r.events) {
    const m = e.event.metadata;
    const recordedLater = instantMillis(m.recordedAt) > until ? ' (recorded after the as-of instant)' : '';
    out.push(`  #${e.revision} ${e.event.type}`);
    out.push(`     occurred ${londonTime(m.occurredAt)} (${m.occurredAt}), recorded ${londonTime(m.recordedAt)}${recordedLater}, by ${m.actor.id} (${m.actor.role})`);
    out.push(`     ${describeEvent(e.event)}`);
  }
  out.push('');
  out.push('State');
  out.push(...stateLines(c, r.asOf, r.escalatedBy));
  out.push('');
  out.push(`SLA (${r.sla.policy}, ${r.sla.calendar} working days, as of ${r.asOf})`);
  for (const t of Object.values(r.sla.targets)) if (t !== undefined) out.push(slaLine(t));
  const current = r.sla.openings[r.sla.openings.length - 1];
  if (current?.stall?.stalled === true) out.push(`  ${pad('stalled', 17)}no investigation decision nor response by ${current.stall.limitDate} (${current.stall.workingDays} working days into the ${current.reopened ? 'reopening' : 'receipt'})`);
  if (r.sla.openings.length > 1) {
    out.push('');
    out.push(`Openings: ${r.sla.openings.length} (the receipt and ${r.sla.openings.length - 1} reopening${r.sla.openings.length === 2 ? '' : 's'}), each with its own response target`);
    r.sla.openings.forEach((o, i) => out.push(...openingLines(o, i + 1)));
  }
  return `${out.join('\n')}\n`;
};
