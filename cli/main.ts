import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { createContext, type Context, type Factory, type GlobalOptions } from './context.js';
import { EXIT, EXIT_CODES, ExitStatus, exitCodeFor } from './errors.js';
import { examples } from './examples.js';
import { defineApi } from './program/api.js';
import { defineCompletion } from './program/completion.js';
import { defineConfig } from './program/config.js';
import { defineSafety } from './program/safety.js';
import { checkJsonOptions, commandPath, splitJsonFlag } from './output/json-options.js';
import { colourFor } from './colour.js';
import { registerAuth } from './program/auth.js';
import { registerHelp } from './program/help.js';
import { registerInbox } from './program/inbox.js';
import { registerModeration } from './program/moderation.js';
import { registerProfileFile } from './program/profile-file.js';

// Only commander and this file load for --help; every command module is imported in its action.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

type Action<O> = (ctx: Context, opts: O) => Promise<void>;
/** Wraps a lazily imported command: what command modules in cli/program/ register their actions with. */
export type Act = <O>(load: () => Promise<Action<O>>) => (...args: unknown[]) => Promise<void>;

export function buildProgram(factory: Factory): Command {
  const program = new Command('friender');
  const context = (cmd: Command) => createContext(factory, cmd.optsWithGlobals<GlobalOptions>(), commandPath(cmd));
  // Wraps a lazily imported command so commander passes it a context and its own options.
  const act: Act =
    <O>(load: () => Promise<Action<O>>) =>
    async (...args: unknown[]) => {
      const cmd = args[args.length - 1] as Command;
      await (await load())(context(cmd), cmd.opts() as O);
    };

  program
    .description('Friender — Tinder, but for making friends as an adult — from your terminal.')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addOption(new Option('--api <url>', 'API root URL (default: $FRIENDER_API_URL or http://localhost:3000)'))
    .option('--json [fields]', 'print machine-readable JSON on stdout; a comma-separated list keeps only those fields')
    .option('--jq <expression>', 'filter the JSON output with a jq expression (strings print bare, as jq -r)')
    .option('--no-color', 'no colour (NO_COLOR does the same; see `friender help environment`)')
    .option('--debug', 'trace each HTTP request and response on stderr, tokens redacted (FRIENDER_DEBUG=api does the same)')
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => factory.io.stdout.write(s), writeErr: (s) => factory.io.stderr.write(s) })
    .helpCommand(false)
    .hook('preAction', (_program, action) => checkJsonOptions(action))
    .addHelpText(
      'after',
      examples('friender signup --username sam --email sam@example.com', 'friender profile edit', 'friender swipe', 'friender chat sam') +
        `\nExit codes:\n${EXIT_CODES.map(([code, text]) => `  ${String(code).padEnd(3)}  ${text}`).join('\n')}\n` +
        '\nMore: `friender help <command>`, `friender help environment`.\n',
    );

  program
    .command('signup')
    .description('create an account and log in')
    .option('--username <name>', 'username (3–30 of a-z, 0-9, _)')
    .option('--email <address>', 'email address')
    .option('--birth-date <YYYY-MM-DD>', 'your birth date (you must be 18 or older; others only ever see your age)')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .addHelpText('after', examples('friender signup', 'printf "%s\\n" "$PW" | friender signup --username sam --email sam@example.com --birth-date 1990-05-17 --password-stdin'))
    .action(act(async () => (await import('./commands/auth/signup.js')).signup));

  program
    .command('login')
    .description('log in and remember the login for this API')
    .option('--username <name>', 'username or email')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .addHelpText('after', examples('friender login --username demo', 'echo "$PW" | friender login --username demo --password-stdin'))
    .action(act(async () => (await import('./commands/auth/login.js')).login));

  program
    .command('logout')
    .description('end the login on the server and forget it here')
    .addHelpText('after', examples('friender logout'))
    .action(act(async () => (await import('./commands/auth/logout.js')).logout));

  program
    .command('whoami')
    .description('print the username you are logged in as')
    .addHelpText('after', examples('friender whoami', 'friender whoami --json'))
    .action(act(async () => (await import('./commands/auth/whoami.js')).whoami));

  const profile = program.command('profile').description('show or edit your profile, or set it up from a file (export, apply)');
  profile.addHelpText('after', examples('friender profile show', 'friender profile edit --zip 10001 --radius 25', 'friender profile apply profile.yaml --dry-run'));
  profile
    .command('show')
    .description('show your profile and what is missing before you can swipe')
    .addHelpText('after', examples('friender profile show', 'friender profile show --json'))
    .action(act(async () => (await import('./commands/profile/show.js')).show));
  profile
    .command('edit')
    .description('edit your profile: a form on a terminal, or only the fields given as flags')
    .option('--email <address>', 'email address')
    .option('--bio <text>', 'a few words about you ("" clears it)')
    .option('--hobbies <list>', 'hobbies, separated by commas (replaces the list)')
    .option('--interests <list>', 'interests, separated by commas (replaces the list)')
    .option('--zip <code>', 'US ZIP code (5 digits)')
    .option('--radius <miles>', 'how far away friends may live, in whole miles')
    .option('--birth-date <YYYY-MM-DD>', 'your birth date, for an account made without one (cannot be changed once given)')
    .option('--min-age <years>', 'the youngest age you want to meet (18–99)')
    .option('--max-age <years>', 'the oldest age you want to meet (18–99)')
    .option('--mutual-radius', 'only see, and be seen by, people whose own radius and age range reach you too')
    .option('--no-mutual-radius', 'see everyone within your own radius and age range (the default)')
    .option('--read-receipts', 'let matches see what you have read, and see what they have read (the default)')
    .option('--no-read-receipts', 'send no read receipts, and see none (`seen` in chat) either')
    .option('--prompt <question=answer>', 'a prompt: a question (its first words are enough), =, your answer; repeat for up to 3 (replaces the list; an unknown question lists them all)', (v: string, list: string[] = []) => [...list, v])
    .option('--no-prompts', 'remove all your prompts')
    .addHelpText(
      'after',
      examples(
        'friender profile edit',
        'friender profile edit --hobbies hiking,chess --interests jazz --zip 10001 --radius 25',
        'friender profile edit --min-age 25 --max-age 40 --mutual-radius',
        'friender profile edit --no-read-receipts',
        'friender profile edit --prompt "Teach me=how to bake bread" --prompt "Let\'s go to=the climbing gym"',
      ),
    )
    .action(act(async () => (await import('./commands/profile/edit.js')).edit));
  registerProfileFile(profile, act);

  const photos = program.command('photos').description('add, list, reorder and delete your photos (up to 6; the first is shown on your card)');
  photos.addHelpText('after', examples('friender photos add ~/Pictures/me.jpg', 'friender photos list', 'friender photos move 3 1', 'friender photos rm 2'));
  photos
    .command('add')
    .description('upload photo files (JPEG, PNG or WebP, at most 10 MB each); location and camera data are removed')
    .argument('<files...>', 'image files to upload, in order')
    .addHelpText('after', examples('friender photos add me.jpg hiking.png', 'friender photos add *.jpg --json') + '\nExits 1 if any file was not added; the others are kept.\n')
    .action(async (files: string[], _opts: unknown, cmd: Command) => (await import('./commands/photos/add.js')).add(context(cmd), files));
  photos
    .command('list')
    .alias('ls')
    .description('show your photos, numbered, drawn in the terminal')
    .addHelpText('after', examples('friender photos list', 'friender photos list --json'))
    .action(act(async () => (await import('./commands/photos/list.js')).list));
  photos
    .command('rm')
    .alias('delete')
    .description('delete the photo numbered <n> in `friender photos list`')
    .argument('<n>', 'the photo\'s number')
    .addHelpText('after', examples('friender photos rm 2'))
    .action(async (n: string, _opts: unknown, cmd: Command) => (await import('./commands/photos/rm.js')).rm(context(cmd), n));
  photos
    .command('move')
    .description('move the photo numbered <n> to <position> (1 is shown first)')
    .argument('<n>', 'the photo\'s number')
    .argument('<position>', 'its new position')
    .addHelpText('after', examples('friender photos move 3 1'))
    .action(async (n: string, to: string, _opts: unknown, cmd: Command) => (await import('./commands/photos/move.js')).move(context(cmd), n, to));

  program
    .command('swipe')
    .description('see people near you one card at a time and answer with a key: y like, n pass, u undo the last pass, b block, q quit')
    .option('--quiet', 'no bell or notice when someone messages you meanwhile (FRIENDER_QUIET=1 or `friender config set quiet true` does the same)')
    .option('--no-quiet', 'the bell and notice even when FRIENDER_QUIET or the quiet setting says otherwise')
    .addHelpText('after', examples('friender swipe', 'friender swipe --quiet') + '\nNeeds a terminal; scripts use `friender candidates`, `like` and `pass`.\nA message from a match rings the bell and shows in the header (see `friender config` and FRIENDER_NOTIFY in `friender help environment`).\n')
    .action(act(async () => (await import('./commands/swipe/swipe.js')).swipe));
  program
    .command('candidates')
    .description('list people within your radius, most in common first')
    .option('--limit <n>', 'how many to list (default 10)')
    .addHelpText('after', examples('friender candidates', 'friender candidates --json --limit 50 | jq -r \'.candidates[].username\''))
    .action(act(async () => (await import('./commands/discover/candidates.js')).candidates));
  program
    .command('like')
    .description('like a candidate; exits 0 if that made a match, 4 if not (yet)')
    .argument('<username>', 'a username from `friender candidates`')
    .addHelpText('after', examples('friender like sam', 'if friender like sam; then echo "matched!"; fi'))
    .action(async (username: string, _opts: unknown, cmd: Command) => (await import('./commands/discover/answer.js')).answerByName(context(cmd), username, 'like'));
  program
    .command('pass')
    .description('pass on a candidate: they are not shown again')
    .argument('<username>', 'a username from `friender candidates`')
    .addHelpText('after', examples('friender pass sam'))
    .action(async (username: string, _opts: unknown, cmd: Command) => (await import('./commands/discover/answer.js')).answerByName(context(cmd), username, 'pass'));
  program
    .command('undo')
    .description('take back your latest pass (for a few minutes after it): they can show up again')
    .addHelpText('after', examples('friender undo', 'friender undo --json'))
    .action(act(async () => (await import('./commands/undo/undo.js')).undo));
  program
    .command('snooze')
    .description('hide from every deck and stop swiping, for a while or until `friender wake`; matches and chats keep working')
    .option('--for <duration>', 'how long: 30m, 12h, 3d, 2w (up to a year)')
    .option('--until <time>', 'until a day (YYYY-MM-DD, from its start) or a time (2026-12-01T09:00, local unless it has a zone)')
    .addHelpText('after', examples('friender snooze', 'friender snooze --for 3d', 'friender snooze --until 2026-12-24') + '\nWithout --for or --until: until `friender wake`.\n')
    .action(act(async () => (await import('./commands/snooze/snooze.js')).snooze));
  program
    .command('wake')
    .description('end a snooze: be shown to others and swipe again')
    .addHelpText('after', examples('friender wake'))
    .action(act(async () => (await import('./commands/snooze/wake.js')).wake));
  program
    .command('matches')
    .description('list your matches, newest first')
    .addHelpText('after', examples('friender matches', 'friender matches --json'))
    .action(act(async () => (await import('./commands/matches/list.js')).matches));
  program
    .command('unmatch')
    .description('end a match for both of you; neither is shown the other again')
    .argument('<username>', 'the username of a match')
    .option('--yes', 'do not ask for confirmation')
    .addHelpText('after', examples('friender unmatch sam', 'friender unmatch sam --yes'))
    .action(async (username: string, opts: { yes?: boolean }, cmd: Command) => (await import('./commands/matches/unmatch.js')).unmatch(context(cmd), username, opts));

  program
    .command('chat')
    .description('chat with a match: history, new messages as they arrive, a line to type in')
    .argument('<username>', 'the username of a match')
    .option('--quiet', 'no bell or notice when someone else messages you meanwhile (FRIENDER_QUIET=1 or `friender config set quiet true` does the same)')
    .option('--no-quiet', 'the bell and notice even when FRIENDER_QUIET or the quiet setting says otherwise')
    .addHelpText('after', examples('friender chat sam', 'friender chat sam --quiet') + '\nEnter sends; ←/→, Home/End and Ctrl-A/E/U/K/W edit the line; ↑/↓ recall what you sent;\n/block blocks them and /report reports them (each asks first, then leaves);\n/quit or Ctrl-C leaves. Needs a terminal.\n')
    .action(async (username: string, opts: { quiet?: boolean }, cmd: Command) => (await import('./commands/chat/chat.js')).chat(context(cmd), username, opts));
  program
    .command('messages')
    .description('print your conversation with a match; --watch stays and prints new messages as they arrive')
    .argument('<username>', 'the username of a match')
    .option('--watch', 'keep printing new messages (one JSON object per line with --json)')
    .addHelpText('after', examples('friender messages sam', 'friender messages sam --watch --json | jq -r .body'))
    .action(async (username: string, opts: { watch?: boolean }, cmd: Command) => (await import('./commands/chat/messages.js')).messages(context(cmd), username, opts));
  program
    .command('send')
    .description('send a message to a match (`-` reads it from stdin)')
    .argument('<username>', 'the username of a match')
    .argument('<text>', 'the message, or - to read it from stdin')
    .addHelpText('after', examples('friender send sam "coffee on Saturday?"', 'fortune | friender send sam -'))
    .action(async (username: string, text: string, _opts: unknown, cmd: Command) => (await import('./commands/chat/send.js')).send(context(cmd), username, text));

  defineSafety(program, context);

  const account = program.command('account').description('manage your account');
  account.addHelpText('after', examples('friender account delete'));
  account
    .command('delete')
    .description('delete your account and everything in it')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .addHelpText('after', examples('friender account delete', 'echo "$PW" | friender account delete --password-stdin --yes'))
    .action(act(async () => (await import('./commands/account/delete.js')).deleteAccount));

  defineApi(program, context);
  defineConfig(program, context);
  defineCompletion(program, context);

  registerAuth(program, act);
  registerModeration(program, act);
  registerInbox(program, act);
  registerHelp(program, act);

  return program;
}

/** Runs the CLI once and resolves with the exit code; bin/friender.ts is the only caller that exits. */
export async function run(argv: string[], factory: Factory): Promise<number> {
  const program = buildProgram(factory);
  try {
    // Bare `friender` is a request for help, as `friender help` is: on stdout, and not a failure.
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.ok;
    }
    await program.parseAsync(splitJsonFlag(argv, program), { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    // commander has already printed its message (or the help / version it was asked for).
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (err instanceof ExitStatus) return err.code;
    const { io, env } = factory;
    const colour = io.color && colourFor(env, io.isStderrTTY, program.opts<GlobalOptions>().color);
    const { reportError } = await import('./report.js');
    await reportError(io.stderr, err, colour);
    return exitCodeFor(err);
  }
}
