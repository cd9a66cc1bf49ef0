/**
 * Every kind of problem the API reports, by the slug in its `type` URI (/problems/{slug}). A
 * problem can only be made with a slug listed here, so every `type` a client sees resolves to
 * a page that explains it (api/problems/router.ts), and a type, once given out, keeps its name.
 */
export const PROBLEM_TYPES = {
  'bad-request': { status: 400, title: 'Bad request', about: 'The request is not one the API can read: a malformed query, a multipart body without a boundary, or something that is not HTTP at all.' },
  'malformed-json': { status: 400, title: 'Malformed JSON', about: 'The body was sent as JSON but does not parse. Send one JSON object.' },
  unauthorized: { status: 401, title: 'Not logged in', about: 'This needs a login: send Authorization: Bearer <token>. A token that is invalid, expired or logged out gets this too; log in again (the login template at the root).' },
  'invalid-credentials': { status: 401, title: 'Wrong username or password', about: 'The username (or email) and password do not match an account. An unknown name and a wrong password get the same answer.' },
  'account-suspended': { status: 403, title: 'Account suspended', about: 'A moderator suspended this account after a report: it cannot log in, its logins have ended and nobody is shown it. Only the right password gets this answer; a wrong one is still a wrong password.' },
  'moderators-only': { status: 403, title: 'Moderators only', about: 'Reports are read and resolved by moderators; this login is not one. The root links `reports` only for moderators. An operator grants the role with `npm run admin -- moderator <username>`.' },
  forbidden: { status: 403, title: 'Forbidden', about: 'You are logged in, but this is not yours to do.' },
  'not-found': { status: 404, title: 'Not found', about: 'There is nothing here for you: an address that does not exist, or something that is not yours (someone else\'s photo, match or message looks the same as none at all). Start at / and follow links.' },
  'method-not-allowed': { status: 405, title: 'Method not allowed', about: 'This resource does not take that method. The Allow header lists the ones it does.' },
  'not-acceptable': { status: 406, title: 'Not acceptable', about: 'The Accept header names no media type this resource can be sent as. Resources are application/hal+json (also as application/prs.hal-forms+json or application/json); the detail lists what this one offers.' },
  'request-timeout': { status: 408, title: 'Request timeout', about: 'The request did not arrive in time; the connection is closed.' },
  conflict: { status: 409, title: 'Already taken', about: 'A username or email is already someone\'s; errors[] names the field.' },
  'already-answered': { status: 409, title: 'Already answered', about: 'You already liked or passed on this person; an answer can be repeated but not changed.' },
  'report-resolved': { status: 409, title: 'Report already resolved', about: 'A moderator (perhaps another one, a moment ago) already dismissed this report or suspended the account it is about; nothing was changed. GET the report to see how it was resolved.' },
  'account-gone': { status: 409, title: 'Account gone', about: 'The account this report is about no longer exists, so it cannot be suspended; dismiss the report instead.' },
  'photo-limit': { status: 409, title: 'Photo limit reached', about: 'A profile holds a limited number of photos; delete one to add another (the photos link).' },
  'profile-incomplete': { status: 409, title: 'Profile incomplete', about: 'Discovery needs hobbies, interests, a ZIP code and a friend radius; errors[] names what is missing and the me link leads to the edit.' },
  snoozed: { status: 409, title: 'Snoozed', about: 'You are snoozed: hidden from every deck, and the deck and answering are closed to you until the snooze ends or you wake (the wake template on me, the me link here). Matches and chats keep working.' },
  'cannot-undo': { status: 409, title: 'Cannot be undone', about: 'Only your latest answer can be taken back, only if it was a pass, and only for a while after it was given (the undo template is there while it can). A like is never undone: unmatch instead.' },
  'precondition-failed': { status: 412, title: 'Changed since you read it', about: 'The If-Match header names a version (ETag) that is no longer the current one: someone, perhaps you elsewhere, changed it since. Read it again, then apply your change to what is there now.' },
  'payload-too-large': { status: 413, title: 'Payload too large', about: 'The body, a photo or the chunk extensions are larger than the API reads.' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type', about: 'The body is not in a format this resource takes: JSON in UTF-8 for forms, multipart/form-data with JPEG, PNG or WebP files for photos.' },
  validation: { status: 422, title: 'Invalid input', about: 'One or more fields are not valid; errors[] names each field and what is wrong with it. The template\'s properties state the same limits.' },
  'too-many-requests': { status: 429, title: 'Too many requests', about: 'A limit was reached (logins, signups, password checks, long polls, reports). Retry-After says how many seconds to wait.' },
  'too-many-messages': { status: 429, title: 'Too many messages', about: 'A user may send a limited number of messages a minute. Retry-After says how many seconds to wait.' },
  'zip-change-limit': { status: 429, title: 'ZIP code changed too often', about: 'A ZIP code can be changed a few times a day; nothing in the refused edit was applied. errors[] says when the next change is possible and Retry-After how many seconds that is.' },
  'header-too-large': { status: 431, title: 'Request header fields too large', about: 'The request headers are larger than the server reads; the connection is closed.' },
  internal: { status: 500, title: 'Internal error', about: 'Something went wrong on the server\'s side. It has been logged; trying again may work.' },
  'bad-gateway': { status: 502, title: 'Bad gateway', about: 'Never sent by the API itself: the proxy in front of its instances (nginx or HAProxy, as in deploy/; `npm run cluster` runs one) got no answer, because every instance is down or the one that had the request stopped with it. A GET can simply be repeated (a long poll with the same next link). A request that changes something, such as sending a message, may or may not have been done: look (the conversation, the match) before sending it again.' },
  unavailable: { status: 503, title: 'Service unavailable', about: 'A backing service (the database, photo storage) cannot be reached, photo processing is full, or the request collided with another. Retry-After says when to try again.' },
} as const satisfies Record<string, { status: number; title: string; about: string }>;

export type ProblemSlug = keyof typeof PROBLEM_TYPES;

export const PROBLEMS_PATH = '/problems/';

export const isProblemSlug = (slug: string): slug is ProblemSlug => Object.hasOwn(PROBLEM_TYPES, slug);
