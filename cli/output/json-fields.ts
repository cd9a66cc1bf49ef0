/**
 * What each command prints with --json, so `--json a,b` can be checked before the command
 * does anything (a like is not sent when a field name is misspelt) and the README can list it.
 * `list` names the array a command's records are in: a field list then picks from each record
 * and prints an array of them, as `gh … --json` does; otherwise it picks from the one object.
 */
export interface JsonShape {
  fields: readonly string[];
  list?: string;
}

const PHOTO = ['id', 'position', 'contentType', 'width', 'height', 'bytes', 'sha256', 'createdAt', 'image', 'thumbnail'];
const MESSAGE = ['id', 'from', 'mine', 'body', 'sentAt'];
const PROFILE = [
  'username', 'email', 'bio', 'hobbies', 'interests', 'zipCode', 'friendRadius', 'birthDate', 'age', 'minAge', 'maxAge', 'mutualRadius', 'readReceipts',
  'complete', 'missing', 'prompts', 'snoozed', 'snoozedUntil', 'createdAt',
];
const SNOOZE = ['username', 'snoozed', 'snoozedUntil'];
const SETTING = ['key', 'value', 'source', 'allowed', 'overriddenBy'];

/** Keyed by the command's path as typed (`photos list`); aliases resolve to the same command. */
export const JSON_SHAPES: Readonly<Record<string, JsonShape>> = {
  signup: { fields: ['username', 'api'] },
  login: { fields: ['username', 'api'] },
  logout: { fields: ['loggedOut', 'revoked', 'api'] },
  whoami: { fields: ['username', 'email', 'api', 'tokenSource', 'snoozed', 'snoozedUntil'] },
  'profile show': { fields: PROFILE },
  'profile edit': { fields: PROFILE },
  // The file's own fields: those the edit template offers (but email and birthDate), then photos.
  'profile export': { fields: ['bio', 'hobbies', 'interests', 'zipCode', 'friendRadius', 'minAge', 'maxAge', 'mutualRadius', 'readReceipts', 'prompts', 'photos'] },
  'profile apply': { fields: ['file', 'changed', 'applied', 'fields', 'photos'] },
  'photos add': { fields: ['count', 'max', 'photos', 'added', 'failed'] },
  'photos list': { fields: PHOTO, list: 'photos' },
  'photos rm': { fields: PHOTO, list: 'photos' },
  'photos move': { fields: PHOTO, list: 'photos' },
  candidates: { fields: ['username', 'age', 'bio', 'hobbies', 'interests', 'prompts', 'shared', 'distance', 'photos'], list: 'candidates' },
  undo: { fields: ['username', 'undone'] },
  snooze: { fields: SNOOZE },
  wake: { fields: SNOOZE },
  like: { fields: ['username', 'answer', 'matched', 'match'] },
  pass: { fields: ['username', 'answer', 'matched', 'match'] },
  matches: { fields: ['id', 'username', 'createdAt', 'unread', 'lastMessage', 'user'], list: 'matches' },
  unmatch: { fields: ['username', 'unmatched'] },
  inbox: { fields: ['id', 'username', 'age', 'unread', 'lastMessage', 'lastActivityAt', 'thumbnail'], list: 'conversations' },
  // One NDJSON line per event: the fields are picked line by line.
  watch: { fields: ['seq', 'type', 'at', 'match', 'username', 'message', 'readUpTo'], list: 'events' },
  // With --watch each NDJSON line is one message: the same fields, picked line by line.
  messages: { fields: MESSAGE, list: 'messages' },
  send: { fields: MESSAGE },
  block: { fields: ['username', 'blocked', 'created'] },
  unblock: { fields: ['username', 'unblocked'] },
  blocks: { fields: ['username', 'createdAt'], list: 'blocks' },
  report: { fields: ['id', 'username', 'reason', 'details', 'createdAt', 'blocked'] },
  'account delete': { fields: ['deleted', 'username', 'api'] },
  reports: { fields: ['id', 'createdAt', 'reason', 'details', 'reporter', 'reported', 'otherOpenReports', 'evidence', 'actions'], list: 'reports' },
  'reports resolve': { fields: ['id', 'status', 'reported', 'note', 'resolvedAt', 'resolvedBy', 'alsoResolved', 'matchesEnded'] },
  'config get': { fields: SETTING },
  'config set': { fields: SETTING },
  'config list': { fields: SETTING, list: 'settings' },
  'auth status': { fields: ['api', 'loggedIn', 'valid', 'username', 'source', 'store', 'expiresAt'] },
};

/** `friender api` prints whatever the API sent: its fields are the document's own, known only once it arrives. */
export const ANY_FIELDS = 'api';
