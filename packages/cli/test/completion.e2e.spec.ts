// Shell completion: the scripts the built binary prints, loaded into a real bash and zsh.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './harness.js';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;
const scripts = new Map<string, string>();
/** The script the built binary prints for a shell, saved to a file (once per shell). */
const scriptFile = (shell: string): string => {
  const saved = scripts.get(shell);
  if (saved !== undefined) return saved;
  const printed = spawnSync(process.execPath, [bin, 'completion', shell], { encoding: 'utf8' });
  expect({ status: printed.status, stderr: printed.stderr }).toEqual({ status: 0, stderr: '' });
  const file = join(tempDir('file'), `cim-complaints.${shell}`);
  writeFileSync(file, printed.stdout);
  scripts.set(shell, file);
  return file;
};

describe('cim-complaints completion', () => {
  describe('when the shell is not one it knows', () => {
    it('names the shells it knows, exit 2', async () => {
      const { code, stdout, stderr } = await cli(['completion', 'fish']);
      expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
      expect(stderr).toContain("cim-complaints: command-argument value 'fish' is invalid for argument 'shell'. Allowed choices are bash, zsh.");
    });
  });

  describe('bash', () => {
    /** What bash offers for the words typed so far (the last one being completed). */
    const complete = (...words: string[]): string[] => {
      const program = [
        `source ${JSON.stringify(scriptFile('bash'))}`,
        `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}`,
        '_cim_complaints; printf "%s\\n" "${COMPREPLY[@]}"',
        'complete -p cim-complaints',
      ].join('\n');
      const done = spawnSync('bash', ['--norc', '-c', program], { encoding: 'utf8' });
      expect(done.stderr).toBe('');
      const lines = done.stdout.split('\n').filter((l) => l !== '');
      expect(lines.pop()).toBe('complete -o default -F _cim_complaints cim-complaints');
      return lines;
    };

    it('offers the commands, then a command’s options, then a subcommand’s', () => {
      expect(complete('cim-complaints', '')).toEqual(expect.arrayContaining(['calendar', 'deadlines', 'exec', 'replay', 'report', 'audit', 'verify', 'completion', '--version', '--help']));
      expect(complete('cim-complaints', 'rep')).toEqual(['replay', 'report']);
      expect(complete('cim-complaints', 'calendar', '')).toEqual(['holidays', 'help', '--help']);
      expect(complete('cim-complaints', 'calendar', 'holidays', '--')).toEqual(['--calendar', '--year', '--json', '--help']);
      expect(complete('cim-complaints', 'completion', '')).toEqual(['bash', 'zsh', '--help']);
    });

    it('skips option values and arguments on the way', () => {
      expect(complete('cim-complaints', 'replay', 'CIM-1', '--store', 'sqlite', ':', 'x.db', '--as-of', '2025-01-01T00:00:00Z', '--f')).toEqual(['--format']);
    });

    it('leaves an option’s value to file names or to nothing', () => {
      expect(complete('cim-complaints', 'report', '--out', '')).toEqual([]);
      expect(complete('cim-complaints', 'exec', '--store', 'sqlite', ':', '')).toEqual([]);
    });
  });

  describe.skipIf(!has('zsh'))('zsh', () => {
    /** Runs the completion function with zsh's completion builtins replaced by ones that print what they were given. */
    const complete = (...words: string[]): string => {
      const program = [
        'compdef() { print -r -- "compdef $*" }',
        '_describe() { local -a list; list=("${(@P)4}"); (( ${#list} )) || return 1; print -rl -- "$2:" "${list[@]}" }',
        'compadd() { print -r -- "compadd ${*}" }',
        '_files() { print -r -- "_files" }',
        '_message() { print -r -- "_message $*" }',
        `source ${JSON.stringify(scriptFile('zsh'))}`,
        `words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}`,
        '_cim_complaints',
      ].join('\n');
      const done = spawnSync('zsh', ['-f', '-c', program], { encoding: 'utf8' });
      expect(done.stderr).toBe('');
      return done.stdout;
    };

    it('registers itself for cim-complaints when sourced', () => {
      expect(complete('cim-complaints', '')).toMatch(/^compdef _cim_complaints cim-complaints\n/);
    });

    it('offers commands with their descriptions, then options', () => {
      const top = complete('cim-complaints', '');
      expect(top).toContain('commands:\ncalendar:working-day calendars\n');
      expect(top).toContain('\ncompletion:print a shell completion script for bash or zsh (commands, subcommands and options)\n');
      expect(complete('cim-complaints', 'calendar', 'holidays', '--')).toContain('options:\n--calendar:calendar id: england-and-wales, scotland, northern-ireland\n--year:year, 2000 to 2100\n--json:');
      expect(complete('cim-complaints', 'deadlines', '')).toMatch(/options:\n--received:/);
    });

    it('completes an option’s value by what it is', () => {
      expect(complete('cim-complaints', 'report', '--out', '')).toContain('_files\n');
      expect(complete('cim-complaints', 'deadlines', '--received', '')).toContain("_message instant\n");
    });

    it('is a valid zsh file for $fpath', () => {
      const syntax = spawnSync('zsh', ['-n', scriptFile('zsh')], { encoding: 'utf8' });
      expect({ status: syntax.status, stderr: syntax.stderr }).toEqual({ status: 0, stderr: '' });
      expect(readFileSync(scriptFile('zsh'), 'utf8')).toMatch(/^#compdef cim-complaints\n/);
    });
  });
});
