/**
 * The words of the demo year: people, business areas with what their complaints are about,
 * managers (routed as CX097's C9 says), study centres and third parties. Invented names;
 * e-mail domains and phone numbers are the ones reserved for examples and drama.
 *
 * @example
 * businessAreas.find((a) => a.id === 'awarding-body')!.summaries[0]; // 'Result for the June sitting released late'
 */

export const firstNames = [
  'Amelia', 'Oliver', 'Isla', 'George', 'Ava', 'Noah', 'Priya', 'Arjun', 'Sophie', 'Harry', 'Grace', 'Mohammed', 'Chloe', 'Jack',
  'Fatima', 'Thomas', 'Ellie', 'Daniel', 'Hannah', 'Samuel', 'Zara', 'Rhys', 'Niamh', 'Callum', 'Aisha', 'Owen', 'Freya', 'Kwame',
] as const;

export const lastNames = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Patel', 'Khan', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Wright',
  'Hughes', 'Edwards', 'Green', "O'Neill", 'Campbell', 'Murray', 'Okafor', 'Nowak', 'Chen', 'Davies', 'Morgan',
] as const;

export const streets = ['Station Road', 'High Street', 'Church Lane', 'Mill Road', 'Victoria Street', 'Park Avenue', 'The Green', 'Queens Road'] as const;
export const towns = [
  ['Reading', 'RG1 1AA'], ['Maidenhead', 'SL6 1AB'], ['Leeds', 'LS1 4AP'], ['Cardiff', 'CF10 1EP'], ['Belfast', 'BT1 5GS'],
  ['Glasgow', 'G1 1XQ'], ['Bristol', 'BS1 4DJ'], ['Manchester', 'M1 1AD'], ['Norwich', 'NR2 1NH'], ['Swansea', 'SA1 1NW'],
] as const;

export interface Manager {
  readonly id: string;
  readonly name: string;
}

export interface BusinessArea {
  readonly id: string;
  /** Relative frequency of complaints about the area. */
  readonly weight: number;
  readonly summaries: readonly string[];
  readonly desiredOutcomes: readonly string[];
  readonly investigationReasons: readonly string[];
  readonly findings: readonly string[];
  readonly actions: readonly string[];
  /** The department's managers (CX097 C9); the first is the usual handler. */
  readonly managers: readonly Manager[];
  readonly department: string;
}

export const businessAreas: readonly BusinessArea[] = [
  {
    id: 'membership',
    weight: 24,
    department: 'Membership',
    summaries: [
      'Membership renewal fee taken twice in one month',
      'Chartered Marketer status not shown after CPD was submitted',
      'Member portal locked after a password reset',
      'Direct debit cancelled without notice and membership lapsed',
      'Application to upgrade to Fellow not answered',
    ],
    desiredOutcomes: ['A refund of the duplicate payment', 'My status corrected on the register', 'Membership reinstated without a gap'],
    investigationReasons: ['Payment records must be checked with Finance', 'CPD records must be reconciled with the register'],
    findings: [
      'The renewal was taken twice because of a payment provider retry; the second payment is refunded',
      'The CPD submission was received but not processed within the published time',
      'The portal lock followed the security policy correctly; the message shown was unclear',
    ],
    actions: ['Refund the duplicate payment', 'Correct the membership register', 'Rewrite the portal lock-out message'],
    managers: [
      { id: 'm-membership-1', name: 'Priya Shah' },
      { id: 'm-membership-2', name: 'Tom Fletcher' },
    ],
  },
  {
    id: 'qualifications',
    weight: 19,
    department: 'Qualifications',
    summaries: [
      'Exam booking confirmation never arrived',
      'Study materials for the Digital Strategy unit were missing',
      'Assignment feedback returned three weeks late',
      'Transcript shows the wrong qualification title',
      'Resit fee charged although the exam was deferred',
    ],
    desiredOutcomes: ['A corrected transcript', 'The resit fee refunded', 'Confirmation of my exam place'],
    investigationReasons: ['The booking system logs must be reviewed', 'The marking timeline must be checked with the assessment team'],
    findings: [
      'The confirmation e-mail failed for one booking batch; all affected learners have been contacted',
      'The deferral was recorded after the fee run; the fee is refunded',
      'Feedback was delayed by a marker shortage in that window',
    ],
    actions: ['Re-send booking confirmations for the affected batch', 'Refund the resit fee', 'Add marker capacity for peak windows'],
    managers: [
      { id: 'm-qualifications-1', name: 'Helen Carter' },
      { id: 'm-qualifications-2', name: 'Imran Qureshi' },
    ],
  },
  {
    id: 'awarding-body',
    weight: 15,
    department: 'Awarding Body',
    summaries: [
      'Result for the June sitting released late',
      'Assessment marked against the wrong brief',
      'Reasonable adjustment not applied in the exam',
      'Certificate issued with a misspelt name',
      'Moderation outcome not explained',
    ],
    desiredOutcomes: ['A re-mark of my assessment', 'My result released', 'A corrected certificate'],
    investigationReasons: ['The marking and moderation records must be reviewed', 'The reasonable adjustment request must be traced'],
    findings: [
      'A marking template from the previous brief was used for part of the cohort',
      'The adjustment request was approved but not passed to the invigilator',
      'The result was held back by a moderation query that was not communicated',
    ],
    actions: ['Re-mark the affected scripts', 'Brief invigilators on approved adjustments', 'Re-issue the certificate', 'Add a check on marking templates'],
    managers: [
      { id: 'm-awarding-1', name: 'Dr Sarah Mitchell' },
      { id: 'm-awarding-2', name: 'Gareth Lloyd' },
    ],
  },
  {
    id: 'training',
    weight: 12,
    department: 'Training',
    summaries: [
      'Course cancelled two days before the start date',
      'Trainer did not cover the advertised syllabus',
      'Virtual classroom link failed for the whole session',
      'Refund for a cancelled course not received',
    ],
    desiredOutcomes: ['A full refund', 'A free place on the next course'],
    investigationReasons: ['Trainer and course records must be reviewed'],
    findings: ['The course was cancelled for low numbers without the notice our terms promise', 'The platform outage was on the provider side'],
    actions: ['Refund the course fee', 'Offer a place on the next cohort', 'Review the cancellation notice period'],
    managers: [
      { id: 'm-training-1', name: 'Lucy Adams' },
      { id: 'm-training-2', name: 'Ben Okoro' },
    ],
  },
  {
    id: 'events',
    weight: 9,
    department: 'Events',
    summaries: [
      'Conference venue not step-free as promised',
      'Event ticket charged at the non-member rate',
      'Webinar recording never sent',
      'Dietary requirements ignored at the awards dinner',
    ],
    desiredOutcomes: ['The price difference refunded', 'An apology'],
    investigationReasons: ['The venue contract and booking notes must be checked'],
    findings: ['The venue changed its access arrangements without telling us', 'The member rate was not applied because of a pricing rule error'],
    actions: ['Refund the rate difference', 'Add accessibility checks to venue contracts'],
    managers: [{ id: 'm-events-1', name: 'Chloe Barnes' }],
  },
  {
    id: 'business-centre',
    weight: 6,
    department: 'Business Centre',
    summaries: ['Meeting room at Moor Hall double-booked', 'Catering invoice for a Business Centre event is wrong', 'Parking at Moor Hall not reserved as agreed'],
    desiredOutcomes: ['A corrected invoice'],
    investigationReasons: [],
    findings: [],
    actions: [],
    managers: [{ id: 'm-business-centre-1', name: 'Mark Ellis' }],
  },
  {
    id: 'accredited-study-centre',
    weight: 12,
    department: 'Accredited Study Centres',
    summaries: [
      'Study centre cancelled tutorials without notice',
      'Study centre has not returned marked assignments',
      'Study centre refused to refund its tuition fee',
      'Study centre tutor unavailable for most of the course',
    ],
    desiredOutcomes: ['CIM to review the centre', 'Help to transfer to another centre'],
    investigationReasons: ["The centre's handling of the complaint must be reviewed against its accreditation terms"],
    findings: ["The centre did not follow its own published complaints procedure", "The centre's decision was within its terms, but poorly explained"],
    actions: ['Review the centre at its next accreditation visit', 'Write to the centre about its complaints procedure'],
    managers: [{ id: 'm-asc-1', name: 'Nadia Hussain' }],
  },
];

export const studyCentres = ['Northgate Marketing Academy', 'Pennine Business School', 'Thames Valley Study Centre', 'Clyde Professional Training', 'Severn College of Marketing'] as const;

export const regulators = [
  ['ofqual', 70],
  ['ccea', 15],
  ['qualifications-wales', 15],
] as const;

export const thirdParties = [
  { name: 'Dr Helen Ward', relationship: 'solicitor', contact: 'h.ward@ward-legal.example.com' },
  { name: 'Marcus Reid', relationship: 'parent', contact: 'marcus.reid@example.net' },
  { name: 'Julie Baker', relationship: 'employer (training sponsor)', contact: 'julie.baker@acme-retail.example.com' },
  { name: 'Cllr Amir Malik', relationship: 'local councillor', contact: 'amir.malik@council.example.org' },
  { name: 'Steve Harper', relationship: 'union representative', contact: 's.harper@union.example.org' },
] as const;

export const assessments = [
  'Level 4 Certificate in Professional Marketing: Marketing and Digital Strategy',
  'Level 6 Diploma in Professional Marketing: Leading Marketing',
  'Level 7 Postgraduate Diploma: Corporate Digital Transformation',
  'Level 5 Diploma in Professional Marketing: Customer Insights',
] as const;

export const intakeStaff = [
  { id: 'u-cx-01', role: 'customer-experience-advisor' },
  { id: 'u-cx-02', role: 'customer-experience-advisor' },
  { id: 'u-cx-03', role: 'customer-experience-advisor' },
] as const;

export const qualityManager = { id: 'u-qcm-01', role: 'quality-and-complaints-manager' } as const;
export const awardingBodyQuality = { id: 'u-ab-quality-01', role: 'awarding-body-quality-lead' } as const;

export const withdrawalReasons = ['Resolved informally with the department', 'The complainant no longer wishes to pursue it', 'The refund arrived before the investigation finished'] as const;
export const reopenReasons = ['The complainant sent new evidence after closure', 'The agreed remedy was not delivered', 'The regulator asked CIM to look again'] as const;
