#!/usr/bin/env node
// The `cim-complaints` executable: runs the program on the process's arguments and streams.
import { createProcessIo } from './io.js';
import { run } from './program.js';

void run(process.argv.slice(2), createProcessIo()).then((code) => {
  process.exitCode = code;
});
