/**
 * Measuring as ratios: a subject and its baseline run in the same process, interleaved and in
 * alternating order, several times; the figure is the median of the per-repetition ratios, so a
 * machine that slows down for a while slows both sides of a pair. Times are never asserted.
 */
import { performance } from 'node:perf_hooks';

export interface Timed {
  readonly name: string;
  /** Work to time; what it returns is kept so the engine cannot drop the work. */
  readonly run: () => unknown | Promise<unknown>;
}

export interface Comparison {
  readonly baseline: string;
  readonly subject: string;
  /** Median milliseconds of each side. */
  readonly baselineMs: number;
  readonly subjectMs: number;
  /** Median of subject ÷ baseline over the repetitions. */
  readonly ratio: number;
  readonly ratios: readonly number[];
}

let sink: unknown;
/** Keeps a result reachable (for the engine, not for the reader). */
export const keep = (value: unknown): void => {
  sink = value;
};
export const kept = (): unknown => sink;

const collect = (): void => {
  (globalThis as { gc?: () => void }).gc?.();
};

/** Milliseconds one run of `work` takes (after a garbage collection, when node runs with --expose-gc). */
export const time = async (work: () => unknown | Promise<unknown>): Promise<number> => {
  collect();
  const start = performance.now();
  keep(await work());
  return performance.now() - start;
};

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Times baseline and subject `repetitions` times each, interleaved, alternating which goes first. */
export const compare = async (baseline: Timed, subject: Timed, repetitions: number): Promise<Comparison> => {
  const baselineMs: number[] = [];
  const subjectMs: number[] = [];
  // one untimed round of each: the first call of anything pays for compilation
  await baseline.run();
  await subject.run();
  for (let r = 0; r < repetitions; r++) {
    if (r % 2 === 0) {
      baselineMs.push(await time(baseline.run));
      subjectMs.push(await time(subject.run));
    } else {
      subjectMs.push(await time(subject.run));
      baselineMs.push(await time(baseline.run));
    }
  }
  const ratios = subjectMs.map((s, i) => s / baselineMs[i]!);
  return { baseline: baseline.name, subject: subject.name, baselineMs: median(baselineMs), subjectMs: median(subjectMs), ratio: median(ratios), ratios };
};

export const formatMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms >= 10 ? 0 : 1)} ms`);
export const formatRatio = (ratio: number): string => `${ratio.toFixed(ratio >= 10 ? 0 : 2)}×`;
