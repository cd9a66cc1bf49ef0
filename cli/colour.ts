/**
 * When the CLI uses colour, by the rules `gh` and most Unix tools follow, so one setting in a
 * shell profile works for all of them:
 *  1. `--no-color` on the command line wins over everything;
 *  2. CLICOLOR_FORCE (any value but 0) or FORCE_COLOR (any value but 0 or false) force colour on,
 *     even into a pipe or with TERM=dumb (FORCE_COLOR=0 forces it off, as in Node and chalk);
 *  3. NO_COLOR (any non-empty value), CLICOLOR=0 or TERM=dumb turn it off;
 *  4. otherwise colour is on exactly when the stream is a terminal.
 */
export type Env = Record<string, string | undefined>;

export function colourForced(env: Env): boolean | undefined {
  const force = env.FORCE_COLOR;
  if (force !== undefined && ['0', 'false'].includes(force.toLowerCase())) return false;
  if ((env.CLICOLOR_FORCE ?? '') !== '' && env.CLICOLOR_FORCE !== '0') return true;
  if (force !== undefined) return true;
  return undefined;
}

export function colourFor(env: Env, isTTY: boolean, flag?: boolean): boolean {
  if (flag === false) return false;
  const forced = colourForced(env);
  if (forced !== undefined) return forced;
  if (env.NO_COLOR || env.CLICOLOR === '0' || isDumb(env)) return false;
  return isTTY;
}

/** TERM=dumb: a terminal (an editor's shell, a CI log) that moves no cursor and has no alternate screen. */
export function isDumb(env: Env): boolean {
  return env.TERM === 'dumb';
}
