/**
 * `cim-complaints completion bash|zsh`: prints a shell completion script generated from the
 * program itself (every command, subcommand and option), so it cannot fall behind the commands.
 * Commands and options complete by name (zsh shows their descriptions); an option's value
 * completes as a file name, or from its choices where it has any.
 *
 * @example
 * source <(cim-complaints completion bash)            # in ~/.bashrc
 * cim-complaints completion zsh > ~/.zfunc/_cim-complaints   # a folder on $fpath, then compinit
 */
import { Argument, type Command } from 'commander';
import type { CliIo } from '../io.js';
import { examples } from './examples.js';

export const completionShells = ['bash', 'zsh'] as const;
export type CompletionShell = (typeof completionShells)[number];

/** One command of the tree as completion sees it. */
interface CompletionEntry {
  /** The words that lead to it after the program name, e.g. `calendar holidays`; '' for the program. */
  readonly path: string;
  readonly description: string;
  readonly subcommands: readonly { readonly name: string; readonly description: string }[];
  readonly options: readonly { readonly name: string; readonly description: string; readonly value?: { readonly name: string; readonly choices: readonly string[] } }[];
  /** Values the first argument takes, when it is a fixed list. */
  readonly argumentChoices: readonly string[];
}

const HELP = { name: '--help', description: 'display help for command' };
const HELP_COMMAND = { name: 'help', description: 'display help for command' };

/** Every command of the program, the program first, walking its tree. */
export const completionEntries = (program: Command): CompletionEntry[] => {
  const entries: CompletionEntry[] = [];
  const visit = (command: Command, path: string): void => {
    const subcommands = command.commands;
    entries.push({
      path,
      description: command.description(),
      // commander adds `help <command>` to every command that has subcommands
      subcommands: [...subcommands.map((c) => ({ name: c.name(), description: c.description() })), ...(subcommands.length > 0 ? [HELP_COMMAND] : [])],
      options: [
        ...command.options
          .filter((o) => !o.hidden && o.long !== undefined)
          .map((o) => {
            const value = /[<[]([^>\]]+)[>\]]/.exec(o.flags)?.[1];
            return { name: o.long!, description: o.description, ...(value === undefined ? {} : { value: { name: value, choices: o.argChoices ?? [] } }) };
          }),
        HELP,
      ],
      argumentChoices: command.registeredArguments[0]?.argChoices ?? [],
    });
    const under = (name: string) => (path === '' ? name : `${path} ${name}`);
    for (const sub of subcommands) visit(sub, under(sub.name()));
    // `help <command>` takes the name of a sibling
    if (subcommands.length > 0) entries.push({ path: under('help'), description: HELP_COMMAND.description, subcommands: [], options: [], argumentChoices: subcommands.map((c) => c.name()) });
  };
  visit(program, '');
  return entries;
};

/** Whether an option's value names a file (`--out <file>`, `--file <path>`): completed as file names. */
const isFileValue = (valueName: string): boolean => /file|path/.test(valueName);
const shellWords = (words: readonly string[]): string => words.join(' ');
/** A string in single quotes for either shell. */
const quoted = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
/** A zsh `_describe` entry: the name with its colons escaped, then the description on one line. */
const describeEntry = (name: string, description: string): string => quoted(`${name.replace(/:/g, '\\:')}:${description.replace(/\s+/g, ' ').trim()}`);

/** The `case` arms that follow the words typed so far down the command tree. */
const walkArms = (entries: readonly CompletionEntry[], indent: string): string =>
  entries
    .flatMap((entry) => entry.subcommands.map((sub) => `${indent}${quoted(`${entry.path} ${sub.name}`)}) cmd=${quoted(entry.path === '' ? sub.name : `${entry.path} ${sub.name}`)} ;;`))
    .join('\n');

const bashScript = (name: string, entries: readonly CompletionEntry[]): string => {
  const fn = `_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
  const valueArms = entries.flatMap((entry) =>
    entry.options.flatMap((o) =>
      o.value === undefined
        ? []
        : [
            `    ${quoted(`${entry.path} ${o.name}`)}) ${
              o.value.choices.length > 0
                ? `COMPREPLY=($(compgen -W ${quoted(shellWords(o.value.choices))} -- "$cur"))`
                : isFileValue(o.value.name)
                  ? 'COMPREPLY=()'
                  : 'compopt +o default 2>/dev/null; COMPREPLY=()'
            }; return 0 ;;`,
          ],
    ),
  );
  const wordArms = entries.map((entry) => {
    const words = [...entry.subcommands.map((s) => s.name), ...entry.argumentChoices, ...entry.options.map((o) => o.name)];
    return `    ${quoted(entry.path)}) words=${quoted(shellWords(words))} ;;`;
  });
  return `# bash completion for ${name}, generated by \`${name} completion bash\`.
# Load it in this shell: source <(${name} completion bash); for every shell, add that line to ~/.bashrc.
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="" words="" i
  # follow the words typed so far down the command tree; option values and arguments are skipped
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "$cmd \${COMP_WORDS[i]}" in
${walkArms(entries, '      ')}
    esac
  done
  # after the colon of sqlite:<path> (bash splits words at colons): file names
  if [[ $prev == : ]]; then COMPREPLY=(); return 0; fi
  # the value of an option: its choices, else file names for a file (complete -o default), else nothing
  case "$cmd $prev" in
${valueArms.join('\n')}
  esac
  case "$cmd" in
${wordArms.join('\n')}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F ${fn} ${name}
`;
};

const zshScript = (name: string, entries: readonly CompletionEntry[]): string => {
  const fn = `_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
  const valueArms = entries.flatMap((entry) =>
    entry.options.flatMap((o) => {
      if (o.value === undefined) return [];
      const complete = o.value.choices.length > 0 ? `compadd -- ${o.value.choices.map(quoted).join(' ')}` : isFileValue(o.value.name) ? '_files' : `_message ${quoted(o.value.name)}`;
      return [`    ${quoted(`${entry.path} ${o.name}`)}) ${complete}; return ;;`];
    }),
  );
  const entryArms = entries.map((entry) => {
    const commands = entry.subcommands.map((s) => describeEntry(s.name, s.description));
    const options = entry.options.map((o) => describeEntry(o.name, o.description));
    const choices = entry.argumentChoices.map((c) => describeEntry(c, ''));
    return `    ${quoted(entry.path)})\n      commands=(${commands.join(' ')})\n      options=(${[...choices, ...options].join(' ')}) ;;`;
  });
  return `#compdef ${name}
# zsh completion for ${name}, generated by \`${name} completion zsh\`.
# Load it in this shell: source <(${name} completion zsh) (after compinit); for every shell, save it
# as _${name} in a folder on $fpath: ${name} completion zsh > ~/.zfunc/_${name}
${fn}() {
  local cmd="" i
  local -a commands options
  # follow the words typed so far down the command tree; option values and arguments are skipped
  for ((i = 2; i < CURRENT; i++)); do
    case "$cmd \${words[i]}" in
${walkArms(entries, '      ')}
    esac
  done
  # the value of an option: its choices, else file names, else what it is
  case "$cmd \${words[CURRENT-1]}" in
${valueArms.join('\n')}
  esac
  case "$cmd" in
${entryArms.join('\n')}
  esac
  if [[ \${words[CURRENT]} == -* ]]; then
    _describe -t options 'option' options
  else
    _describe -t commands 'command' commands || _describe -t options 'option' options
  fi
}
if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${name}
fi
`;
};

/** The completion script of `program` for a shell. */
export const completionScript = (program: Command, shell: CompletionShell): string =>
  (shell === 'bash' ? bashScript : zshScript)(program.name(), completionEntries(program));

/** Adds `completion` to the program; its script covers every command registered (this one too). */
export const registerCompletion = (program: Command, io: CliIo): void => {
  program
    .command('completion')
    .description('print a shell completion script for bash or zsh (commands, subcommands and options)')
    .addArgument(new Argument('<shell>', 'the shell: bash or zsh').choices(completionShells))
    .addHelpText(
      'after',
      examples([
        'source <(cim-complaints completion bash)                    # this shell; add the line to ~/.bashrc for every shell',
        'source <(cim-complaints completion zsh)                     # this shell, after compinit',
        'cim-complaints completion zsh > ~/.zfunc/_cim-complaints    # every zsh: a folder on $fpath, before compinit',
      ]),
    )
    .action((shell: CompletionShell) => io.stdout(completionScript(program, shell)));
};
