import type { CompletionNode } from './tree.js';

/**
 * The command tree as lookup tables, one `case` each, written once and turned into sh (bash
 * and zsh share it) or fish syntax. Keys are `path:word`; the first matching pattern wins.
 */
export interface Table {
  name: string;
  /** Keyed by the path alone (else by `path:word`), and the value is a list of words. */
  list: boolean;
  /** What the function answers when no key matches: a value, or failure (return 1). */
  fallback: string | null;
  rows: Array<{ keys: string[]; value: string }>;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const fq = (s: string) => `'${s.replace(/[\\']/g, '\\$&')}'`;

export function tables(nodes: CompletionNode[]): Table[] {
  const argRows = nodes.flatMap((n) =>
    n.args.flatMap((kind, i) => {
      if (kind === 'none') return [];
      const last = i === n.args.length - 1;
      return [{ keys: [last && n.variadic ? `${n.path}:*` : `${n.path}:${i}`], value: kind }];
    }),
  );
  return [
    { name: 'sub', list: false, fallback: null, rows: nodes.flatMap((n) => n.subcommands.map((s) => ({ keys: [`${n.path}:${s.name}`], value: s.path }))) },
    { name: 'subs', list: true, fallback: '', rows: nodes.filter((n) => n.subcommands.length).map((n) => ({ keys: [n.path], value: n.subcommands.filter((s) => !s.alias).map((s) => s.name).join(' ') })) },
    { name: 'flags', list: true, fallback: '', rows: nodes.map((n) => ({ keys: [n.path], value: n.flags.join(' ') })) },
    { name: 'valued', list: false, fallback: null, rows: nodes.filter((n) => n.valued.length).map((n) => ({ keys: n.valued.map((f) => `${n.path}:${f}`), value: '' })) },
    { name: 'arg', list: false, fallback: 'none', rows: argRows },
  ];
}

/** `_friender_<name> key…`: sets REPLY, or returns 1 where the table has no fallback. */
export function shTable(t: Table): string {
  const rows = t.rows.map((r) => `    ${r.keys.map((k) => (k.endsWith(':*') ? `${q(k.slice(0, -1))}*` : q(k))).join('|')}) REPLY=${q(r.value)} ;;`);
  const otherwise = t.fallback === null ? 'return 1' : `REPLY=${q(t.fallback)}`;
  return [`_friender_${t.name}() {`, `  case ${t.list ? '"$1"' : '"$1:$2"'} in`, ...rows, `    *) ${otherwise} ;;`, '  esac', '}'].join('\n');
}

/** `__friender_<name> key…`: prints the value's words one a line, or returns 1 where the table has no fallback. */
export function fishTable(t: Table): string {
  const key = t.list ? '"$argv[1]"' : '"$argv[1]:$argv[2]"';
  const say = (value: string) => (value === '' ? 'true' : `printf '%s\\n' ${(t.list ? value.split(' ') : [value]).map(fq).join(' ')}`);
  const rows = t.rows.map((r) => `        case ${r.keys.map((k) => (k.endsWith(':*') ? `${fq(k.slice(0, -1))}*` : fq(k))).join(' ')}\n            ${say(r.value)}`);
  const otherwise = t.fallback === null ? 'return 1' : say(t.fallback);
  return [`function __friender_${t.name}`, `    switch ${key}`, ...rows, `        case '*'\n            ${otherwise}`, '    end', 'end'].join('\n');
}
