#!/usr/bin/env node
// The `cim-complaints` executable: runs the program on the process's arguments and streams.
import { processIo } from './io.js';
import { run } from './program.js';

// `cim-complaints demo | head`: the reader left, so stop quietly rather than crash on EPIPE
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

void run(process.argv.slice(2), processIo).then((code) => {
  process.exitCode = code;
});
