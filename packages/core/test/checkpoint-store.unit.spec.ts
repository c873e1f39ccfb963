import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { createInMemoryCheckpointStore, parseCheckpoint, serialiseCheckpoint } from '@cim-complaints/core';

describe('checkpoint store', () => {
  describe('when a checkpoint is written as text', () => {
    it('round-trips positions beyond 2^53 as decimal strings', () => {
      const position = 2n ** 63n - 1n;
      expect(serialiseCheckpoint('k', position, { a: [1] })).toEqual(E.right('{"position":"9223372036854775807","state":{"a":[1]}}'));
      expect(parseCheckpoint('k', '{"position":"9223372036854775807","state":{"a":[1]}}')).toEqual(E.right({ position, state: { a: [1] } }));
    });

    it('refuses a state JSON cannot hold, naming the key', () => {
      expect(serialiseCheckpoint('k', 1n, { n: 1n })).toMatchObject(E.left({ kind: 'invalid-write', message: expect.stringContaining('checkpoint k') }));
    });
  });

  describe('when the text is not a checkpoint', () => {
    it.each(['', '{', 'null', '{"position":12,"state":{}}', '{"position":"-1","state":{}}', '{"position":"3"}'])('reads %j as decode-failed, never quoting it', (text) => {
      const read = parseCheckpoint('received.v1', text);
      expect(read).toMatchObject(E.left({ kind: 'decode-failed', message: expect.stringContaining('received.v1') }));
      if (E.isLeft(read) && text.length > 3) expect(read.left.message).not.toContain(text);
    });
  });

  describe('in memory', () => {
    it('saves, loads and removes', async () => {
      const checkpoints = createInMemoryCheckpointStore();
      expect(await checkpoints.load('a')()).toEqual(E.right(undefined));
      expect(await checkpoints.save('a', 7n, { x: 1 })()).toEqual(E.right(undefined));
      expect(await checkpoints.load('a')()).toEqual(E.right({ position: 7n, state: { x: 1 } }));
      expect(await checkpoints.remove('a')()).toEqual(E.right(undefined));
      expect(await checkpoints.load('a')()).toEqual(E.right(undefined));
    });
  });
});
