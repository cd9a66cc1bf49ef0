import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { CliError } from '../../../cli/errors.js';
import { jsonPrinter, type JsonRequest } from '../../../cli/output/json-output.js';

/** Prints through the output layer into strings. */
async function printed(request: JsonRequest, print: (p: ReturnType<typeof jsonPrinter>) => Promise<void>): Promise<{ stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { stdout: '', stderr: '' };
  stdout.on('data', (c: Buffer) => (chunks.stdout += c.toString()));
  stderr.on('data', (c: Buffer) => (chunks.stderr += c.toString()));
  await print(jsonPrinter(stdout, stderr, request));
  await new Promise((resolve) => setImmediate(resolve));
  return chunks;
}

const page = { count: 2, candidates: [{ username: 'ana', distance: 3, bio: 'hi' }, { username: 'ben', distance: 12 }] };

describe('the JSON output layer', () => {
  it('when there is no field list or --jq, then prints the value exactly as given, pretty', async () => {
    const out = await printed({ command: 'candidates' }, (p) => p.document(page));
    expect(out.stdout).to.equal(`${JSON.stringify(page, null, 2)}\n`);
  });

  it('when a list command gets a field list, then prints an array of its records with only those fields, missing ones null', async () => {
    const out = await printed({ command: 'candidates', fields: ['username', 'bio'] }, (p) => p.document(page));
    expect(JSON.parse(out.stdout)).to.deep.equal([{ username: 'ana', bio: 'hi' }, { username: 'ben', bio: null }]);
  });

  it('when an object command gets a field list, then prints the object with only those fields, in the order asked', async () => {
    const out = await printed({ command: 'whoami', fields: ['api', 'username'] }, (p) => p.document({ username: 'ana', email: 'a@x', api: 'http://x/', tokenSource: 'env' }));
    expect(out.stdout).to.equal('{\n  "api": "http://x/",\n  "username": "ana"\n}\n');
  });

  it('when --jq yields strings, then they print bare, one a line, as jq -r does; other values print as JSON', async () => {
    const names = await printed({ command: 'candidates', jq: '.candidates[].username' }, (p) => p.document(page));
    expect(names.stdout).to.equal('ana\nben\n');
    const mixed = await printed({ command: 'candidates', jq: '.count, .candidates[0], "", "two\\nlines"' }, (p) => p.document(page));
    expect(mixed.stdout).to.equal(`2\n${JSON.stringify(page.candidates[0], null, 2)}\n\ntwo\nlines\n`);
  });

  it('when a field list and --jq are both given, then --jq filters the selected fields', async () => {
    const out = await printed({ command: 'candidates', fields: ['distance'], jq: 'map(.distance) | add' }, (p) => p.document(page));
    expect(out.stdout).to.equal('15\n');
  });

  it('when printing NDJSON lines, then each record is filtered on its own and stays one compact line', async () => {
    const messages = [{ id: 1, from: 'ana', mine: false, body: 'hi', sentAt: 't1' }, { id: 2, from: 'me', mine: true, body: 'yo', sentAt: 't2' }];
    const fields = await printed({ command: 'messages', fields: ['id', 'body'] }, async (p) => {
      for (const m of messages) await p.line(m);
    });
    expect(fields.stdout).to.equal('{"id":1,"body":"hi"}\n{"id":2,"body":"yo"}\n');
    const jq = await printed({ command: 'messages', jq: 'select(.mine | not) | {from, body}' }, async (p) => {
      for (const m of messages) await p.line(m);
    });
    expect(jq.stdout).to.equal('{"from":"ana","body":"hi"}\n');
  });

  it('when the --jq expression fails on the data, then it is a failure (exit 1) naming the jq error', async () => {
    const failure = printed({ command: 'candidates', jq: '.count | keys' }, (p) => p.document(page));
    const err = await failure.then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(CliError);
    expect((err as Error).message).to.equal('--jq: number (2) has no keys');
  });

  it('when `friender api` gets a field list, then the fields are the document\'s own keys', async () => {
    const doc = { username: 'ana', bio: 'hi', _links: { self: { href: '/me' } } };
    const out = await printed({ command: 'api', fields: ['username', '_links'] }, (p) => p.document(doc));
    expect(JSON.parse(out.stdout)).to.deep.equal({ username: 'ana', _links: { self: { href: '/me' } } });
    const err = await printed({ command: 'api', fields: ['nope'] }, (p) => p.document(doc)).then(() => undefined, (e: unknown) => e);
    expect((err as Error).message).to.equal('--json: unknown field "nope".');
    expect((err as CliError).hints).to.deep.equal(['Available fields: username, bio, _links.']);
  });
});
