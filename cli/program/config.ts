import type { Command } from 'commander';
import type { Context } from '../context.js';
import { examples } from '../examples.js';

const KEYS = '\nSettings:\n  quiet   true or false (default false): no bell or notice in swipe and chat when someone messages you\n  notify  bell, osc9 or osc777 (default bell): with the bell, a desktop notification through OSC 9 or OSC 777\n' +
  '\nA flag wins over the environment (FRIENDER_QUIET, FRIENDER_NOTIFY), which wins over these settings, which win over the defaults.\n';

/**
 * `friender config get|set|list`, as `gh config`: settings kept in the login store. Definitions
 * only (this is loaded for --help); the work is in cli/commands/config.
 */
export function defineConfig(program: Command, context: (cmd: Command) => Context): void {
  const config = program.command('config').description('see and change the CLI\'s settings (quiet, notify), kept with your login');
  config.addHelpText('after', examples('friender config set quiet true', 'friender config get notify', 'friender config list') + KEYS);
  config
    .command('get')
    .description('print a setting\'s value: the stored one, or the default')
    .argument('<key>', 'quiet or notify')
    .addHelpText('after', examples('friender config get quiet', 'friender config get notify --json') + KEYS)
    .action(async (key: string, _opts: unknown, cmd: Command) => (await import('../commands/config/get.js')).configGet(context(cmd), key));
  config
    .command('set')
    .description('store a setting for every later run')
    .argument('<key>', 'quiet or notify')
    .argument('<value>', 'quiet: true or false; notify: bell, osc9 or osc777')
    .addHelpText('after', examples('friender config set quiet true', 'friender config set notify osc9') + KEYS)
    .action(async (key: string, value: string, _opts: unknown, cmd: Command) => (await import('../commands/config/set.js')).configSet(context(cmd), key, value));
  config
    .command('list')
    .alias('ls')
    .description('print every setting as key=value')
    .addHelpText('after', examples('friender config list', 'friender config list --json') + KEYS)
    .action(async (_opts: unknown, cmd: Command) => (await import('../commands/config/list.js')).configList(context(cmd)));
}
