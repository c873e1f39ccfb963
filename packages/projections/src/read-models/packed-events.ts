/**
 * A case file's events as saved with the read models: their JSON text deflated (zlib's raw
 * deflate, with a preset dictionary of the events' own keys and common values) and in base64, so
 * the saved read models are a quarter of the size and a report reads a quarter of the bytes.
 * The dictionary is part of the saved format: changing it means a new `PACKING` (and projection
 * version), since text packed with one dictionary does not inflate with another.
 *
 * @example
 * unpackEvents(packEvents('[{"type":"ComplaintWithdrawn"}]')); // '[{"type":"ComplaintWithdrawn"}]'
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Names the packing below; saved with the read models. */
export const PACKING = 'deflate-raw/12/dictionary-1';

// Event shapes as monitoring keeps them (case-files.ts's slimEvent), rarest first: deflate finds
// the nearest match, and nearer ones cost fewer bits.
const DICTIONARY = Buffer.from(
  [
    '{"type":"ComplaintWithdrawn","data":{"complaintId":"","at":""}}',
    '{"type":"ReferredToRegulator","data":{"complaintId":"","at":"","regulator":"ofqual"}}',
    '{"type":"FurtherCorrespondenceDeclined","data":{"complaintId":"","at":"","reason":"(not kept)"}}',
    '{"type":"ComplaintReopened","data":{"complaintId":"","at":"","reason":"(not kept)"}}',
    '{"type":"ComplaintReferredToStudyCentre","data":{"complaintId":"","at":"","studyCentre":"","reason":"the study centre\'s own complaints procedure comes first (C14)"}}',
    '{"type":"ComplaintRedirected","data":{"complaintId":"","at":"","redirectedTo":"","reason":""}}',
    '{"type":"AssessmentFailureRemediated","data":{"complaintId":"","at":"","failureId":"","cause":"","mitigation":"","prevention":""}}',
    '{"type":"AssessmentFailureIdentified","data":{"complaintId":"","at":"","failureId":"","assessment":"","description":"","learnersAffected":',
    '{"type":"ActionCompleted","data":{"complaintId":"","at":"","actionId":""}}',
    '"regulatorRoute":"https://www.gov.uk/government/organisations/ofqual/about/complaints-procedure"',
    '{"type":"ResponseIssued","data":{"complaintId":"","at":"","outcome":"not-upheld","outcome":"upheld","outcome":"partially-upheld","findings":"(not kept)","actions":[{"actionId":"","description":"","owner":"","dueOn":""}],"to":"complainant"}}',
    '{"type":"ComplaintClosed","data":{"complaintId":"","at":"","resolution":"responded"}}',
    '{"type":"InvestigationRequired","data":{"complaintId":"","at":"","reason":"(not kept)"}}',
    '{"type":"ComplaintAcknowledged","data":{"complaintId":"","at":"","channel":"email","to":"complainant"}}',
    '{"type":"ComplaintAssigned","data":{"complaintId":"","at":"","department":"","manager":{"id":"","name":""}}}',
    '[{"type":"ComplaintReceived","data":{"complaintId":"","at":"","channel":"email","businessArea":"","summary":"(not kept)","policy":"CX097-V4","department":"","complainant":{"name":"(not kept)","relationship":"member"}}}',
    ':00+00:00"},',
    ':00+01:00"},',
  ].join(''),
);

// a 4 KB window covers a case file and the dictionary; level 1: packing is paid on every save
const WINDOW_BITS = 12;

/** The JSON text of a case file's events, packed. */
export const packEvents = (json: string): string =>
  deflateRawSync(json, { dictionary: DICTIONARY, windowBits: WINDOW_BITS, memLevel: 5, level: 1 }).toString('base64');

/** The JSON text back; throws when `packed` is not what `packEvents` gave. */
export const unpackEvents = (packed: string): string =>
  inflateRawSync(Buffer.from(packed, 'base64'), { dictionary: DICTIONARY, windowBits: WINDOW_BITS }).toString('utf8');
