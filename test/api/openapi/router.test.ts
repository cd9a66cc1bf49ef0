import { expect } from 'chai';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { signup } from '../../helpers/factories.js';
import { services } from '../../helpers/services.js';

// A value of the right shape for each path parameter, so each path reaches its route.
const SAMPLES: Record<string, string> = { username: 'someone', id: '00000000-0000-4000-8000-000000000000', photoId: '00000000-0000-4000-8000-000000000001', messageId: '1', slug: 'validation' };

describe('openapi: the service description', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const description = async (): Promise<any> => (await call(api.url, 'GET', '/openapi.json', { headers: { accept: 'application/json' } })).body;

  it('when fetched, then it is an OpenAPI 3.1 document a validator accepts', async () => {
    const validator = new Validator();
    const result = await validator.validate(await description());
    expect(result.errors).to.equal(undefined);
    expect(result.valid).to.equal(true);
    expect(validator.version).to.equal('3.1');
  });

  it('when asked for any type, then it comes as application/vnd.oai.openapi+json; as application/json if only that is acceptable; else 406', async () => {
    const any = await call(api.url, 'GET', '/openapi.json', { headers: { accept: '*/*' } });
    expect(any.contentType).to.equal('application/vnd.oai.openapi+json; version=3.1; charset=utf-8');
    expect(JSON.parse(any.text).openapi).to.equal('3.1.0');
    expect((await call(api.url, 'GET', '/openapi.json', { headers: { accept: 'application/json' } })).contentType).to.equal('application/json; charset=utf-8');
    expect((await call(api.url, 'GET', '/openapi.json', { headers: { accept: 'text/html' } })).status).to.equal(406);
  });

  it('when the root is read, anonymous or logged in, then it links the description as service-desc, in _links and in a Link header', async () => {
    const user = await signup(api.url);
    for (const token of [undefined, user.token]) {
      const root = await call(api.url, 'GET', '/', { token });
      expect(root.body._links['service-desc']).to.deep.equal({ href: '/openapi.json' });
      expect(root.headers.get('link')).to.equal('</openapi.json>; rel="service-desc"; type="application/vnd.oai.openapi+json;version=3.1"');
    }
  });

  it('when a request body is described, then it is the schema the template is built from: the same fields, limits and required ones', async () => {
    const user = await signup(api.url);
    // The edit template offers a birth date only while it is missing, as for an account made before
    // dates were asked for: then it has every field the description names.
    await services.get().sequelize.query('UPDATE users SET birth_date = NULL WHERE username = $1', { bind: [user.username] });
    const doc = await description();
    const pairs: Array<[string, string, unknown]> = [
      ['/accounts', 'post', (await call(api.url, 'GET', '/')).body._templates.signup],
      ['/me', 'patch', (await call(api.url, 'GET', '/me', { token: user.token })).body._templates.edit],
      ['/matches/{id}/messages', 'post', undefined],
    ];
    for (const [path, method, template] of pairs) {
      const schema = doc.paths[path][method].requestBody.content['application/json'].schema;
      expect(schema.additionalProperties, path).to.equal(false);
      if (!template) continue;
      const properties = (template as { properties: Array<{ name: string; required: boolean; maxLength?: number; min?: number; max?: number }> }).properties;
      expect(Object.keys(schema.properties), path).to.deep.equal(properties.map((p) => p.name));
      expect(schema.required ?? [], path).to.deep.equal(properties.filter((p) => p.required).map((p) => p.name));
      for (const p of properties) {
        const s = schema.properties[p.name].items ?? schema.properties[p.name];
        if (p.maxLength !== undefined) expect(s.maxLength, `${path} ${p.name}`).to.equal(p.maxLength);
        if (p.max !== undefined) expect(s.maximum, `${path} ${p.name}`).to.equal(p.max);
      }
    }
    expect(doc.paths['/accounts'].post.requestBody.content['application/json'].schema.properties.password).to.include({ format: 'password', minLength: 8, maxLength: 72 });
  });

  it('when each described path is asked what it takes (OPTIONS), then it answers with exactly the described methods', async () => {
    const doc = await description();
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLES[name]!);
      const reply = await call(api.url, 'OPTIONS', concrete);
      expect(reply.status, path).to.equal(204);
      const methods = Object.keys(operations).map((m) => m.toUpperCase());
      const expected = [...methods.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])), 'OPTIONS'];
      expect(reply.headers.get('allow')!.split(', ').sort(), path).to.deep.equal(expected.sort());
    }
  });

  it('when an operation needs a login, then it says so and names its 401', async () => {
    const doc = await description();
    expect(doc.paths['/me'].get.security).to.deep.equal([{ bearer: [] }]);
    expect(doc.paths['/me'].get.responses).to.have.property('401');
    expect(doc.paths['/'].get.security).to.deep.equal([{}, { bearer: [] }]);
    expect(doc.paths['/accounts'].post.security).to.deep.equal([]);
    expect(doc.paths['/me'].patch.parameters).to.deep.include({ name: 'If-Match', in: 'header', required: false, description: 'The ETag read; a stale one is 412 and nothing is changed', schema: { type: 'string' } });
  });
});
