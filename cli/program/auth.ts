import type { Command } from 'commander';
import type { Act } from '../main.js';
import { examples } from '../examples.js';

/** `friender auth status` and `friender auth token`: definitions only; the actions load when run. */
export function registerAuth(program: Command, act: Act): void {
  const auth = program.command('auth').description('see the login in use: who, at which API, stored where; print its token');
  auth.addHelpText('after', examples('friender auth status', 'curl -H "Authorization: Bearer $(friender auth token)" http://localhost:3000/me'));
  auth
    .command('status')
    .description('who is logged in, at which API, where the login is stored, and whether the API accepts it now (exit 3 if not)')
    .addHelpText('after', examples('friender auth status', 'friender auth status --json'))
    .action(act(async () => (await import('../commands/auth/status.js')).status));
  auth
    .command('token')
    .description('print the login token (for curl and other HTTP tools); exit 3 when not logged in')
    .addHelpText('after', examples('friender auth token', 'curl -H "Authorization: Bearer $(friender auth token)" http://localhost:3000/me'))
    .action(act(async () => (await import('../commands/auth/token.js')).token));
}
