import { STATUS_CODES } from 'node:http';
import { HAL_TYPES } from '../http/negotiate.js';
import type { PhotoSettings } from '../photos/service.js';
import { inputSchema, type JsonSchema } from './schema.js';
import { operations, PARAMETERS, type Operation } from './operations.js';

export const OPENAPI_PATH = '/openapi.json';
export const OPENAPI_TYPES = ['application/vnd.oai.openapi+json', 'application/json'] as const;

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

const HEADERS: Record<string, JsonSchema> = {
  Location: { description: 'Where what was made answers GET', schema: { type: 'string' } },
  ETag: { description: 'The version of the profile, for If-Match', schema: { type: 'string' } },
  Link: { description: 'rel="service-desc": this description', schema: { type: 'string' } },
};

function operation(op: Operation): JsonSchema {
  const parameters: JsonSchema[] = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: PARAMETERS[name!] }));
  if (op.query) {
    const query = inputSchema(op.query) as { properties?: Record<string, JsonSchema> };
    for (const [name, schema] of Object.entries(query.properties ?? {})) parameters.push({ name, in: 'query', required: false, schema });
  }
  if (op.ifMatch) {
    parameters.push({ name: 'If-Match', in: 'header', required: false, description: 'The ETag read; a stale one is 412 and nothing is changed', schema: { type: 'string' } });
  }
  const [status, description] = op.ok;
  const produces = op.produces ?? HAL_TYPES;
  const success: JsonSchema = { description };
  if (status !== 204) success.content = Object.fromEntries(produces.map((type) => [type, { schema: op.produces ? {} : ref('schemas', 'HalResource') }]));
  if (op.headers) success.headers = Object.fromEntries(op.headers.map((h) => [h, HEADERS[h]]));
  const responses: JsonSchema = { [status]: success };
  const problems = [...(op.login === 'required' ? [401] : []), ...(op.problems ?? []), ...(op.produces ? [] : [406])];
  for (const code of [...new Set(problems)].sort()) responses[code] = { description: STATUS_CODES[code] ?? 'Problem', content: { 'application/problem+json': { schema: ref('schemas', 'Problem') } } };
  responses.default = ref('responses', 'Problem');
  const out: JsonSchema = { summary: op.summary, operationId: `${op.method}${op.path.replace(/\{(\w+)\}/g, 'By-$1').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`, responses };
  if (parameters.length) out.parameters = parameters;
  if (op.login === 'required') out.security = [{ bearer: [] }];
  if (op.login === 'optional') out.security = [{}, { bearer: [] }];
  if (!op.login) out.security = [];
  if (op.body) out.requestBody = { required: true, content: { 'application/json': { schema: inputSchema(op.body) } } };
  if (op.multipart) out.requestBody = { required: true, content: { 'multipart/form-data': { schema: op.multipart } } };
  return out;
}

/** The OpenAPI 3.1 description of the API, built from the zod schemas the routes validate with. */
export function openApiDocument(photos: PhotoSettings, version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of operations(photos)) (paths[op.path] ??= {})[op.method] = operation(op);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Friender API',
      version,
      description: 'Hypermedia (HAL + HAL-FORMS): start at GET / and follow links and templates by name. This description is for tools; the links are the contract.',
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        HalResource: {
          type: 'object',
          required: ['_links'],
          properties: {
            _links: { type: 'object', additionalProperties: { type: 'object', required: ['href'], properties: { href: { type: 'string' }, templated: { type: 'boolean' } } } },
            _embedded: { type: 'object' },
            _templates: { type: 'object', additionalProperties: { type: 'object', required: ['method', 'properties'], properties: { title: { type: 'string' }, method: { type: 'string' }, target: { type: 'string' }, contentType: { type: 'string' }, properties: { type: 'array', items: { type: 'object' } } } } },
          },
        },
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string', format: 'uri-reference', description: 'GET it for a page about this kind of problem' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } } },
            _links: { type: 'object' },
          },
        },
      },
      responses: { Problem: { description: 'A problem (RFC 9457)', content: { 'application/problem+json': { schema: ref('schemas', 'Problem') } } } },
    },
  };
}
