import { expect } from 'chai';
import { redactUrl } from '../../cli/trace.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { signup, type TestUser } from '../helpers/factories.js';
import { cli } from './helpers/harness.js';

describe('--debug / FRIENDER_DEBUG=api', () => {
  let api: TestApi;
  let user: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (user = await signup(api.url)));

  const exchanges = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('[api] '));

  it('when --debug is given, then each request and its answer (status, time) are traced on stderr, the token never', async () => {
    const result = await cli(['whoami', '--debug'], { env: { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: user.token } });
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal(`${user.username}\n`);
    const lines = exchanges(result.stderr);
    expect(lines).to.have.length(4);
    expect(lines[0]).to.equal(`[api] > GET ${api.url}/ (Authorization: Bearer REDACTED)`);
    expect(lines[1]).to.match(new RegExp(`^\\[api\\] < 200 GET ${api.url}/ in \\d+ ms$`));
    expect(lines[2]).to.equal(`[api] > GET ${api.url}/me (Authorization: Bearer REDACTED)`);
    expect(lines[3]).to.match(/^\[api\] < 200 GET .*\/me in \d+ ms$/);
    expect(result.stderr).to.not.include(user.token);
    expect(result.stderr).to.not.include(user.token.split('.')[2]);
  });

  it('when FRIENDER_DEBUG=api is set, then the same is traced, refusals included', async () => {
    const result = await cli(['whoami'], { env: { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: 'garbage', FRIENDER_DEBUG: 'api' } });
    expect(result.code).to.equal(3);
    expect(exchanges(result.stderr)[1]).to.match(/^\[api\] < 401 GET .* in \d+ ms$/);
  });

  it('when the API cannot be reached, then the failure is traced too', async () => {
    const result = await cli(['whoami', '--debug'], { env: { FRIENDER_API_URL: 'http://127.0.0.1:9', FRIENDER_TOKEN: 'x' } });
    expect(exchanges(result.stderr)).to.have.length(2);
    expect(exchanges(result.stderr)[1]).to.match(/^\[api\] < failed \(.+\) GET http:\/\/127\.0\.0\.1:9\/ in \d+ ms$/);
  });

  it('when nothing asks for it, then nothing is traced', async () => {
    const result = await cli(['whoami'], { env: { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: user.token, FRIENDER_DEBUG: 'sql' } });
    expect(result.stderr).to.equal('');
  });

  it('when a URL carries credentials (a presigned photo URL), then they are redacted', () => {
    expect(redactUrl('http://s3.local/b/k.jpg?X-Amz-Algorithm=AWS4&X-Amz-Credential=AKIA%2F1&X-Amz-Signature=abc&X-Amz-Expires=900')).to.equal(
      'http://s3.local/b/k.jpg?X-Amz-Algorithm=AWS4&X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&X-Amz-Expires=900',
    );
    expect(redactUrl('http://me:secret@host/')).to.equal('http://REDACTED@host/');
  });
});
