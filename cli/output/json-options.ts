import type { Command, Option } from 'commander';
import type { GlobalOptions } from '../context.js';
import { checkFields, checkJq, fieldList } from './json-output.js';

/** `photos list` for `friender photos ls`: the path by primary names, without the program. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function optionOf(cmd: Command, flag: string): Option | undefined {
  for (let c: Command | null = cmd; c; c = c.parent) {
    const found = c.options.find((o) => o.long === flag || o.short === flag);
    if (found) return found;
  }
  return undefined;
}

/**
 * --json takes an optional field list, and commander would take any word after it as that
 * list: `friender --json whoami`, `friender like --json sam`. So the word is the list only
 * where no command or argument can stand: after a command's required arguments are all given.
 * Everything else is left for commander, with a bare --json written as `--json=` (an empty list).
 */
export function splitJsonFlag(argv: string[], program: Command): string[] {
  const out = [...argv];
  let cmd = program;
  let operands = 0;
  for (let i = 0; i < out.length; i += 1) {
    const arg = out[i]!;
    if (arg === '--') break;
    if (arg === '--json') {
      const next = out[i + 1];
      if (next === undefined || next.startsWith('-')) continue;
      const required = cmd.registeredArguments.filter((a) => a.required).length;
      // A command with subcommands of its own (`reports`, `reports resolve`) takes the list too
      // when the word names none of them.
      const names = cmd.commands.flatMap((c) => [c.name(), ...c.aliases()]);
      const listHere = operands >= required && (cmd.commands.length === 0 || (cmd.parent !== null && operands === 0 && !names.includes(next)));
      out.splice(i, listHere ? 2 : 1, `--json=${listHere ? next : ''}`);
      continue;
    }
    if (arg.startsWith('-')) {
      const option = arg.includes('=') ? undefined : optionOf(cmd, arg);
      if (option && (option.required || option.optional)) i += 1; // its value is no command or argument
      continue;
    }
    const sub = operands === 0 ? cmd.commands.find((c) => c.name() === arg || c.aliases().includes(arg)) : undefined;
    if (sub) cmd = sub;
    else operands += 1;
  }
  return out;
}

/** The preAction hook: a field the command does not print, or a --jq that does not parse, is exit 2 before anything is sent. */
export async function checkJsonOptions(cmd: Command): Promise<void> {
  const options = cmd.optsWithGlobals<GlobalOptions>();
  checkFields({ command: commandPath(cmd), fields: fieldList(options.json), jq: options.jq });
  if (options.jq !== undefined) await checkJq(options.jq);
}
