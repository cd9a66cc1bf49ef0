import type { Request } from 'express';
import type { z } from 'zod';
import { problems, type FieldError } from './problems.js';

export function fieldErrors(issues: z.core.$ZodIssue[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ field: [...issue.path, key].join('.'), message: 'is not a field you can set' });
    } else {
      const field = issue.path.map(String).join('.') || '(body)';
      // One message per field: the first check that failed is the one worth reading.
      if (!errors.some((e) => e.field === field)) errors.push({ field, message: issue.message });
    }
  }
  return errors;
}

/** Parses a request's query string against a schema, or throws the 422 naming each field. */
export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const result = schema.safeParse(req.query);
  if (!result.success) throw problems.validation(fieldErrors(result.error.issues));
  return result.data;
}

/** Parses a JSON request body against a schema, or throws the 4xx that says what is wrong. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  if (!req.is('application/json') && !req.is('application/*+json')) {
    throw problems.unsupportedMediaType('application/json');
  }
  const result = schema.safeParse(req.body ?? {});
  if (!result.success) throw problems.validation(fieldErrors(result.error.issues));
  return result.data;
}
