/**
 * CX097 V4, the CIM Complaints Policy reviewed January 2024, as data.
 * Each field cites the clause (docs/policy-mapping.md) it comes from.
 */
import type { Policy } from './policy.js';
import type { Instant, LocalDate, NonEmptyString } from '../shared/codecs.js';

const s = (value: string) => value as NonEmptyString;

export const CX097_V4: Policy = {
  id: s('CX097-V4'),
  reference: s('CX097'),
  version: s('V4'),
  title: 'CIM Complaints Policy',
  owner: 'Head of Customer Experience & Operations - CEO (Temporary owner)',
  reviewed: '2024-01',
  // "NEXT REVIEW DUE January 2025": due by the end of that month.
  nextReviewDue: '2025-01-31' as LocalDate,
  // Reviewed January 2024; taken as governing complaints received from the start of 2024.
  effectiveFrom: '2024-01-01T00:00:00Z' as Instant,
  channels: [s('email'), s('post'), s('telephone')], // C1
  calendarId: s('england-and-wales'), // CIM is at Moor Hall, Berkshire
  timeZone: s('Europe/London'),
  receiptCutOff: null, // V4 sets none
  dueSoonWorkingDays: 1,
  targets: [
    // C12: acknowledged within five working days of receipt
    { id: 'acknowledgement', workingDays: 5, startsFrom: 'receipt', appliesWhen: 'always', metBy: 'ComplaintAcknowledged' },
    // C13: when further investigation is required, responded to within 20 working days (of receipt: the plain reading)
    { id: 'response', workingDays: 20, startsFrom: 'receipt', appliesWhen: 'investigation-required', metBy: 'ResponseIssued' },
  ],
  routing: {
    // C9: handled by the relevant department manager
    membership: 'Membership',
    qualifications: 'Qualifications',
    'awarding-body': 'Awarding Body',
    training: 'Training',
    events: 'Events',
    'accredited-study-centre': 'Accredited Study Centres',
    'business-centre': 'Business Centre',
  },
  defaultDepartment: 'Customer Experience & Operations',
  areaRules: {
    redirect: {
      // C3: "Customers of CIM Business Centre can provide feedback via – feedbackmh@cim.co.uk"
      'business-centre': { to: s('feedbackmh@cim.co.uk'), reason: s('CIM Business Centre customers give feedback through the Business Centre (C3)') },
    },
    // C14: "should follow the ASC's complaints procedure ... If the issue remains unresolved, then escalation to CIM"
    studyCentreReferral: ['accredited-study-centre'],
    // C15: "Our Awarding Body is regulated by" Ofqual, CCEA and Qualifications Wales
    regulated: ['awarding-body'],
  },
  regulatorRoutes: {
    // C15
    ofqual: 'https://www.gov.uk/government/organisations/ofqual/about/complaints-procedure',
    ccea: 'https://ccea.org.uk/contact/complaints',
    'qualifications-wales': 'https://qualifications.wales/about/complaints/',
  },
  // C6: "handled by the relevant department manager"; the Quality & Complaints Manager oversees
  // every case (C11), so may respond for any department and take the decisions that end or
  // reopen one; a department manager may take those for the cases of their department.
  permissions: {
    respondForAnyDepartment: [s('quality-and-complaints-manager')],
    close: [s('quality-and-complaints-manager'), s('department-manager')],
    declineFurtherCorrespondence: [s('quality-and-complaints-manager'), s('department-manager')],
    reopen: [s('quality-and-complaints-manager'), s('department-manager')],
    referToRegulator: [s('quality-and-complaints-manager'), s('department-manager')],
  },
  // C13's 20 working days: a case with no investigation decision nor response by then has stalled
  stalledAfterWorkingDays: 20,
  // C5, C7: CX097 names no period; six years after a complaint ends is the usual limitation
  // period for a claim, and the Data Protection Officer (with the complaints manager) decides erasure.
  dataProtection: {
    roles: [s('data-protection-officer'), s('quality-and-complaints-manager')],
    erasePersonalDataYearsAfterEnd: 6,
  },
};
