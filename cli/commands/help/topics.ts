import type { Context } from '../../context.js';
import { EXIT_CODES, UsageError } from '../../errors.js';

/** Every environment variable the CLI reads, and what it does: `friender help environment`. */
export const ENVIRONMENT: ReadonlyArray<[string, string]> = [
  ['FRIENDER_API_URL', 'the API root (default http://localhost:3000); --api overrides it'],
  ['FRIENDER_TOKEN', 'a Bearer token to use instead of the stored login (see `friender auth token`)'],
  ['FRIENDER_CONFIG_DIR', 'the folder the login and `friender config` settings are stored in (file mode 0600; default: the OS config folder)'],
  ['FRIENDER_DEBUG', '`api` traces each HTTP request and response on stderr, tokens redacted (as --debug)'],
  ['FRIENDER_QUIET', '1: no bell or notice in swipe and chat when someone messages you (as --quiet); 0: they ring; wins over the `quiet` setting'],
  ['FRIENDER_NOTIFY', '`osc9` or `osc777`: with the bell, a desktop notification where the terminal supports that escape sequence; `bell`: the bell alone; wins over the `notify` setting'],
  ['NO_COLOR', 'any non-empty value turns colour off (https://no-color.org), as --no-color'],
  ['CLICOLOR', '0 turns colour off'],
  ['CLICOLOR_FORCE', 'any value but 0 forces colour on, even into a pipe'],
  ['FORCE_COLOR', 'forces colour on, even into a pipe (0 or false: off)'],
  ['TERM', '`dumb`: no colour, spinners, cursor movement or full-screen views; swipe and chat refuse'],
];

function table(rows: ReadonlyArray<[string | number, string]>): string[] {
  const width = Math.max(...rows.map(([key]) => String(key).length));
  return rows.map(([key, text]) => `  ${String(key).padEnd(width)}  ${text}`);
}

export function environmentHelp(): string[] {
  return [
    'Environment variables the friender CLI reads:',
    '',
    ...table(ENVIRONMENT),
    '',
    'Flags win over variables: --api over FRIENDER_API_URL, --no-color over every colour variable.',
    'Variables win over settings (`friender config`): --quiet/--no-quiet, then FRIENDER_QUIET, then `quiet`, then the default.',
  ];
}

export function exitCodeHelp(): string[] {
  return ['Exit codes:', '', ...table(EXIT_CODES)];
}

const TOPICS: Record<string, () => string[]> = { environment: environmentHelp, env: environmentHelp, 'exit-codes': exitCodeHelp };

/** A help topic that is no command; an unknown word is a usage error naming what exists. */
export function topic(words: string[]) {
  return async (ctx: Context): Promise<void> => {
    const show = words.length === 1 ? TOPICS[words[0]!] : undefined;
    if (!show) {
      throw new UsageError(`No help for "${words.join(' ')}": it is neither a command nor a topic.`, [
        'Topics: environment, exit-codes. Commands: see `friender --help`.',
      ]);
    }
    for (const line of show()) ctx.out(line);
  };
}
