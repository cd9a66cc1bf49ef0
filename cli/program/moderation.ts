import type { Command } from 'commander';
import type { Act } from '../main.js';
import { examples } from '../examples.js';

/** `friender reports` and `friender reports resolve`: for moderators; definitions only, the actions load when run. */
export function registerModeration(program: Command, act: Act): void {
  const reports = program
    .command('reports')
    .description('moderators: list open reports, oldest first (see `reports resolve` to act on one)')
    .option('--limit <n>', 'how many to list (default 50)')
    .addHelpText(
      'after',
      examples('friender reports', 'friender reports --json --jq \'.reports[] | "\\(.id) \\(.reported) \\(.reason)"\'') +
        '\nOnly moderators see reports (an operator grants the role: `npm run admin -- moderator <username>`);\nanyone else gets exit 1.\n',
    )
    .action(act(async () => (await import('../commands/reports/list.js')).reports));
  reports
    .command('resolve')
    .description('resolve an open report: --suspend the reported account, or --dismiss the report; --note says why')
    .argument('<id>', 'the report\'s id from `friender reports` (its first 8 characters are enough)')
    .option('--suspend', 'suspend the reported account: its logins end, it vanishes from decks and chats, every open report about it is resolved')
    .option('--dismiss', 'close the report with nothing done to anyone')
    .option('--note <text>', 'why (at most 1000 characters; kept in the moderation log); asked for on a terminal when missing')
    .addHelpText('after', examples('friender reports resolve 3f2c9a1e --dismiss --note "banter between friends"', 'friender reports resolve 3f2c9a1e --suspend --note "asked three people for money"'))
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await act(async () => async (ctx, opts: { suspend?: boolean; dismiss?: boolean; note?: string }) => (await import('../commands/reports/resolve.js')).resolve(ctx, id, opts))(cmd);
    });
}
