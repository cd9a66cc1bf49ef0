import type { Response } from 'express';
import { z } from 'zod';
import type { Links } from './problems.js';

export const HAL = 'application/hal+json';

export interface TemplateProperty {
  name: string;
  prompt?: string;
  required: boolean;
  type: string;
  multiple?: boolean;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  step?: number;
  maxItems?: number;
  regex?: string;
  accept?: string;
  maxSize?: number;
  /**
   * When each item of a `multiple` property is an object: the fields of one item. Its own type
   * stays `text`, what HAL-FORMS clients fall back to for a type they do not know.
   */
  properties?: TemplateProperty[];
  value?: unknown;
  /** HAL-FORMS options: the only values the property takes (from a zod enum), listed inline. */
  options?: { inline: Array<string | { prompt: string; value: string }>; minItems?: number; maxItems?: number };
}

export interface Template {
  title: string;
  method: string;
  target: string;
  contentType?: string;
  properties: TemplateProperty[];
}

export interface HalDocument {
  _links: Links;
  _embedded?: Record<string, HalDocument | HalDocument[]>;
  _templates?: Record<string, Template>;
  [field: string]: unknown;
}

interface JsonSchema {
  type?: string;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  pattern?: string;
  enum?: unknown[];
  format?: string;
  title?: string;
  halType?: string;
}

const cache = new WeakMap<z.ZodType, TemplateProperty[]>();

/**
 * HAL-FORMS properties straight from the zod schema that validates the same input,
 * so the limits a client is told are the limits the server enforces.
 */
export function propertiesOf(schema: z.ZodObject): TemplateProperty[] {
  const cached = cache.get(schema);
  if (cached) return cached;
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const properties = objectProperties(json);
  cache.set(schema, properties);
  return properties;
}

function objectProperties(json: JsonSchema): TemplateProperty[] {
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, raw]) => propertyOf(name, raw, required.has(name)));
}

/**
 * One property; a list of objects (each with fields of its own) carries those fields as
 * `properties`, and a choice from a fixed list (an enum) its values as `options`.
 */
function propertyOf(name: string, raw: JsonSchema, required: boolean): TemplateProperty {
  const prop = raw.anyOf?.find((s) => s.type !== 'null') ?? raw;
  const inner = prop.type === 'array' && prop.items ? prop.items : prop;
  const out: TemplateProperty = { name, required, type: raw.halType ?? inputType(inner) };
  if (raw.title) out.prompt = raw.title;
  if (prop.type === 'array') {
    out.multiple = true;
    if (prop.maxItems !== undefined) out.maxItems = prop.maxItems;
  }
  if (inner.type === 'object') out.properties = objectProperties(inner);
  if (inner.enum !== undefined) out.options = { inline: inner.enum.map(String), ...(required ? { minItems: 1 } : {}), ...(out.multiple ? {} : { maxItems: 1 }) };
  if (inner.minLength !== undefined) out.minLength = inner.minLength;
  if (inner.maxLength !== undefined) out.maxLength = inner.maxLength;
  if (inner.type === 'integer') out.step = 1;
  if (inner.minimum !== undefined) out.min = inner.minimum;
  if (inner.maximum !== undefined) out.max = inner.maximum;
  if (inner.pattern !== undefined && inner.format !== 'email') out.regex = inner.pattern;
  return out;
}

function inputType(schema: JsonSchema): string {
  if (schema.format === 'email') return 'email';
  if (schema.format === 'date') return 'date';
  if (schema.type === 'integer' || schema.type === 'number') return 'number';
  return 'text';
}

export function template(
  title: string,
  method: string,
  target: string,
  schema?: z.ZodObject,
  values?: Record<string, unknown>,
): Template {
  const properties = schema ? propertiesOf(schema) : [];
  return {
    title,
    method,
    target,
    ...(schema ? { contentType: 'application/json' } : {}),
    properties: values ? properties.map((p) => (values[p.name] === undefined ? p : { ...p, value: values[p.name] })) : properties,
  };
}

/** As the media type negotiate() chose (HAL when none was), the same body either way. */
export function sendHal(res: Response, status: number, doc: HalDocument): void {
  res.status(status).type(res.locals.mediaType ?? HAL).send(JSON.stringify(doc));
}
