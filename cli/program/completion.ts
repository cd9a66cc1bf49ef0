import { Argument, type Command } from 'commander';
import type { Context } from '../context.js';
import { examples } from '../examples.js';

/**
 * `friender completion <shell>` prints a script made from the command tree as it is at run time;
 * the hidden `__complete` is what that script calls for usernames. Like main.ts this is loaded
 * for --help, so only the definitions live here; the work is in cli/commands/completion.
 */
export function defineCompletion(program: Command, context: (cmd: Command) => Context): void {
  program
    .command('completion')
    .description('print a shell completion script (commands, flags, and the usernames of candidates and matches)')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
    .addHelpText(
      'after',
      examples(
        'friender completion fish > ~/.config/fish/completions/friender.fish',
        'source <(friender completion bash)      # in ~/.bashrc',
        'source <(friender completion zsh)       # in ~/.zshrc, after compinit',
      ) +
        '\nUsernames are fetched from the API as you press Tab (for at most 1.5 s; nothing is shown if that fails).\n',
    )
    .action(async (shell: 'bash' | 'zsh' | 'fish', _opts: unknown, cmd: Command) => {
      const [{ completionTree }, { SHELLS }] = await Promise.all([import('../commands/completion/tree.js'), import('../commands/completion/scripts.js')]);
      context(cmd).out(SHELLS[shell](completionTree(program)));
    });
  program
    .command('__complete', { hidden: true })
    .argument('<source>', 'candidates, matches or reports')
    .action(async (source: string, _opts: unknown, cmd: Command) => (await import('../commands/completion/names.js')).completeNames(context(cmd), source));
}
