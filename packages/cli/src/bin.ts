#!/usr/bin/env node
// The `cim-complaints` executable: runs the program on the process's arguments and streams.
import { processIo } from './io.js';
import { run } from './program.js';

void run(process.argv.slice(2), processIo).then((code) => {
  process.exitCode = code;
});
