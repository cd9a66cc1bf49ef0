import type { Command } from 'commander';
import type { Context, GlobalOptions } from '../context.js';
import { examples } from '../examples.js';
import type { RequestOptions } from '../commands/api/request.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * `friender api`: its flags and help, registered from main.ts in one line. This is part of the
 * program's tree (loaded for --help, so outside cli/commands); the request code loads when it runs.
 */
export function defineApi(program: Command, context: (cmd: Command) => Context): void {
  program
    .command('api')
    .description('a request to where link relations from the root (or a path) lead; prints the raw answer, like `gh api`')
    .argument('<rel-or-path>', 'a link relation of the root (e.g. me) or a path starting with /')
    .argument('[rels...]', 'further link relations to follow from there; the request goes to the last')
    .option('-X, --method <method>', 'the HTTP method (default: GET, or POST with a body)')
    .option('-f, --field <key=value>', 'a field of a JSON body (repeatable); true, false, null and numbers are typed, key[]=v makes a list, @file reads a file (@- stdin); with GET they are query parameters', collect)
    .option('--input <file>', 'send this file as the body (- reads stdin)')
    .option('-i, --include', 'print the status line and headers before the body')
    .option('--paginate', 'follow `next` links, printing each page (with --json: one document, the pages\' _embedded lists joined)')
    .addHelpText(
      'after',
      examples(
        'friender api /',
        'friender api me',
        'friender api candidates --paginate --json --jq \'._embedded.candidates[].username\'',
        'friender api me -X PATCH -f bio="New in town" -f friendRadius=25 -f "hobbies[]=chess" -f "hobbies[]=go"',
        'friender api matches -i',
      ) + '\nA status of 400 or more prints the problem on stdout and exits 1 (3 for a rejected login).\n',
    )
    .action(async (target: string, rels: string[], opts: Omit<RequestOptions, 'target' | 'rels' | 'merge'>, cmd: Command) => {
      const { request } = await import('../commands/api/request.js');
      const { json } = cmd.optsWithGlobals<GlobalOptions>();
      await request(context(cmd), { ...opts, target, rels, merge: json !== undefined && json !== false });
    });
}
