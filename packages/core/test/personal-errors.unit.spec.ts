// C5: no problem and no rejection carries personal data. Decoding problems never quote a value at a
// personal path (and, asked, no value at all); rejections name no person. Personal values are set
// to marker strings, and every message and detail is searched for the marker.
import { describe, expect } from 'vitest';
import { fc, it } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import {
  commandCodecs,
  commandPersonalPaths,
  commandTypes,
  complaintDecider,
  createCommandHandler,
  decodeCommand,
  eventDescriptions,
  eventTypes,
  fieldsOf,
  formatProblems,
  personalPathsOfCommandType,
  personalPathsOfType,
  type CommandType,
  type ComplaintCommand,
  type Problem,
  type Rejection,
} from '@cim-complaints/core';
import { arbitraryOf, commands, complaintCommandsArb, inMemoryStore, spec } from '@cim-complaints/testing';

const MARKER = 'ZqPii';
/** Whether a text holds the marker, in any case (an email is often lower-cased). */
const leaks = (value: unknown): boolean => (JSON.stringify(value) ?? '').toLowerCase().includes(MARKER.toLowerCase());

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A copy of `input` with the value at a dotted path set (objects on the way made as needed). */
const withValueAt = (input: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> => {
  const [key, ...rest] = path.split('.');
  if (rest.length === 0) return { ...input, [key!]: value };
  const inner = isRecord(input[key!]) ? (input[key!] as Record<string, unknown>) : {};
  return { ...input, [key!]: withValueAt(inner, rest.join('.'), value) };
};

/** Every personal field of a command set to a recognisable text holding the marker. */
const marked = (input: Record<string, unknown>, type: CommandType, tag = ''): Record<string, unknown> =>
  commandPersonalPaths[type].reduce((out, path) => withValueAt(out, path, `${MARKER} ${path}${tag} of Jane Doe`), input);

const problemsOf = (input: unknown, options?: Parameters<typeof decodeCommand>[1]): Problem[] => {
  const decoded = decodeCommand(input, options);
  if (E.isRight(decoded)) throw new Error(`expected the command to be refused: ${JSON.stringify(input)}`);
  return decoded.left;
};

const typesWithPersonalData = commandTypes.filter((type) => commandPersonalPaths[type].length > 0);

/** Non-personal fields of a command, at the top, that a problem may still quote. */
const siblingsOf = (type: CommandType): string[] =>
  fieldsOf(commandCodecs[type] as unknown as t.Mixed)
    .map((f) => f.path)
    .filter((path) => !path.includes('.') && !path.includes('[') && path !== 'type' && !commandPersonalPaths[type].some((p) => p === path || p.startsWith(`${path}.`)));

/** Ways to break a personal field that keep the marker in the value sent. */
const brokenPersonal = [
  (text: string) => [text],
  (text: string) => ({ text }),
  (text: string) => ({ [text]: true }),
  (text: string) => `${text}\u0000`,
  (text: string) => `${text} ${'x'.repeat(30_000)}`,
  (text: string) => `${text}\ud800`,
];

describe('personal data in problems and rejections (C5)', () => {
  describe('which command fields are personal', () => {
    it('are the fields each command records in personal fields of its events, as the sealing lists them', () => {
      for (const type of commandTypes) {
        const fields = new Set(fieldsOf(commandCodecs[type] as unknown as t.Mixed).map((f) => f.path));
        const recorded = eventTypes.filter((event) => eventDescriptions[event].recordedBy === type).flatMap((event) => personalPathsOfType(event));
        expect([...commandPersonalPaths[type]].sort(), type).toEqual([...new Set(recorded.filter((path) => fields.has(path)))].sort());
        expect(personalPathsOfCommandType(type)).toEqual(commandPersonalPaths[type]);
      }
    });

    it('cover the complainant, third parties, letters’ addressees, evidence and free texts', () => {
      expect(commandPersonalPaths).toMatchObject({
        ReceiveComplaint: ['complainant.name', 'complainant.email', 'complainant.phone', 'complainant.postalAddress', 'summary', 'desiredOutcome'],
        AuthoriseThirdParty: ['party.name', 'party.contact', 'evidence'],
        WithdrawThirdPartyAuthorisation: ['partyName'],
        AcknowledgeComplaint: ['partyName'],
        IssueResponse: ['partyName'],
        RecordCorrespondence: ['summary', 'partyName'],
        CloseComplaint: [],
      });
      expect(personalPathsOfCommandType('NoSuchCommand')).toEqual([]);
    });
  });

  describe('when a command does not decode', () => {
    it.prop([fc.constantFrom(...typesWithPersonalData).chain((type) => fc.tuple(fc.constant(type), arbitraryOf(commandCodecs[type] as unknown as t.Any), fc.constantFrom(...siblingsOf(type))))])(
      'never quotes a personal field when a sibling field is broken',
      ([type, generated, sibling]) => {
        const input = withValueAt(marked(generated as Record<string, unknown>, type), sibling, 12345);
        const problems = problemsOf(input);
        expect(problems.map((p) => p.path)).toContain(sibling);
        expect(leaks(problems), formatProblems(problems)).toBe(false);
      },
    );

    it.prop([
      fc
        .constantFrom(...typesWithPersonalData)
        .chain((type) => fc.tuple(fc.constant(type), arbitraryOf(commandCodecs[type] as unknown as t.Any), fc.constantFrom(...commandPersonalPaths[type]), fc.constantFrom(...brokenPersonal), fc.boolean())),
    ])('never quotes a broken personal field, nor the object that holds it', ([type, generated, path, breakIt, whole]) => {
      const input = marked(generated as Record<string, unknown>, type);
      const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : undefined;
      // break the field, or (for a nested one) send its whole object as a text, a list or a number
      const broken = whole && parent !== undefined ? withValueAt(input, parent, breakIt(`${MARKER} ${parent} of Jane Doe`)) : withValueAt(input, path, breakIt(`${MARKER} ${path} of Jane Doe`));
      const decoded = decodeCommand(broken);
      if (E.isRight(decoded)) return; // a text with a control character is a fine personal text (only identifiers refuse them)
      expect(leaks(decoded.left), formatProblems(decoded.left)).toBe(false);
    });

    it('names the kind and length of a personal value, and still quotes the values that help (dates, codes, enumerations)', () => {
      const c = commands('c-1');
      const problems = problemsOf({ ...c.receive(), at: 'yesterday', complainant: { name: '   ', email: 42, relationship: 'friend' } });
      expect(problems).toEqual(
        expect.arrayContaining([
          { path: 'at', message: 'expected Instant, got "yesterday"' },
          { path: 'complainant.name', message: 'expected NonEmptyString, got a string of 3 characters' },
          { path: 'complainant.email', message: 'expected NonEmptyString, got a number' },
          { path: 'complainant.relationship', message: 'expected Relationship, got "friend"' },
        ]),
      );
      // a key that is no field name may be a name or an address sent in the wrong place: not shown; a typo still is
      const keys = problemsOf({ ...c.receive(), complainant: { name: 'Jane', relationship: 'member', emial: 'x', [`${MARKER} Jane Doe`]: 1, [`${MARKER}@example.org`]: 2 } });
      expect(keys.map((p) => p.path)).toEqual(['complainant.emial', 'complainant', 'complainant']);
      expect(keys[1]!.message).toBe('unknown field, whose name is not shown: it is not a field name (Complainant has: name, relationship, email, phone, postalAddress)');
      expect(leaks(keys)).toBe(false);
    });

    it('quotes no value at all when asked not to (showValues: false), and still takes limits', () => {
      const c = commands('c-1');
      const input = { ...c.receive(), at: `${MARKER} yesterday`, channel: 7, complainant: { name: `${MARKER} Jane`, relationship: `${MARKER} friend` } };
      const problems = problemsOf(input, { showValues: false });
      expect(problems).toEqual(
        expect.arrayContaining([
          { path: 'at', message: 'expected Instant, got a string' },
          { path: 'channel', message: 'expected NonEmptyString, got a number' },
          { path: 'complainant.relationship', message: 'expected Relationship, got a string' },
        ]),
      );
      expect(leaks(problems)).toBe(false);
      expect(leaks(problemsOf({ ...c.acknowledge(), type: `${MARKER}Command` }, { showValues: false }))).toBe(false);
      expect(problemsOf({ ...c.acknowledge(), commandId: 'k'.repeat(20) }, { limits: { maxIdLength: 16, maxTextLength: 100, maxItems: 10, maxTotalTextLength: 1000 }, showValues: false })).toEqual([
        { path: 'commandId', message: 'an identifier may be at most 16 characters, got 20' },
      ]);
    });

    it('is refused by the handler as invalid-command with the same personal-safe problems', async () => {
      const handle = createCommandHandler({ store: inMemoryStore(), clock: () => '2025-06-30T12:00:00Z' });
      const c = commands('c-1');
      const input = marked({ ...c.authoriseThirdParty(), party: { name: `${MARKER} Sam`, relationship: 'spouse', contact: [`${MARKER}@example.org`] } }, 'AuthoriseThirdParty', ' broken');
      const result = await handle({ ...input, party: { ...(input.party as object), contact: { email: `${MARKER}@example.org` } }, scope: 3 })();
      expect(E.isLeft(result) && result.left._tag === 'Rejection' && result.left.code).toBe('invalid-command');
      const rejection = (result as E.Left<Rejection>).left;
      expect(rejection.message).toContain('party.contact: expected NonEmptyString, got an object');
      expect(rejection.message).toContain('scope: expected NonEmptyString, got 3');
      expect(leaks(rejection)).toBe(false);
    });
  });

  describe('when a command about third parties is refused', () => {
    const c = commands('c-1', '2025-03-03T09:00:00Z');
    const at = (hours: number) => new Date(Date.parse('2025-03-03T09:00:00Z') + hours * 3_600_000).toISOString();
    const party = (name: string) => ({ name: `${MARKER} ${name}`, relationship: 'representative', contact: `${MARKER}.${name.toLowerCase()}@example.org` });
    const sam = c.authoriseThirdParty({ at: at(1), party: party('Sam'), evidence: `${MARKER} form signed by Jane Doe` });
    const jo = c.authoriseThirdParty({ at: at(2), party: party('Jo'), evidence: `${MARKER} letter from Jane Doe` });
    const receipt = c.receive({ complainant: { name: `${MARKER} Jane Doe`, email: `${MARKER}@example.org`, relationship: 'member' }, summary: `${MARKER} summary`, personalText: true });
    const handled = [receipt, c.acknowledge(), c.assign()];

    const refused = (r: Rejection, message: string) => {
      expect(leaks(r), JSON.stringify(r)).toBe(false);
      expect(r.message).toBe(message);
    };

    it('asks which when several are authorised, by count and authorisation number, never by name (third-party-ambiguous)', () => {
      const r = spec().given(...handled, sam, jo).when(c.issueResponse({ at: at(3), to: 'third-party' })).thenRejects('third-party-ambiguous');
      refused(r, `2 third parties are authorised at ${at(3)} (authorisation 1, given at ${at(1)}; authorisation 2, given at ${at(2)}): name one in partyName`);
      expect(r.details).toEqual({ at: at(3), authorisations: [{ authorisation: 1, authorisedAt: at(1) }, { authorisation: 2, authorisedAt: at(2) }] });
      const letter = spec().given(receipt, sam, jo).when(c.recordCorrespondence({ at: at(3), party: 'third-party' })).thenRejects('third-party-ambiguous');
      expect(leaks(letter)).toBe(false);
    });

    it('refuses a second authorisation of the same party without naming it (third-party-already-authorised)', () => {
      const r = spec().given(receipt, sam).when(c.authoriseThirdParty({ at: at(3), party: party('Sam'), evidence: `${MARKER} again` })).thenRejects('third-party-already-authorised');
      refused(r, `the third party named in party.name is already authorised to act for the complainant at ${at(3)} (authorisation 1, given at ${at(1)}): authorisations of one party never overlap (C4)`);
      expect(r.details).toEqual({ at: at(3), authorisation: 1, authorisedAt: at(1) });
    });

    it('refuses a party with no authorisation in force, naming neither it nor the parties that have one (third-party-not-authorised)', () => {
      const withdrawUnknown = spec().given(receipt, sam).when(c.withdrawThirdPartyAuthorisation({ at: at(3), partyName: `${MARKER} Nobody` })).thenRejects('third-party-not-authorised');
      refused(withdrawUnknown, 'the third party named in partyName holds no current authorisation on complaint c-1');
      const letterToUnknown = spec().given(...handled, sam).when(c.issueResponse({ at: at(3), to: 'third-party', partyName: `${MARKER} Nobody` })).thenRejects('third-party-not-authorised');
      refused(letterToUnknown, `CIM liaises with the complainant unless they authorise a third party (C4): the third party named in partyName holds no authorisation in force at ${at(3)}`);
      const withdrawn = c.withdrawThirdPartyAuthorisation({ at: at(2), partyName: `${MARKER} Sam` });
      const letterAfterWithdrawal = spec().given(receipt, sam, withdrawn).when(c.acknowledge({ at: at(3), to: 'third-party', partyName: `${MARKER} Sam` })).thenRejects('third-party-not-authorised');
      expect(leaks(letterAfterWithdrawal)).toBe(false);
      const noneAtAll = spec().given(receipt).when(c.recordCorrespondence({ at: at(3), party: 'third-party' })).thenRejects('third-party-not-authorised');
      refused(noneAtAll, `CIM liaises with the complainant unless they authorise a third party (C4): no third party is authorised at ${at(3)}`);
    });

    it('refuses a letter to the party after its withdrawal, by authorisation number (third-party-not-authorised)', () => {
      const withdrawn = c.withdrawThirdPartyAuthorisation({ at: at(2), partyName: `${MARKER} Sam` });
      const r = spec().given(receipt, sam, withdrawn).when(c.recordCorrespondence({ at: at(3), party: 'third-party', partyName: `${MARKER} Sam` })).thenRejects('third-party-not-authorised');
      refused(r, `CIM liaises with the complainant unless they authorise a third party (C4): the authorisation of the third party named in partyName (authorisation 1, given at ${at(1)}) was withdrawn at ${at(2)}, at or before ${at(3)}`);
      expect(r.details).toEqual({ at: at(3), authorisation: 1, authorisedAt: at(1), withdrawnAt: at(2) });
    });

    it('refuses a letter or a withdrawal dated before the authorisation, by authorisation number (before-third-party-authorisation)', () => {
      const letter = spec().given(receipt, sam).when(c.recordCorrespondence({ at: at(0.5), party: 'third-party', partyName: `${MARKER} Sam` })).thenRejects('before-third-party-authorisation');
      refused(letter, `RecordCorrespondence at ${at(0.5)} cannot precede authorisation 1 (of the third party named in partyName) at ${at(1)}: CIM liaises with the complainant unless they authorise a third party (C4)`);
      expect(letter.details).toEqual({ at: at(0.5), authorisation: 1, authorisedAt: at(1) });
      const unnamed = spec().given(receipt, sam).when(c.recordCorrespondence({ at: at(0.5), party: 'third-party' })).thenRejects('before-third-party-authorisation');
      expect(unnamed.message).toContain('cannot precede authorisation 1 (of a third party)');
      expect(leaks(unnamed)).toBe(false);
      const withdrawal = spec().given(receipt, sam).when(c.withdrawThirdPartyAuthorisation({ at: at(0.5), partyName: `${MARKER} Sam` })).thenRejects('before-third-party-authorisation');
      refused(withdrawal, `WithdrawThirdPartyAuthorisation at ${at(0.5)} cannot precede authorisation 1 (of the third party named in partyName) at ${at(1)}`);
    });

    it('refuses a withdrawal dated at or before a letter sent under it without naming the party (before-correspondence)', () => {
      const letter = c.recordCorrespondence({ at: at(3), party: 'third-party', partyName: `${MARKER} Sam` });
      const r = spec().given(receipt, sam, letter).when(c.withdrawThirdPartyAuthorisation({ at: at(3), partyName: `${MARKER} Sam` })).thenRejects('before-correspondence');
      refused(r, `WithdrawThirdPartyAuthorisation at ${at(3)} must come after the latest letter to the third party named in partyName at ${at(3)}: it was sent under this authorisation`);
    });

    it('refuses a party name on a letter to the complainant without repeating it (party-name-not-applicable)', () => {
      const r = spec().given(receipt, sam).when(c.acknowledge({ partyName: `${MARKER} Sam` })).thenRejects('party-name-not-applicable');
      refused(r, 'partyName names a third party, but the AcknowledgeComplaint is addressed to the complainant; set to: "third-party"');
      expect(r.details).toEqual({ to: 'complainant' });
    });
  });

  describe('when any command of a lifecycle is refused', () => {
    /** Each personal value marked, the same value the same way, so a letter still names the party it was authorised as. */
    const markAll = (command: ComplaintCommand): ComplaintCommand =>
      personalPathsOfCommandType(command.type).reduce<Record<string, unknown>>((out, path) => {
        const value = path.split('.').reduce<unknown>((v, key) => (isRecord(v) ? v[key] : undefined), out);
        return typeof value === 'string' ? withValueAt(out, path, `${MARKER}${value}`) : out;
      }, command as unknown as Record<string, unknown>) as unknown as ComplaintCommand;

    // the receipt, then some of the lifecycle's commands in any order: most are refused, for every kind of reason
    const jumbled = complaintCommandsArb('c-1', { maxSteps: 30 }).chain(([receipt, ...rest]) => fc.shuffledSubarray(rest, { minLength: 0, maxLength: rest.length }).map((some) => [receipt!, ...some]));

    it.prop([jumbled], { numRuns: 150 })(
      'no rejection names a person, whatever the order of the commands',
      (commands) => {
        let state = complaintDecider.initialState;
        for (const command of commands.map(markAll)) {
          const decided = complaintDecider.decide(command, state);
          if (E.isLeft(decided)) expect(leaks(decided.left), JSON.stringify(decided.left)).toBe(false);
          else state = decided.right.reduce(complaintDecider.evolve, state);
        }
      },
    );
  });
});
