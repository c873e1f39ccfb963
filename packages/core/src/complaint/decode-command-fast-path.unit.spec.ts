// decodeCommand skips io-ts's decode and the unknown-field walk for a sound command (sound.ts):
// that is right only if, for every command the check passes, the decode would give the command
// back unchanged with no unknown field. Odd commands (fields broken, added or missing at any depth)
// and well-formed ones alike.
import { complaintCommandsArb, oddCommandArb } from '@cim-complaints/testing';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { soundCheck } from '../shared/sound.js';
import { unknownFields } from '../shared/strict.js';
import { commandCodecs, decodeCommand, type CommandType } from './commands.js';

const withExtra = (command: Record<string, unknown>, where: 'top' | 'actor' | 'complainant'): Record<string, unknown> => {
  const copy = JSON.parse(JSON.stringify(command)) as Record<string, unknown>;
  const target = where === 'top' ? copy : (copy[where] as Record<string, unknown> | undefined);
  if (target !== undefined && typeof target === 'object') target['unexpected'] = 'added';
  return copy;
};

const commandArb = fc.oneof(
  oddCommandArb('c-1'),
  complaintCommandsArb('c-2', { maxSteps: 6 }).chain((commands) => fc.constantFrom(...(commands as unknown as Record<string, unknown>[]))),
  fc.tuple(oddCommandArb('c-3'), fc.constantFrom<'top' | 'actor' | 'complainant'>('top', 'actor', 'complainant')).map(([c, where]) => withExtra(c, where)),
);

describe('decoding a command', () => {
  it('skips the decode only where the decode would hand the command back as it is, with no unknown field', () => {
    fc.assert(
      fc.property(commandArb, (input) => {
        const type = input['type'] as CommandType;
        const codec = commandCodecs[type] as unknown as t.Any | undefined;
        if (codec === undefined) return;
        if (soundCheck(codec)(input)) {
          const decoded = codec.decode(input);
          expect(E.isRight(decoded) && decoded.right).toEqual(input);
          expect(unknownFields(codec)(input)).toEqual([]);
          const result = decodeCommand(input);
          if (E.isRight(result)) expect(result.right).toBe(input);
        } else {
          // the slow path answers: a problem for each thing wrong, or the decoded command
          const result = decodeCommand(input);
          if (E.isRight(result)) expect(result.right).toEqual(codec.decode(input)._tag === 'Right' ? (codec.decode(input) as E.Right<unknown>).right : undefined);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
