import type { Command } from 'commander';
import { SETTINGS, SETTING_KEYS } from '../../settings.js';

/** Where a command's first argument's values come from (usernames, or report ids): `friender __complete <source>`. */
export type NameSource = 'candidates' | 'matches' | 'reports';

const USERNAMES: Readonly<Record<string, NameSource>> = {
  like: 'candidates',
  pass: 'candidates',
  chat: 'matches',
  messages: 'matches',
  send: 'matches',
  unmatch: 'matches',
  'reports resolve': 'reports',
  block: 'candidates',
  report: 'candidates',
};

// `config` arguments are checked by the command itself (a usage error naming what it takes), not by
// commander's choices; completion offers them all the same. A value is offered for every key at once.
const KEYS = SETTING_KEYS.join(' ');
const VALUES = [...new Set(SETTING_KEYS.flatMap((k) => SETTINGS[k].allowed))].join(' ');
const CHOICES: Readonly<Record<string, readonly string[]>> = { 'config get': [KEYS], 'config set': [KEYS, VALUES] };

/** What to offer for one positional argument. */
export type ArgKind = NameSource | 'files' | `choices:${string}` | 'none';

/** One command of the tree as a completion script needs it. */
export interface CompletionNode {
  /** `photos add`; the program itself is ''. */
  path: string;
  /** Visible subcommands: name → path, aliases included (they are walked, not offered). */
  subcommands: Array<{ name: string; path: string; alias: boolean }>;
  /** Every flag that may be typed here, its ancestors' included. */
  flags: string[];
  /** The flags among them that take a value (the next word is that value). */
  valued: string[];
  /** The kind of each positional argument; a variadic last one repeats. */
  args: ArgKind[];
  variadic: boolean;
}

function argKind(path: string, index: number, arg: Command['registeredArguments'][number]): ArgKind {
  if (index === 0 && USERNAMES[path]) return USERNAMES[path]!;
  const choices = CHOICES[path]?.[index];
  if (choices) return `choices:${choices}`;
  if (arg.argChoices?.length) return `choices:${arg.argChoices.join(' ')}`;
  return /file/i.test(arg.name()) ? 'files' : 'none';
}

/** The visible commands of the program, depth first, generated from commander's own tree. */
export function completionTree(program: Command): CompletionNode[] {
  const help = program.createHelp();
  const nodes: CompletionNode[] = [];
  const visit = (cmd: Command, path: string) => {
    const options = [...help.visibleOptions(cmd), ...help.visibleGlobalOptions(cmd)];
    const subs = help.visibleCommands(cmd).filter((c) => c.name() !== 'help');
    const sub = (c: Command) => (path ? `${path} ${c.name()}` : c.name());
    const args = cmd.registeredArguments;
    nodes.push({
      path,
      subcommands: subs.flatMap((c) => [{ name: c.name(), path: sub(c), alias: false }, ...c.aliases().map((a) => ({ name: a, path: sub(c), alias: true }))]),
      flags: options.flatMap((o) => [o.short, o.long].filter((f): f is string => Boolean(f))),
      valued: options.filter((o) => o.required).flatMap((o) => [o.short, o.long].filter((f): f is string => Boolean(f))),
      args: args.map((a, i) => argKind(path, i, a)),
      variadic: args.at(-1)?.variadic === true,
    });
    for (const c of subs) visit(c, sub(c));
  };
  visit(program, '');
  return nodes;
}
