import type { Context } from '../../context.js';
import { CliError, UsageError } from '../../errors.js';
import { FLAG_FOR_FIELD } from '../../flags.js';
import { parseAnswer } from '../../form.js';
import type { Template, TemplateProperty } from '../../hal.js';
import { getPassword } from '../../password.js';

/**
 * Fills an anonymous template (signup, login) from flags, asking on a terminal for what
 * is missing; the properties, prompts and limits come from the template itself.
 */
export async function fillCredentials(
  ctx: Context,
  template: Template,
  given: Record<string, string | undefined>,
  options: { passwordStdin?: boolean; confirmPassword?: boolean; example: string },
): Promise<Record<string, string>> {
  const properties = template.properties ?? [];
  const values: Record<string, string> = {};
  // The password is read last: --password-stdin may consume stdin, and prompts need it before.
  const ordered = [...properties.filter((p) => p.type !== 'password'), ...properties.filter((p) => p.type === 'password')];
  for (const prop of ordered) {
    if (prop.type === 'password') {
      values[prop.name] = await getPassword(ctx, {
        passwordStdin: options.passwordStdin,
        confirm: options.confirmPassword,
        message: prop.prompt,
        validate: validator(prop),
        example: options.example,
      });
    } else if (given[prop.name] !== undefined) {
      values[prop.name] = given[prop.name]!;
    } else if (ctx.interactive) {
      values[prop.name] = (await ctx.prompter().input({ message: prop.prompt ?? prop.name, validate: validator(prop) })).trim();
    } else if (prop.required) {
      const flag = FLAG_FOR_FIELD[prop.name];
      if (!flag) throw new CliError(`The API asks for "${prop.name}", which this version of friender has no flag for; run it on a terminal.`);
      throw new UsageError(`Missing ${flag} (stdin is not a terminal, so nothing is asked).`, [`For example: ${options.example}`]);
    }
  }
  return values;
}

function validator(prop: TemplateProperty) {
  return (raw: string): true | string => {
    const parsed = parseAnswer({ ...prop, required: true }, raw);
    return parsed.ok ? true : parsed.message;
  };
}

/** Fails before any request when there is no terminal and a needed flag is missing. */
export function requireFlags(ctx: Context, needed: Array<[flag: string, present: boolean]>, example: string): void {
  if (ctx.interactive) return;
  const missing = needed.filter(([, present]) => !present).map(([flag]) => flag);
  if (missing.length === 0) return;
  throw new UsageError(`Missing ${missing.join(', ')} (stdin is not a terminal, so nothing is asked).`, [`For example: ${example}`]);
}
