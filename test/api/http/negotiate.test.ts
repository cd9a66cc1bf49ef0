import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { signup } from '../../helpers/factories.js';
import { rawRequest } from '../../helpers/raw-http.js';

// What ketting 8 sends: every type it reads, HAL-FORMS first.
const KETTING_ACCEPT = 'application/prs.hal-forms+json;q=1.0, application/hal+json;q=0.9, application/vnd.api+json;q=0.8, application/vnd.siren+json;q=0.8, application/vnd.collection+json;q=0.8, application/json;q=0.7, text/html;q=0.6';

describe('http: content negotiation', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());

  const rootAs = (accept: string) => call(api.url, 'GET', '/', { headers: { accept } });

  it('when HAL-FORMS is asked for, then the same body comes as application/prs.hal-forms+json', async () => {
    const hal = await rootAs('application/hal+json');
    const forms = await rootAs('application/prs.hal-forms+json');
    expect(forms.status).to.equal(200);
    expect(forms.contentType).to.equal('application/prs.hal-forms+json; charset=utf-8');
    expect(forms.text).to.equal(hal.text);
    expect((await rootAs(KETTING_ACCEPT)).contentType).to.equal('application/prs.hal-forms+json; charset=utf-8');
  });

  it('when any type or HAL is accepted, or the client prefers HAL, then it is application/hal+json', async () => {
    for (const accept of ['*/*', 'application/*', 'application/hal+json', 'application/hal+json, application/problem+json;q=0.9, application/json;q=0.8']) {
      expect((await rootAs(accept)).contentType, accept).to.equal('application/hal+json; charset=utf-8');
    }
  });

  it('when no Accept is sent, then it is application/hal+json', async () => {
    const reply = await rawRequest(Number(new URL(api.url).port), 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(reply.status).to.equal(200);
    expect(reply.headers['content-type']).to.equal('application/hal+json; charset=utf-8');
  });

  it('when only plain JSON is accepted, then the same body comes as application/json', async () => {
    const reply = await rootAs('application/json');
    expect(reply.contentType).to.equal('application/json; charset=utf-8');
    expect(reply.body._links.self.href).to.equal('/');
  });

  it('when the Accept header allows nothing the resource is offered as, then 406 problem+json and nothing is done', async () => {
    const refused = await call(api.url, 'POST', '/accounts', { json: { username: 'nadia', email: 'nadia@example.com', password: 'correct horse battery', birthDate: '1990-05-17' }, headers: { accept: 'text/html' } });
    expect(refused.status).to.equal(406);
    expect(refused.contentType).to.equal('application/problem+json; charset=utf-8');
    expect(refused.headers.get('vary')).to.equal('Accept');
    expect(refused.body).to.deep.equal({
      type: `${api.url}/problems/not-acceptable`,
      title: 'Not acceptable',
      status: 406,
      detail: 'This resource can be sent as application/hal+json, application/prs.hal-forms+json, application/json; the Accept header allows none of them.',
    });
    expect((await call(api.url, 'POST', '/accounts', { json: { username: 'nadia', email: 'nadia@example.com', password: 'correct horse battery', birthDate: '1990-05-17' } })).status).to.equal(201);
  });

  it('when a HAL resource answers, then it varies by Accept, and by Authorization wherever a login is read', async () => {
    const user = await signup(api.url);
    expect((await call(api.url, 'GET', '/')).headers.get('vary')).to.equal('Accept, Authorization');
    expect((await call(api.url, 'GET', '/', { token: user.token })).headers.get('vary')).to.equal('Accept, Authorization');
    expect((await call(api.url, 'GET', '/me', { token: user.token })).headers.get('vary')).to.equal('Accept, Authorization');
    expect((await call(api.url, 'GET', '/matches')).headers.get('vary'), 'the 401 too').to.equal('Accept, Authorization');
    expect((await call(api.url, 'POST', '/sessions', { json: { username: user.username, password: user.password } })).headers.get('vary'), 'a login reads no login').to.equal('Accept');
  });

  it('when OPTIONS is asked, then it is answered whatever Accept says', async () => {
    const reply = await call(api.url, 'OPTIONS', '/me', { headers: { accept: 'text/html' } });
    expect(reply.status).to.equal(204);
  });
});
