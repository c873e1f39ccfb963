/**
 * The demo's only source of chance: pure-rand's xoroshiro128+ from a seed, so the same seed
 * gives the same year of complaints on every machine.
 *
 * @example
 * const r = seededRandom(2025);
 * r.int(1, 6); r.chance(0.12); r.pick(['email', 'post']); r.weighted([['email', 60], ['post', 15]]);
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface Random {
  /** A whole number from `min` to `max`, both included. */
  readonly int: (min: number, max: number) => number;
  /** True with probability `p` (to 1 in 10 000). */
  readonly chance: (p: number) => boolean;
  readonly pick: <T>(items: readonly T[]) => T;
  /** One of the values, each as likely as its weight. */
  readonly weighted: <T>(choices: readonly (readonly [T, number])[]) => T;
}

/** The largest seed accepted: xoroshiro128+ is seeded from 32 bits. */
export const MAX_SEED = 0xffffffff;

/** A seeded source of chance. */
export const seededRandom = (seed: number): Random => {
  // the generator takes a signed 32-bit seed; `| 0` maps 0..2^32-1 onto it one to one
  const rng = xoroshiro128plus(seed | 0);
  const int = (min: number, max: number): number => uniformInt(rng, min, max);
  return {
    int,
    chance: (p) => int(0, 9999) < Math.round(p * 10000),
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    weighted: <T>(choices: readonly (readonly [T, number])[]): T => {
      const total = choices.reduce((sum, [, w]) => sum + w, 0);
      let roll = int(1, total);
      for (const [value, weight] of choices) {
        roll -= weight;
        if (roll <= 0) return value;
      }
      throw new Error('weighted choice with no positive weight');
    },
  };
};
