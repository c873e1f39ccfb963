/**
 * A progress bar on stderr for long runs, drawn only when stderr is a terminal: piped or
 * redirected output stays free of carriage returns and partial lines.
 *
 * @example
 * const bar = progressBar(io, 'loading');
 * bar.update(120, 2400);
 * bar.done('loaded 2400 commands in 3.1 s');
 */
import type { CliIo } from './io.js';

export interface ProgressBar {
  readonly update: (done: number, total: number) => void;
  /** Replaces the bar with a closing line (nothing when there is no terminal). */
  readonly done: (message: string) => void;
}

const WIDTH = 30;

/** A bar on `io.stderr` if it is a terminal, else one that draws nothing. */
export const progressBar = (io: CliIo, label: string): ProgressBar => {
  if (io.stderrIsTTY !== true) return { update: () => undefined, done: () => undefined };
  let shown = -1;
  return {
    update: (done, total) => {
      const percent = total === 0 ? 100 : Math.floor((done * 100) / total);
      if (percent === shown) return; // redraw at most a hundred times
      shown = percent;
      const filled = Math.round((percent * WIDTH) / 100);
      io.stderr(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${percent}% (${done}/${total})`);
    },
    done: (message) => io.stderr(`\r\x1b[2K${message}\n`),
  };
};

export interface ProgressCounter {
  readonly update: (count: number) => void;
  /** Clears the line (nothing when there is no terminal or nothing was drawn). */
  readonly done: () => void;
}

/** A running count on `io.stderr` for work of unknown size (events read in a catch-up), drawn only on a terminal and only once it takes a while. */
export const progressCounter = (io: CliIo, label: string, afterMs = 500): ProgressCounter => {
  if (io.stderrIsTTY !== true) return { update: () => undefined, done: () => undefined };
  const started = Date.now();
  let drawn = false;
  return {
    update: (count) => {
      if (Date.now() - started < afterMs) return;
      drawn = true;
      io.stderr(`\r${label}: ${count} events`);
    },
    done: () => {
      if (drawn) io.stderr('\r\x1b[2K');
    },
  };
};
