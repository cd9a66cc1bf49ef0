import { PROBLEMS_PATH, type ProblemSlug } from './problem-types.js';

/** The one error family: every failure the API reports is an HttpProblem, rendered as problem+json. */
export interface FieldError {
  field: string;
  message: string;
}

export type Links = Record<string, { href: string; templated?: boolean }>;

export class HttpProblem extends Error {
  readonly status: number;
  readonly title: string;
  /** Names the kind of problem; the renderer makes it an absolute URI under the API (problemJson). */
  readonly slug: ProblemSlug;
  readonly errors?: FieldError[];
  readonly links?: Links;
  readonly headers: Record<string, string>;
  /** Extension members of this kind of problem (RFC 9457 §3.2), beside the standard ones. */
  readonly members?: Record<string, unknown>;

  constructor(
    status: number,
    slug: ProblemSlug,
    title: string,
    detail: string,
    extra: { errors?: FieldError[]; links?: Links; headers?: Record<string, string>; members?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.status = status;
    this.title = title;
    this.slug = slug;
    this.errors = extra.errors;
    this.links = extra.links;
    this.headers = extra.headers ?? {};
    this.members = extra.members;
  }
}

/** The problem's `type`: absolute under `origin` (the API as the client addressed it), or a path when that is unknown. */
export const problemType = (slug: ProblemSlug, origin = ''): string => `${origin}${PROBLEMS_PATH}${slug}`;

export const LOGIN_LINK: Links = { login: { href: '/' } };

export const problems = {
  badRequest: (detail: string) => new HttpProblem(400, 'bad-request', 'Bad request', detail),
  malformedJson: () => new HttpProblem(400, 'malformed-json', 'Malformed JSON', 'The request body is not valid JSON.'),
  unauthorized: (detail = 'Log in first: send a valid Bearer token.') =>
    new HttpProblem(401, 'unauthorized', 'Not logged in', detail, { links: LOGIN_LINK, headers: { 'WWW-Authenticate': 'Bearer realm="friender"' } }),
  invalidCredentials: () =>
    new HttpProblem(401, 'invalid-credentials', 'Wrong username or password', 'The username or password is not right.', { links: LOGIN_LINK }),
  requestTimeout: () => new HttpProblem(408, 'request-timeout', 'Request timeout', 'The request did not arrive in time.'),
  forbidden: (detail: string) => new HttpProblem(403, 'forbidden', 'Forbidden', detail),
  notFound: (detail = 'There is nothing here. Start at / and follow links.') =>
    new HttpProblem(404, 'not-found', 'Not found', detail, { links: { root: { href: '/' } } }),
  methodNotAllowed: (method: string, allowed: string[]) =>
    new HttpProblem(405, 'method-not-allowed', 'Method not allowed', `${method} is not allowed here; use ${allowed.join(', ')}.`, {
      headers: { Allow: allowed.join(', ') },
    }),
  conflict: (field: string, message: string) =>
    new HttpProblem(409, 'conflict', 'Already taken', `${field} ${message}`, { errors: [{ field, message }] }),
  tooLarge: (limit: string) => new HttpProblem(413, 'payload-too-large', 'Payload too large', `The request body is larger than ${limit}.`),
  headerTooLarge: (limitBytes: number) =>
    new HttpProblem(431, 'header-too-large', 'Request header fields too large', `The request headers are larger than the ${Math.floor(limitBytes / 1024)} KB this server reads.`),
  notAcceptable: (offered: readonly string[]) =>
    new HttpProblem(406, 'not-acceptable', 'Not acceptable', `This resource can be sent as ${offered.join(', ')}; the Accept header allows none of them.`),
  preconditionFailed: (detail: string, links?: Links) => new HttpProblem(412, 'precondition-failed', 'Changed since you read it', detail, { links }),
  unsupportedMediaType: (expected: string) =>
    new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', `Send the body as ${expected}.`),
  validation: (errors: FieldError[]) =>
    new HttpProblem(422, 'validation', 'Invalid input', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors }),
  tooManyRequests: (retryAfterSeconds: number, detail: string) =>
    new HttpProblem(429, 'too-many-requests', 'Too many requests', detail, { headers: { 'Retry-After': String(retryAfterSeconds) } }),
  unavailable: (title: string, detail: string, retryAfterSeconds = 5) =>
    new HttpProblem(503, 'unavailable', title, detail, { headers: { 'Retry-After': String(retryAfterSeconds) } }),
};
