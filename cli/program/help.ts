import type { Command } from 'commander';
import type { Act } from '../main.js';
import { examples } from '../examples.js';

/**
 * `friender help [command…|topic]`, as in git and gh: a command's help (on stdout, exit 0), or a
 * topic that is no command — `environment` (every variable the CLI reads) and `exit-codes`.
 */
export function registerHelp(program: Command, act: Act): void {
  program
    .command('help')
    .description('show help for a command, or a topic: environment, exit-codes')
    .argument('[command...]', 'a command (e.g. swipe, photos add) or a topic')
    .addHelpText('after', examples('friender help swipe', 'friender help photos add', 'friender help environment', 'friender help exit-codes'))
    .action(async (words: string[], _opts: unknown, cmd: Command) => {
      const target = find(program, words);
      if (target) return void target.outputHelp();
      await act(async () => (await import('../commands/help/topics.js')).topic(words))(cmd);
    });
}

/** The command a list of words names (`photos add`, or an alias such as `photos ls`), if any. */
function find(program: Command, words: string[]): Command | undefined {
  let at: Command = program;
  for (const word of words) {
    const next = at.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!next) return undefined;
    at = next;
  }
  return at;
}
