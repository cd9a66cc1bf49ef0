import type { Command } from 'commander';
import type { Act } from '../main.js';
import { examples } from '../examples.js';

/** `friender profile export` and `profile apply`: the profile and its photos as a file, applied idempotently. */
export function registerProfileFile(profile: Command, act: Act): void {
  profile
    .command('export')
    .description('write your profile and the list of your photos as a file `profile apply` takes (YAML; JSON with --json)')
    .option('--file <file>', 'write it to this file instead of stdout')
    .option('--photos-dir <dir>', 'also save each photo\'s image in this folder, and name it in the file')
    .addHelpText(
      'after',
      examples('friender profile export > profile.yaml', 'friender profile export --file me/profile.yaml --photos-dir me/pics', 'friender profile export --json'),
    )
    .action(act(async () => (await import('../commands/profile/export.js')).exportProfile));
  profile
    .command('apply')
    .description('make your profile and photos match a file: changes only what differs, uploads only photos not there yet')
    .argument('<file>', 'a profile file (YAML or JSON; photo paths and globs are relative to it)')
    .option('--dry-run', 'print the plan and change nothing; exit 0 if nothing would change, 10 if something would')
    .addHelpText(
      'after',
      examples('friender profile apply profile.yaml --dry-run', 'friender profile apply profile.yaml', 'friender profile apply profile.yaml --dry-run --json') +
        '\nExit codes: 0 done (or, with --dry-run, nothing to change), 10 with --dry-run: changes pending, 1 an invalid file or a failure.\n' +
        'Safe to run again: a run cut short is finished by the next one.\n',
    )
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      await act(async () => async (ctx, opts: { dryRun?: boolean }) => (await import('../commands/profile/apply/apply.js')).apply(ctx, file, opts))(cmd);
    });
}
