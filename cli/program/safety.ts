import type { Command } from 'commander';
import type { Context } from '../context.js';
import { examples } from '../examples.js';

/** `friender block`, `unblock`, `blocks` and `report`: definitions only; the work is in cli/commands/safety. */
export function defineSafety(program: Command, context: (cmd: Command) => Context): void {
  program
    .command('block')
    .description('block someone: neither of you sees the other again, and a match between you ends (to them it looks like an unmatch)')
    .argument('<username>', 'a candidate, a match, or someone you answered')
    .option('--yes', 'do not ask for confirmation')
    .addHelpText('after', examples('friender block sam', 'friender block sam --yes --json'))
    .action(async (username: string, opts: { yes?: boolean }, cmd: Command) => (await import('../commands/safety/block.js')).block(context(cmd), username, opts));
  program
    .command('unblock')
    .description('lift a block; a match it ended stays ended')
    .argument('<username>', 'someone in `friender blocks`')
    .addHelpText('after', examples('friender unblock sam'))
    .action(async (username: string, _opts: unknown, cmd: Command) => (await import('../commands/safety/blocks.js')).unblock(context(cmd), username));
  program
    .command('blocks')
    .description('list the people you blocked')
    .addHelpText('after', examples('friender blocks', 'friender blocks --json | jq -r \'.blocks[].username\''))
    .action(async (_opts: unknown, cmd: Command) => (await import('../commands/safety/blocks.js')).blocks(context(cmd)));
  program
    .command('report')
    .description('report someone to the moderators (spam, harassment, …); this also blocks them')
    .argument('<username>', 'a candidate or a match')
    .option('--reason <reason>', 'spam, harassment, "fake profile", underage, "inappropriate photos" or other (asked on a terminal; required without one)')
    .option('--details <text>', 'what happened, up to 1000 characters (optional)')
    .option('--yes', 'do not ask for confirmation')
    .addHelpText('after', examples('friender report sam', 'friender report sam --reason spam --details "sends links to a shop" --yes'))
    .action(async (username: string, opts: { reason?: string; details?: string; yes?: boolean }, cmd: Command) =>
      (await import('../commands/safety/report.js')).report(context(cmd), username, opts),
    );
}
