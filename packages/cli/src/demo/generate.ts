/**
 * A realistic year of CIM complaints as commands (DOMAIN.md's JSON), from a seed: every channel
 * (and now and then a web form, which the policy does not list: C1) and business area, Business
 * Centre complaints redirected (C3), study-centre complaints referred back or escalated (C14,
 * naming the referred complaint they escalate when there is one), awarding-body complaints with
 * their regulators (C15), third parties (C4) written to and answered, late acknowledgements,
 * assignments (to another department with a reason now and then: C9), investigations,
 * assessment failures and remediations (C16), responses by the handler with actions (some done
 * late, some never: C6, C10), withdrawals, closures, correspondence after closure, declined
 * correspondence and reopenings (C17), regulator referrals. Closing, declining, reopening and
 * referring are the quality and complaints manager's (C6). A few commands are meant to break a
 * rule, so the demo shows the rules at work.
 *
 * Working days come from core's calendar (`addWorkingDays`, `deadlinesFromReceipt`); times are
 * London wall-clock times through luxon. Nothing reads the clock: the plan is a pure function
 * of the options.
 *
 * @example
 * const plan = generateDemo({ seed: 2025, complaints: 240 });
 * plan.commands.length; // about 2 300, in the order they happened
 */
import { addWorkingDays, calendarFor, CX097_V4, deadlinesFromReceipt, isRegulatedArea, isStudyCentreArea, redirectFor, type RejectionCode } from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';
import { DateTime } from 'luxon';
import {
  assessments,
  awardingBodyQuality,
  businessAreas,
  firstNames,
  intakeStaff,
  lastNames,
  qualityManager,
  regulators,
  reopenReasons,
  streets,
  studyCentres,
  thirdParties,
  towns,
  withdrawalReasons,
  type BusinessArea,
  type Manager,
} from './catalogue.js';
import { seededRandom, type Random } from './random.js';

export interface DemoOptions {
  readonly seed: number;
  readonly complaints: number;
  /** The year the complaints are received in; default 2025. */
  readonly year?: number;
}

/** One command of the plan, as the JSON `exec` would take. */
export interface DemoCommand {
  readonly command: {
    readonly type: string;
    readonly complaintId: string;
    readonly commandId: string;
    readonly at: string;
    readonly actor: { readonly id: string; readonly role: string };
    readonly [field: string]: unknown;
  };
  /** How many minutes after `at` the application records it (the demo's simulated clock). */
  readonly recordedAfterMinutes: number;
  /** The rule this command is meant to break, for the demo's deliberate rejections. */
  readonly expectRejection?: RejectionCode;
}

export interface DemoPlan {
  readonly seed: number;
  readonly year: number;
  readonly complaints: number;
  /** The last instant of the year: commands after it are left out. */
  readonly yearEnd: string;
  /** Every command, in the order it happened across all complaints. */
  readonly commands: readonly DemoCommand[];
  /** The case worth replaying, and why. */
  readonly showcase: { readonly complaintId: string; readonly why: string };
}

const policy = CX097_V4;
const ZONE = policy.timeZone;

const unwrap = <A>(result: E.Either<{ readonly message: string }, A>): A => {
  // the demo only asks for dates inside the calendar's range: a Left here is a bug in the demo
  if (E.isLeft(result)) throw new Error(`demo generator: ${result.left.message}`);
  return result.right;
};

const calendar = unwrap(calendarFor(policy.calendarId));
const plusWorkingDays = (date: string, n: number): string => unwrap(addWorkingDays(calendar, n)(date));
const localDate = (dt: DateTime): string => dt.setZone(ZONE).toISODate() as string;
const iso = (dt: DateTime): string => dt.setZone(ZONE).toISO({ suppressMilliseconds: true }) as string;

/** Receipts per month: more after exam sittings (February, August, September), fewer in December. */
const MONTH_WEIGHTS = [8, 10, 9, 8, 8, 9, 7, 11, 11, 9, 8, 5] as const;

type Channel = 'email' | 'telephone' | 'post' | 'web-form';
type Outcome = 'upheld' | 'partially-upheld' | 'not-upheld';

/** What will happen to one complaint; decided before any command is written. */
interface Profile {
  readonly area: BusinessArea;
  readonly channel: Channel;
  readonly receivedAt: DateTime;
  readonly relationship: 'member' | 'delegate' | 'other';
  readonly regulator?: string;
  readonly studyCentre?: { readonly name: string; readonly escalated: boolean };
  /** C14: the complaint referred back to the same centre that this one escalates. */
  readonly escalatesFrom?: string;
  readonly ackLate: boolean;
  readonly withdrawBeforeAck: boolean;
  readonly reassign: boolean;
  /** C9: assigned outside the routed department, with a reason. */
  readonly assignElsewhere: boolean;
  readonly thirdParty: boolean;
  /** C4, C8: the response goes to the authorised third party. */
  readonly answerThirdParty: boolean;
  readonly thirdPartyWithdrawn: boolean;
  readonly investigate: boolean;
  readonly failure: boolean;
  readonly closeBeforeRemediation: boolean;
  readonly withdrawDuringInvestigation: boolean;
  readonly responseLate: boolean;
  readonly outcome: Outcome;
  readonly actions: number;
  readonly closeBeforeResponse: boolean;
  readonly writeToUnauthorisedThirdParty: boolean;
  /** C6: someone who is neither the handler nor allowed to respond for any department tries to. */
  readonly respondWithoutAuthority: boolean;
  readonly acknowledgeEndedCase: boolean;
  readonly afterClosureCorrespondence: boolean;
  readonly declineFurther: boolean;
  readonly reopen: boolean;
  readonly regulatorReferral: boolean;
  readonly showcase: boolean;
}

const receiptInstant = (r: Random, year: number, channel: Channel, months: readonly number[]): DateTime => {
  const month = r.weighted(months.map((m) => [m, MONTH_WEIGHTS[m - 1]!] as const));
  const first = DateTime.fromObject({ year, month, day: 1 }, { zone: ZONE });
  const date = first.set({ day: r.int(1, first.daysInMonth!) });
  if (channel === 'email' || channel === 'web-form') return date.set({ hour: r.int(7, 22), minute: r.int(0, 59) });
  // post is opened and calls are taken on working days, in office hours
  const working = unwrap(addWorkingDays(calendar, 0)(date.toISODate()!));
  const day = working.startsWith(`${year}-`) ? DateTime.fromISO(working, { zone: ZONE }) : date;
  return channel === 'post' ? day.set({ hour: r.int(9, 11), minute: r.int(0, 59) }) : day.set({ hour: r.int(9, 16), minute: r.int(0, 59) });
};

const randomProfile = (r: Random, year: number): Profile => {
  const area = r.weighted(businessAreas.map((a) => [a, a.weight] as const));
  const channel = r.weighted<Channel>([
    ['email', 58],
    ['telephone', 25],
    ['post', 14],
    ['web-form', 3],
  ]);
  // what an area means is the policy's to say (C3, C14, C15)
  const awarding = isRegulatedArea(area.id)(policy);
  const studyCentre = isStudyCentreArea(area.id)(policy) ? { name: r.pick(studyCentres), escalated: r.chance(0.5) } : undefined;
  const endsAtReceipt = redirectFor(area.id)(policy) !== undefined || (studyCentre !== undefined && !studyCentre.escalated);
  const thirdParty = r.chance(awarding || area.id === 'qualifications' ? 0.22 : 0.08);
  const investigate = r.chance(awarding ? 0.85 : 0.6);
  const failure = investigate && r.chance(awarding ? 0.4 : area.id === 'qualifications' ? 0.1 : 0);
  const outcome = r.weighted<Outcome>([
    ['upheld', 30],
    ['partially-upheld', 30],
    ['not-upheld', 40],
  ]);
  const afterClosureCorrespondence = r.chance(0.1);
  const declineFurther = afterClosureCorrespondence && r.chance(0.5);
  return {
    area,
    channel,
    receivedAt: receiptInstant(r, year, channel, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    relationship: r.weighted([
      ['member', 55],
      ['delegate', 30],
      ['other', 15],
    ] as const),
    ...(awarding ? { regulator: r.weighted(regulators) } : {}),
    ...(studyCentre === undefined ? {} : { studyCentre }),
    ackLate: r.chance(0.12),
    withdrawBeforeAck: r.chance(0.02),
    reassign: r.chance(0.05),
    // a qualifications complaint that turns on an assessment goes to the Awarding Body
    assignElsewhere: area.id === 'qualifications' && r.chance(0.1),
    thirdParty,
    thirdPartyWithdrawn: thirdParty && r.chance(0.15),
    answerThirdParty: thirdParty && r.chance(0.4),
    investigate,
    failure,
    closeBeforeRemediation: failure && r.chance(0.15),
    withdrawDuringInvestigation: investigate && !failure && r.chance(0.05),
    responseLate: investigate && r.chance(0.15),
    outcome,
    actions: outcome === 'not-upheld' ? 0 : r.int(1, 2),
    closeBeforeResponse: r.chance(0.03),
    writeToUnauthorisedThirdParty: !thirdParty && r.chance(0.02),
    respondWithoutAuthority: r.chance(0.03),
    acknowledgeEndedCase: endsAtReceipt && r.chance(0.1),
    afterClosureCorrespondence,
    declineFurther,
    reopen: !declineFurther && r.chance(0.05),
    regulatorReferral: awarding && r.chance(0.2),
    showcase: false,
  };
};

/** The case the demo replays: an awarding-body complaint that uses most of the policy. */
const showcaseProfile = (r: Random, year: number): Profile => ({
  area: businessAreas.find((a) => a.id === 'awarding-body')!,
  channel: 'email',
  // early in the year, so its whole story (reopening included) fits before the year ends
  receivedAt: receiptInstant(r, year, 'email', [2, 3, 4]),
  relationship: 'delegate',
  regulator: 'ofqual',
  ackLate: false,
  withdrawBeforeAck: false,
  reassign: false,
  assignElsewhere: false,
  thirdParty: true,
  thirdPartyWithdrawn: false,
  answerThirdParty: true,
  investigate: true,
  failure: true,
  closeBeforeRemediation: false,
  withdrawDuringInvestigation: false,
  responseLate: false,
  outcome: 'partially-upheld',
  actions: 2,
  closeBeforeResponse: false,
  writeToUnauthorisedThirdParty: false,
  respondWithoutAuthority: false,
  acknowledgeEndedCase: false,
  afterClosureCorrespondence: true,
  declineFurther: false,
  reopen: true,
  regulatorReferral: true,
  showcase: true,
});

const SHOWCASE_WHY = 'an awarding-body complaint answered to a third party, with an assessment failure, a reopening and a regulator referral';

/** Writes one complaint's commands in the order they happen, each at or after the one before. */
const lifecycle = (r: Random, complaintId: string, p: Profile): DemoCommand[] => {
  const out: DemoCommand[] = [];
  let cursor: DateTime = p.receivedAt;
  let seq = 0;

  /** An office-hours instant on a date, never before the previous command of this complaint. */
  const atOn = (date: string): string => {
    let dt: DateTime = DateTime.fromISO(date, { zone: ZONE }).set({ hour: r.int(9, 16), minute: r.int(0, 59) });
    if (dt <= cursor) dt = cursor.plus({ minutes: r.int(10, 90) });
    cursor = dt;
    return iso(dt);
  };
  /** An instant `n` working days after the previous command's day. */
  const after = (n: number): string => atOn(plusWorkingDays(localDate(cursor), n));

  const emit = (type: string, at: string, actor: { readonly id: string; readonly role: string }, fields: Record<string, unknown> = {}, expectRejection?: RejectionCode) => {
    seq += 1;
    out.push({
      command: { type, complaintId, commandId: `${complaintId}/${String(seq).padStart(2, '0')}`, at, actor, ...fields },
      recordedAfterMinutes: r.int(1, 15),
      ...(expectRejection === undefined ? {} : { expectRejection }),
    });
  };

  const first = r.pick(firstNames);
  const last = r.pick(lastNames);
  const name = `${first} ${last}`;
  const email = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `@${r.pick(['example.com', 'example.org', 'example.net'])}`;
  const [town, postcode] = r.pick(towns);
  const complainant = {
    name,
    relationship: p.relationship,
    ...(p.channel !== 'post' || r.chance(0.4) ? { email } : {}),
    ...(p.channel === 'telephone' ? { phone: `+44 7700 900${String(r.int(0, 999)).padStart(3, '0')}` } : {}),
    ...(p.channel === 'post' ? { postalAddress: `${r.int(1, 120)} ${r.pick(streets)}, ${town} ${postcode}` } : {}),
  };
  const replyChannel = p.channel === 'post' && complainant.email === undefined ? 'post' : 'email';
  const intake = r.pick(intakeStaff);
  // C9: the routed department's managers, or (with a reason) those of the regulated area's department
  const elsewhere = p.assignElsewhere ? businessAreas.find((a) => isRegulatedArea(a.id)(policy)) : undefined;
  const department = elsewhere?.department ?? p.area.department;
  const managers = elsewhere?.managers ?? p.area.managers;
  let manager: Manager = managers[0]!;
  const managerActor = () => ({ id: manager.id, role: 'department-manager' });
  const receivedAt = iso(p.receivedAt);

  const studyCentre =
    p.studyCentre === undefined
      ? undefined
      : p.studyCentre.escalated
        ? { name: p.studyCentre.name, ownProcedureCompletedOn: p.receivedAt.minus({ days: r.int(3, 30) }).toISODate() }
        : { name: p.studyCentre.name };
  emit('ReceiveComplaint', receivedAt, intake, {
    channel: p.channel,
    complainant,
    businessArea: p.area.id,
    summary: r.pick(p.area.summaries),
    ...(r.chance(0.7) ? { desiredOutcome: r.pick(p.area.desiredOutcomes) } : {}),
    ...(studyCentre === undefined ? {} : { studyCentre }),
    ...(p.regulator === undefined ? {} : { regulator: p.regulator }),
    ...(p.escalatesFrom === undefined ? {} : { escalatesFrom: p.escalatesFrom }),
  });
  const redirected = redirectFor(p.area.id)(policy) !== undefined;
  const endedAtReceipt = redirected || (p.studyCentre !== undefined && !p.studyCentre.escalated);
  if (endedAtReceipt) {
    if (p.acknowledgeEndedCase)
      emit('AcknowledgeComplaint', after(1), intake, { channel: replyChannel }, redirected ? 'complaint-redirected' : 'complaint-referred-to-study-centre');
    return out;
  }

  const effectiveReceipt = unwrap(deadlinesFromReceipt(policy, calendar)(receivedAt)).receipt.effectiveDate;
  emit('AssignComplaint', after(r.int(0, 1)), qualityManager, {
    department,
    manager,
    ...(elsewhere === undefined ? {} : { overrideReason: 'The complaint turns on an assessment decision, which the Awarding Body makes' }),
  });
  if (p.withdrawBeforeAck) {
    emit('WithdrawComplaint', after(r.int(1, 3)), intake, { reason: r.pick(withdrawalReasons) });
    emit('CloseComplaint', after(r.int(0, 1)), qualityManager);
    return out;
  }
  // C12: five working days from the effective day of receipt; a late one lands on day 6 to 9
  emit('AcknowledgeComplaint', atOn(plusWorkingDays(effectiveReceipt, p.ackLate ? r.int(6, 9) : r.int(0, 4))), intake, { channel: replyChannel });
  if (p.reassign && elsewhere === undefined && managers.length > 1) {
    manager = managers[1]!;
    emit('AssignComplaint', after(r.int(1, 3)), qualityManager, { department, manager });
  }
  const party = p.thirdParty ? (p.showcase ? thirdParties[0] : r.pick(thirdParties)) : undefined;
  if (party !== undefined) {
    emit('AuthoriseThirdParty', after(r.int(1, 3)), intake, {
      party,
      evidence: `Signed authority form from ${name}, received by ${replyChannel}`,
      scope: 'All correspondence about this complaint',
    });
    emit('RecordCorrespondence', after(r.int(0, 2)), managerActor(), {
      direction: 'outbound',
      party: 'third-party',
      partyName: party.name,
      channel: 'email',
      summary: 'Confirmed the authority and explained the next steps',
    });
    if (r.chance(0.5))
      emit('RecordCorrespondence', after(r.int(1, 4)), intake, { direction: 'inbound', party: 'third-party', partyName: party.name, channel: 'email', summary: 'Sent further evidence on behalf of the complainant' });
  }
  if (p.writeToUnauthorisedThirdParty)
    emit(
      'RecordCorrespondence',
      after(r.int(0, 2)),
      managerActor(),
      { direction: 'outbound', party: 'third-party', channel: 'email', summary: "Replied to the complainant's relative who telephoned" },
      'third-party-not-authorised',
    );

  const failureId = `${complaintId}-F1`;
  if (p.investigate) {
    emit('RequireInvestigation', after(r.int(0, 3)), managerActor(), { reason: r.pick(p.area.investigationReasons) });
    if (r.chance(0.5)) {
      emit('RecordCorrespondence', after(r.int(2, 5)), managerActor(), { direction: 'outbound', party: 'complainant', channel: replyChannel, summary: 'Update: the investigation is under way' });
      if (r.chance(0.5)) emit('RecordCorrespondence', after(r.int(1, 3)), intake, { direction: 'inbound', party: 'complainant', channel: replyChannel, summary: 'Asked when the outcome will be sent' });
    }
    if (p.failure) {
      emit('RecordAssessmentFailure', after(r.int(1, 5)), awardingBodyQuality, {
        failureId,
        assessment: r.pick(assessments),
        description: r.pick(['Scripts marked against the previous brief', 'Approved adjustment not applied in the exam room', 'Moderation sample drawn from the wrong centre']),
        learnersAffected: r.int(1, 60),
      });
      if (!p.closeBeforeRemediation) remediate(after(r.int(2, 8)));
    }
    if (p.withdrawDuringInvestigation) {
      emit('WithdrawComplaint', after(r.int(2, 6)), intake, { reason: r.pick(withdrawalReasons) });
      emit('CloseComplaint', after(r.int(0, 2)), qualityManager);
      return out;
    }
    if (p.thirdPartyWithdrawn && party !== undefined) emit('WithdrawThirdPartyAuthorisation', after(r.int(1, 3)), intake, { partyName: party.name });
  }
  if (p.closeBeforeResponse) emit('CloseComplaint', after(r.int(0, 1)), qualityManager, {}, 'no-response-issued');

  // C13: 20 working days from the effective day of receipt when investigation is required
  const responseAt = p.investigate ? atOn(plusWorkingDays(effectiveReceipt, p.responseLate ? r.int(21, 26) : r.int(8, 19))) : after(r.int(1, 6));
  const responseDate = localDate(cursor);
  const firstAction = r.int(0, p.area.actions.length - 1);
  const actions = Array.from({ length: p.actions }, (_, i) => ({
    actionId: `${complaintId}-A${i + 1}`,
    // consecutive entries of the area's list: two actions of one response never repeat
    description: p.area.actions[(firstAction + i) % p.area.actions.length]!,
    owner: manager.name,
    dueInWorkingDays: r.int(10, 30),
  }));
  const response = {
    outcome: p.outcome,
    findings: r.pick(p.area.findings),
    actions: actions.map((a) => ({ actionId: a.actionId, description: a.description, owner: a.owner, dueOn: plusWorkingDays(responseDate, a.dueInWorkingDays) })),
  };
  // C6: the case is answered by its handler (or the quality and complaints manager), not by intake staff
  if (p.respondWithoutAuthority) emit('IssueResponse', responseAt, intake, response, 'role-not-permitted');
  // C4, C8: to the authorised third party, while the authorisation stands
  const answerThirdParty = p.answerThirdParty && party !== undefined && !(p.thirdPartyWithdrawn && p.investigate);
  emit('IssueResponse', p.respondWithoutAuthority ? after(0) : responseAt, managerActor(), {
    ...response,
    ...(answerThirdParty ? { to: 'third-party', partyName: party.name } : {}),
  });
  if (p.failure && p.closeBeforeRemediation) {
    emit('CloseComplaint', after(r.int(1, 2)), qualityManager, {}, 'assessment-failures-unremediated');
    remediate(after(r.int(1, 4)));
  }
  emit('CloseComplaint', after(r.int(1, 5)), qualityManager);
  const closedDate = localDate(cursor);

  // After closure, what happens is planned by date and then written in date order.
  const later: { readonly date: string; readonly order: number; readonly write: () => void }[] = [];
  actions.forEach((a, i) => {
    const roll = r.int(1, 100);
    if (p.showcase && i === 1) return; // the showcase keeps one action open, to show as overdue
    if (roll > 88) return; // never completed: open, and overdue once its due day has passed
    const days = roll <= 72 ? r.int(2, a.dueInWorkingDays) : a.dueInWorkingDays + r.int(1, 10);
    later.push({ date: plusWorkingDays(responseDate, days), order: later.length, write: () => emit('CompleteAction', atOn(plusWorkingDays(responseDate, days)), managerActor(), { actionId: a.actionId }) });
  });
  if (p.regulatorReferral && p.regulator !== undefined) {
    const date = plusWorkingDays(responseDate, r.int(5, 20));
    later.push({ date, order: later.length, write: () => emit('RecordRegulatorReferral', atOn(date), qualityManager, { regulator: p.regulator }) });
  }
  if (p.afterClosureCorrespondence) {
    const date = plusWorkingDays(closedDate, r.int(3, 12));
    later.push({
      date,
      order: later.length,
      write: () => {
        const byThirdParty = party !== undefined && r.chance(p.showcase ? 1 : 0.5);
        emit('RecordCorrespondence', atOn(date), intake, {
          direction: 'inbound',
          party: byThirdParty ? 'third-party' : 'complainant',
          ...(byThirdParty ? { partyName: party.name } : {}),
          channel: replyChannel,
          summary: 'Disputes the findings and asks CIM to think again',
        });
        // C17: the process has been followed and the findings communicated
        if (p.declineFurther) emit('DeclineFurtherCorrespondence', after(r.int(1, 3)), qualityManager, { reason: 'Our findings were sent and the complaints process has been followed' });
      },
    });
  }
  if (p.reopen) {
    const date = plusWorkingDays(closedDate, p.afterClosureCorrespondence ? r.int(13, 20) : r.int(5, 20));
    later.push({
      date,
      order: later.length,
      write: () => {
        emit('ReopenComplaint', atOn(date), qualityManager, { reason: r.pick(reopenReasons) });
        emit('RequireInvestigation', after(r.int(0, 2)), managerActor(), { reason: 'The new evidence must be reviewed' });
        emit('IssueResponse', after(r.int(5, 15)), managerActor(), {
          outcome: p.showcase ? 'upheld' : r.pick(['upheld', 'partially-upheld', 'not-upheld'] as const),
          findings: 'Having reviewed the new evidence, CIM confirms its findings as set out',
          actions: [],
        });
        emit('CloseComplaint', after(r.int(1, 4)), qualityManager);
      },
    });
  }
  later.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));
  for (const item of later) item.write();
  return out;

  function remediate(at: string) {
    emit('RecordAssessmentRemediation', at, awardingBodyQuality, {
      failureId,
      cause: 'The marking template was not checked against the current brief',
      mitigation: 'Affected scripts re-marked and results re-issued',
      prevention: 'Templates are now checked against the brief before marking starts',
    });
  }
};

/**
 * An escalation names the complaint referred back to the same centre that it escalates, when one
 * was received at least a month before (the centre's own procedure ran in between).
 */
const withEscalatedComplaint = (p: Profile, referredBack: Map<string, { readonly complaintId: string; readonly receivedAt: DateTime }>): Profile => {
  const referred = p.studyCentre?.escalated === true ? referredBack.get(p.studyCentre.name) : undefined;
  if (p.studyCentre === undefined || referred === undefined || referred.receivedAt.plus({ days: 30 }) > p.receivedAt) return p;
  referredBack.delete(p.studyCentre.name);
  return { ...p, escalatesFrom: referred.complaintId };
};

/** The demo year: `complaints` complaints received in `year`, as commands in time order. */
export const generateDemo = (options: DemoOptions): DemoPlan => {
  const year = options.year ?? 2025;
  const r = seededRandom(options.seed);
  const showcaseIndex = options.complaints > 0 ? r.int(0, options.complaints - 1) : -1;
  const profiles = Array.from({ length: options.complaints }, (_, i) => (i === showcaseIndex ? showcaseProfile(r, year) : randomProfile(r, year)));
  // numbered in order of receipt, as a complaints log would be
  const ordered = profiles.map((p, i) => ({ p, i })).sort((a, b) => a.p.receivedAt.toMillis() - b.p.receivedAt.toMillis() || a.i - b.i);
  const yearEnd = `${year}-12-31T23:59:59Z`;
  const end = DateTime.fromISO(yearEnd).toMillis();
  const width = Math.max(4, String(options.complaints).length);
  let showcase = '';
  const all: { readonly c: DemoCommand; readonly millis: number; readonly complaint: number; readonly seq: number }[] = [];
  // C14: complaints referred back to each centre, not yet escalated, by centre
  const referredBack = new Map<string, { readonly complaintId: string; readonly receivedAt: DateTime }>();
  ordered.forEach(({ p: planned }, n) => {
    const complaintId = `CIM-${year}-${String(n + 1).padStart(width, '0')}`;
    const p = withEscalatedComplaint(planned, referredBack);
    if (p.studyCentre !== undefined && !p.studyCentre.escalated) referredBack.set(p.studyCentre.name, { complaintId, receivedAt: p.receivedAt });
    if (p.showcase) showcase = complaintId;
    lifecycle(r, complaintId, p).forEach((c, seq) => {
      const millis = DateTime.fromISO(c.command.at).toMillis();
      // what has not happened by the end of the year is not part of this year's story
      if (millis <= end) all.push({ c, millis, complaint: n, seq });
    });
  });
  all.sort((a, b) => a.millis - b.millis || a.complaint - b.complaint || a.seq - b.seq);
  return { seed: options.seed, year, complaints: options.complaints, yearEnd, commands: all.map((x) => x.c), showcase: { complaintId: showcase, why: SHOWCASE_WHY } };
};
