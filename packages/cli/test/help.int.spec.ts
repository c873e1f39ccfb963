import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { completionEntries } from '../src/commands/completion.js';
import { createProgram } from '../src/program.js';
import { cli } from './harness.js';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
/** Every command path of the program, `calendar holidays` included, the program itself left out. */
const commandPaths = completionEntries(createProgram({ stdout: () => undefined, stderr: () => undefined }))
  .map((entry) => entry.path)
  .filter((path) => path !== '' && !path.endsWith('help'));

describe('cim-complaints help and version', () => {
  describe('--version', () => {
    it.each([['--version'], ['-V']])('%s prints the package version and exits 0', async (flag) => {
      expect(await cli([flag])).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
    });
  });

  describe('--help', () => {
    it('names the store variable, its forms and its default', async () => {
      const { code, stdout } = await cli(['--help']);
      expect(code).toBe(0);
      expect(stdout).toMatch(/Environment:\n {2}CIM_COMPLAINTS_STORE {2}the store a command uses when it is given no --store: sqlite:<path>,\n\s+memory: or esdb:\/\/host:2113\?tls=false \(unset: sqlite:\.\/cim-complaints\.db\)\n/);
      expect(stdout).toContain('-V, --version');
      expect(stdout).toContain('$ source <(cim-complaints completion bash)');
    });

    it('lists every command, completion included', async () => {
      const { stdout } = await cli(['--help']);
      for (const name of ['calendar', 'deadlines', 'exec', 'replay', 'report', 'audit', 'monitor', 'demo', 'verify', 'completion']) expect(stdout).toMatch(new RegExp(`^ {2}${name} `, 'm'));
    });

    it.each(commandPaths.map((path) => [path]))('%s --help ends with examples of itself', async (path) => {
      const { code, stdout } = await cli([...path.split(' '), '--help']);
      expect(code).toBe(0);
      const examples = stdout.slice(stdout.lastIndexOf('\nExamples:\n'));
      expect(examples, stdout).toMatch(/^\nExamples:\n( {2}\$ .+\n)+$/);
      // each example runs the command it documents
      for (const line of examples.split('\n').filter((l) => l.startsWith('  $ '))) expect(line).toContain(`cim-complaints ${path}`);
    });
  });
});
