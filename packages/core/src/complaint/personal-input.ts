/**
 * Personal data at the command boundary (C5): which fields of a command hold personal data, so
 * that no problem or rejection quotes them. Derived from the list the sealing uses (the personal
 * paths of the events, personal/personal.ts): a command field is personal when an event stores a
 * personal field at the same path (`complainant.email`, `party.name`, `partyName`, `evidence`,
 * and the free texts a command may mark personal: `summary`, `desiredOutcome`). The decider copies
 * these fields into its events at the same paths; a test holds the derivation equal to the events
 * each command records (catalogue.ts). Free texts count as personal whether or not the command
 * marks them: a problem is reported before anyone can trust the mark.
 *
 * This module does not import the command codecs (commands.ts imports it): it is given them.
 *
 * @example
 * personalPathsOfCodec(AuthoriseThirdParty); // ['party.name', 'party.contact', 'evidence']
 * touchesPersonalPath(['complainant.email'])('complainant'); // true: it holds one
 */
import type * as t from 'io-ts';
import { personalEventTypes, personalPathsOfType } from '../personal/personal.js';
import type { CodecNode } from '../shared/strict.js';

/** Every path (dotted, within `data`) a personal field of any event can have. */
const PERSONAL_EVENT_PATHS: ReadonlySet<string> = new Set(personalEventTypes.flatMap((type) => personalPathsOfType(type)));

const join = (prefix: string, key: string): string => (prefix === '' ? key : `${prefix}.${key}`);

/** The dotted paths of an object codec's fields, nested objects flattened (lists are not entered: none holds personal data). */
const fieldPathsOf = (node: CodecNode, prefix: string): string[] => {
  switch (node._tag) {
    case 'ExactType':
    case 'StrictType':
    case 'ReadonlyType':
      return node.type === undefined ? [] : fieldPathsOf(node.type, prefix);
    case 'IntersectionType':
      return (node.types ?? []).flatMap((member) => fieldPathsOf(member, prefix));
    case 'InterfaceType':
    case 'PartialType':
      return Object.entries(node.props ?? {}).flatMap(([key, value]) => [join(prefix, key), ...fieldPathsOf(value, join(prefix, key))]);
    default:
      return [];
  }
};

/** The personal paths among an object codec's fields (a command's): those an event stores as personal at the same path. */
export const personalPathsOfCodec = (codec: t.Any): readonly string[] => [
  ...new Set(fieldPathsOf(codec as unknown as CodecNode, '').filter((path) => PERSONAL_EVENT_PATHS.has(path))),
];

/**
 * Whether a problem's path is a personal field, holds one (`complainant` holds `complainant.name`:
 * a complainant sent as a string is the name and the email), or lies inside one. The whole input
 * (`''`) is never quoted by the decoder and does not count.
 */
export const touchesPersonalPath =
  (personalPaths: readonly string[]) =>
  (path: string): boolean =>
    path !== '' && personalPaths.some((p) => p === path || p.startsWith(`${path}.`) || path.startsWith(`${p}.`));
