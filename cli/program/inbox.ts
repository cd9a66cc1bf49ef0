import type { Command } from 'commander';
import type { Act } from '../main.js';
import { examples } from '../examples.js';

/** `friender inbox` and `friender watch`: definitions only; the work is in cli/commands/inbox and cli/commands/watch. */
export function registerInbox(program: Command, act: Act): void {
  program
    .command('inbox')
    .description('your conversations, unread first, then newest; on a terminal it stays live: ↑/↓ select, Enter opens the chat, q quits')
    .option('--limit <n>', 'how many conversations to list (default 50)')
    .addHelpText('after', examples('friender inbox', 'friender inbox --json | jq -r \'.conversations[] | select(.unread > 0) | .username\''))
    .action(act(async () => (await import('../commands/inbox/list.js')).inbox));
  program
    .command('watch')
    .description('print every new message, match, unmatch and read receipt as it happens, until Ctrl-C')
    .addHelpText(
      'after',
      examples('friender watch', 'friender watch --json | jq -c \'select(.type=="message")\'') +
        '\nWith --json each line is one event: seq, type, at, match, username, message, readUpTo.\nA lost connection is retried from where it was: no event is lost or printed twice. Ctrl-C exits 0.\n',
    )
    .action(act(async () => (await import('../commands/watch/watch.js')).watch));
}
