import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { completeProfile, signup, type TestUser } from '../../helpers/factories.js';
import { services } from '../../helpers/services.js';
import { EMOJI_SEQUENCES, INVISIBLE, INVISIBLE_MESSAGE, STRAY_JOINERS } from '../../helpers/text.js';

describe('profile (me)', () => {
  let api: TestApi;
  let user: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (user = await signup(api.url)));

  const edit = (json: unknown, token = user.token) => call(api.url, 'PATCH', '/me', { token, json });

  it('when new, is incomplete and says what is missing, with self, edit and delete', async () => {
    const reply = await call(api.url, 'GET', '/me', { token: user.token });
    expect(reply.status).to.equal(200);
    expect(reply.body).to.deep.include({ bio: '', hobbies: [], interests: [], zipCode: null, friendRadius: null, complete: false });
    expect(reply.body.missing).to.deep.equal(['hobbies', 'interests', 'zipCode', 'friendRadius']);
    expect(reply.body._links).to.deep.equal({ self: { href: '/me' }, photos: { href: '/me/photos' }, blocks: { href: '/me/blocks' } });
    expect(Object.keys(reply.body._templates)).to.deep.equal(['edit', 'delete', 'snooze']);
  });

  it('when edited with every field, becomes complete and normalises the tags', async () => {
    const reply = await edit({ ...completeProfile, hobbies: ['  Hiking ', 'hiking', 'Board   Games'], interests: ['JAZZ'] });
    expect(reply.status).to.equal(200);
    expect(reply.body).to.deep.include({ hobbies: ['hiking', 'board games'], interests: ['jazz'], zipCode: '10001', friendRadius: 25, complete: true });
    expect(reply.body.missing).to.deep.equal([]);
    const again = await call(api.url, 'GET', '/me', { token: user.token });
    expect(again.body.hobbies).to.deep.equal(['hiking', 'board games']);
  });

  it('when edited partly, changes only what was sent', async () => {
    await edit(completeProfile);
    const reply = await edit({ friendRadius: 50 });
    expect(reply.body).to.deep.include({ friendRadius: 50, zipCode: '10001', bio: completeProfile.bio });
  });

  it('describes its edit template with the real field names and limits', async () => {
    await edit(completeProfile);
    const { body } = await call(api.url, 'GET', '/me', { token: user.token });
    const props = Object.fromEntries(body._templates.edit.properties.map((p: { name: string }) => [p.name, p]));
    expect(body._templates.edit).to.include({ method: 'PATCH', target: '/me', contentType: 'application/json' });
    expect(Object.keys(props)).to.deep.equal(['email', 'bio', 'hobbies', 'interests', 'zipCode', 'friendRadius', 'minAge', 'maxAge', 'mutualRadius', 'readReceipts', 'prompts']);
    expect(props.bio).to.include({ type: 'textarea', maxLength: 500, required: false });
    expect(props.hobbies).to.deep.include({ multiple: true, maxItems: 10, maxLength: 30, minLength: 1, value: ['hiking', 'board games'] });
    expect(props.zipCode).to.include({ regex: '^[0-9]{5}$', value: '10001' });
    expect(props.friendRadius).to.include({ type: 'number', step: 1, min: 1, max: 500, value: 25 });
    expect(body._templates.delete.properties).to.deep.equal([{ name: 'password', required: true, type: 'password', prompt: 'Your password, to confirm', minLength: 1, maxLength: 1024 }]);
  });

  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ['a 501-character bio', { bio: 'x'.repeat(501) }, 'bio'],
    ['a bio with a control character', { bio: 'hi\u0007there' }, 'bio'],
    ['a bio with a C1 control character', { bio: 'x\u009b31mred' }, 'bio'],
    ['a bio with half a surrogate pair', { bio: 'broken \ud800' }, 'bio'],
    ['a tag with half a surrogate pair', { hobbies: ['\udc00'] }, 'hobbies.0'],
    ['11 hobbies', { hobbies: Array.from({ length: 11 }, (_, i) => `h${i}`) }, 'hobbies'],
    ['a 31-character interest', { interests: ['x'.repeat(31)] }, 'interests.0'],
    ['an empty tag', { hobbies: ['  '] }, 'hobbies.0'],
    ['a tag with a comma', { hobbies: ['a,b'] }, 'hobbies.0'],
    ['hobbies as a string', { hobbies: 'hiking' }, 'hobbies'],
    ['a 4-digit ZIP', { zipCode: '1234' }, 'zipCode'],
    ['a ZIP that does not exist', { zipCode: '00000' }, 'zipCode'],
    ['a radius of 0', { friendRadius: 0 }, 'friendRadius'],
    ['a radius of 501', { friendRadius: 501 }, 'friendRadius'],
    ['a radius of 2.5', { friendRadius: 2.5 }, 'friendRadius'],
    ['a radius as a string', { friendRadius: '25' }, 'friendRadius'],
    ['an invalid email', { email: 'nope' }, 'email'],
    ['a minAge of 17', { minAge: 17 }, 'minAge'],
    ['a maxAge of 100', { maxAge: 100 }, 'maxAge'],
    ['a minAge of 30.5', { minAge: 30.5 }, 'minAge'],
    ['a maxAge as a string', { maxAge: '40' }, 'maxAge'],
    ['mutualRadius as a string', { mutualRadius: 'yes' }, 'mutualRadius'],
  ];
  for (const [what, json, field] of invalid) {
    it(`when given ${what}, answers 422 naming ${field} and changes nothing`, async () => {
      const reply = await edit({ bio: 'changed?', ...json });
      expect(reply.status).to.equal(422);
      expect(reply.body.errors.map((e: { field: string }) => e.field)).to.deep.equal([field]);
      expect((await call(api.url, 'GET', '/me', { token: user.token })).body.bio).to.equal('');
    });
  }

  describe('text that lies on a terminal', () => {
    const refused = async (json: Record<string, unknown>, field: string) => {
      const reply = await edit(json);
      expect(reply.status, JSON.stringify(json)).to.equal(422);
      expect(reply.body.errors.map((e: { field: string }) => e.field), JSON.stringify(json)).to.deep.equal([field]);
      expect(reply.body.errors[0].message).to.match(INVISIBLE_MESSAGE);
    };

    for (const [name, char] of INVISIBLE) {
      it(`when a bio, a hobby or an interest hides a ${name}, then 422 naming that field and nothing changes`, async () => {
        await refused({ bio: `nice${char} person` }, 'bio');
        await refused({ hobbies: [`che${char}ss`] }, 'hobbies.0');
        await refused({ interests: ['jazz', `${char}cooking`] }, 'interests.1');
        const me = await call(api.url, 'GET', '/me', { token: user.token });
        expect(me.body).to.deep.include({ bio: '', hobbies: [], interests: [] });
      });
    }

    it('when a zero-width joiner is not between two emoji, then 422 naming the field', async () => {
      for (const text of STRAY_JOINERS) {
        await refused({ bio: `x ${text} y` }, 'bio');
        await refused({ hobbies: [text] }, 'hobbies.0');
      }
    });

    it('when emoji are joined by zero-width joiners (families, flags, skin tones), then they are kept as sent', async () => {
      const bio = `family ${EMOJI_SEQUENCES.join(' and ')}`;
      const reply = await edit({ bio, hobbies: EMOJI_SEQUENCES, interests: [`${EMOJI_SEQUENCES[1]} parades`] });
      expect(reply.status, reply.text).to.equal(200);
      expect(reply.body).to.deep.include({ bio, hobbies: EMOJI_SEQUENCES, interests: [`${EMOJI_SEQUENCES[1]} parades`] });
    });

    it('when tags differ only in width or styling, then NFKC makes them one tag', async () => {
      const reply = await edit({ hobbies: ['Ｃｈｅｓｓ', 'chess', 'ＢＯＡＲＤ　ＧＡＭＥＳ', 'board games', 'ﬁshing'], interests: ['jazz'] });
      expect(reply.status, reply.text).to.equal(200);
      expect(reply.body.hobbies).to.deep.equal(['chess', 'board games', 'fishing']);
    });
  });

  it('when given fields that are not editable, refuses them all and writes nothing (no mass assignment)', async () => {
    const reply = await edit({ bio: 'sneaky', id: '00000000-0000-4000-8000-000000000000', username: 'root', passwordHash: 'x', password_hash: 'x', createdAt: '2000-01-01' });
    expect(reply.status).to.equal(422);
    expect(reply.body.errors.map((e: { field: string }) => e.field).sort()).to.deep.equal(['createdAt', 'id', 'passwordHash', 'password_hash', 'username']);
    const [row] = (await services.get().sequelize.query('SELECT username, bio FROM users WHERE username = $1', { bind: [user.username] }))[0] as Array<{ username: string; bio: string }>;
    expect(row).to.deep.equal({ username: user.username, bio: '' });
  });

  it('when the email is changed to one already registered, answers 409', async () => {
    const other = await signup(api.url);
    const reply = await edit({ email: other.email.toUpperCase() });
    expect(reply.status).to.equal(409);
    expect(reply.body.errors).to.deep.equal([{ field: 'email', message: 'is already registered' }]);
  });

  it('when the body is not JSON, answers 415', async () => {
    const reply = await call(api.url, 'PATCH', '/me', { token: user.token, body: 'bio=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(reply.status).to.equal(415);
  });

  describe('delete (the account)', () => {
    it('when the password is wrong, answers 422 naming password and keeps the account', async () => {
      const reply = await call(api.url, 'DELETE', '/me', { token: user.token, json: { password: 'not it at all' } });
      expect(reply.status).to.equal(422);
      expect(reply.body.errors).to.deep.equal([{ field: 'password', message: 'does not match your password' }]);
      expect((await call(api.url, 'GET', '/me', { token: user.token })).status).to.equal(200);
    });

    it('when the password is right, deletes the account, its sessions, and frees the name', async () => {
      expect((await call(api.url, 'DELETE', '/me', { token: user.token, json: { password: user.password } })).status).to.equal(204);
      const [rows] = await services.get().sequelize.query('SELECT count(*)::int AS n FROM sessions');
      expect(rows).to.deep.equal([{ n: 0 }]);
      const login = await call(api.url, 'POST', '/sessions', { json: { username: user.username, password: user.password } });
      expect(login.status).to.equal(401);
      expect((await signup(api.url, { username: user.username })).username).to.equal(user.username);
    });

    it('when anonymous, answers 401', async () => {
      expect((await call(api.url, 'DELETE', '/me', { json: { password: 'x' } })).status).to.equal(401);
    });
  });
});
