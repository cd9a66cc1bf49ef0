import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

// The HAL-FORMS input type each schema names in its metadata (hal.ts), as a JSON Schema format.
const FORMATS: Record<string, string> = { email: 'email', password: 'password' };

function clean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(clean);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema') continue;
    if (key === 'halType') {
      const format = FORMATS[value as string];
      if (format) out.format = format;
      continue;
    }
    out[key] = clean(value);
  }
  return out;
}

/**
 * The JSON Schema (2020-12, OpenAPI 3.1's dialect) of what a client sends: the very zod schema the
 * server validates with and the HAL-FORMS templates are built from, so the three cannot disagree.
 */
export function inputSchema(schema: z.ZodType): JsonSchema {
  return clean(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })) as JsonSchema;
}
