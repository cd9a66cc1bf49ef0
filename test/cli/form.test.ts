import { expect } from 'chai';
import { asDefault, choicesHint, choicesOf, parseAnswer, splitList } from '../../cli/form.js';

describe('form values from template properties', () => {
  it('when a list is typed, then it is split on commas, trimmed and blanks dropped', () => {
    expect(splitList(' a, b ,,c ')).to.deep.equal(['a', 'b', 'c']);
    expect(splitList('')).to.deep.equal([]);
  });

  it('when a tag list breaks a limit, then the answer names the limit', () => {
    const prop = { name: 'hobbies', multiple: true, maxItems: 2, minLength: 1, maxLength: 5, regex: '^[^,]+$' };
    expect(parseAnswer(prop, 'a,b,c')).to.deep.equal({ ok: false, message: 'at most 2 items' });
    expect(parseAnswer(prop, 'toolong')).to.deep.equal({ ok: false, message: '"toolong" may have at most 5 characters' });
    expect(parseAnswer(prop, 'Hike, hike')).to.deep.equal({ ok: true, value: ['hike'] });
  });

  it('when a number is typed, then it is checked against min and max', () => {
    const prop = { name: 'friendRadius', type: 'number', min: 1, max: 500 };
    expect(parseAnswer(prop, '25')).to.deep.equal({ ok: true, value: 25 });
    expect(parseAnswer(prop, '0')).to.deep.equal({ ok: false, message: 'must be at least 1' });
    expect(parseAnswer(prop, '')).to.deep.equal({ ok: false, message: 'must be a number' });
  });

  it('when a checkbox is answered, then yes/no words become a boolean and anything else is asked again; its value shows as yes or no', () => {
    const prop = { name: 'mutualRadius', type: 'checkbox' };
    for (const word of ['y', 'Yes', 'true', 'ON']) expect(parseAnswer(prop, word), word).to.deep.equal({ ok: true, value: true });
    for (const word of ['n', 'NO', 'false', 'off ']) expect(parseAnswer(prop, word), word).to.deep.equal({ ok: true, value: false });
    expect(parseAnswer(prop, 'maybe')).to.deep.equal({ ok: false, message: 'answer yes or no' });
    expect(asDefault({ ...prop, value: true })).to.equal('yes');
    expect(asDefault({ ...prop, value: false })).to.equal('no');
  });

  it('when a date is typed, then it must be a day that exists, written YYYY-MM-DD', () => {
    const prop = { name: 'birthDate', type: 'date', required: true, regex: '^\\d{4}-\\d{2}-\\d{2}$' };
    expect(parseAnswer(prop, ' 1990-05-17 ')).to.deep.equal({ ok: true, value: '1990-05-17' });
    expect(parseAnswer(prop, '2000-02-29')).to.deep.equal({ ok: true, value: '2000-02-29' });
    for (const wrong of ['1990-02-29', '1990-04-31', '1990-13-01', '17/05/1990']) {
      expect(parseAnswer(prop, wrong), wrong).to.deep.equal({ ok: false, message: 'must be a real date written YYYY-MM-DD' });
    }
  });

  it('when a property has HAL-FORMS options, then a choice is typed by its number, value or prompt, and anything else names the choices', () => {
    const prop = { name: 'reason', required: true, options: { inline: ['spam', { prompt: 'Fake profile', value: 'fake profile' }], maxItems: 1 } };
    expect(choicesOf(prop)).to.deep.equal([{ prompt: 'spam', value: 'spam' }, { prompt: 'Fake profile', value: 'fake profile' }]);
    expect(choicesHint(choicesOf(prop)!)).to.equal('1 spam, 2 Fake profile');
    expect(parseAnswer(prop, ' 2 ')).to.deep.equal({ ok: true, value: 'fake profile' });
    expect(parseAnswer(prop, 'SPAM')).to.deep.equal({ ok: true, value: 'spam' });
    expect(parseAnswer(prop, 'fake PROFILE')).to.deep.equal({ ok: true, value: 'fake profile' });
    for (const raw of ['3', '0', 'rude', '']) expect(parseAnswer(prop, raw), raw).to.deep.equal({ ok: false, message: 'must be one of: spam, fake profile' });
    expect(parseAnswer({ ...prop, required: false }, '')).to.deep.equal({ ok: true, value: undefined });
    expect(choicesOf({ name: 'bio' })).to.equal(undefined);
  });

  it('when text is typed, then length, regex and email shape are checked', () => {
    expect(parseAnswer({ name: 'zipCode', regex: '^[0-9]{5}$' }, '1234')).to.deep.equal({ ok: false, message: 'must match ^[0-9]{5}$' });
    expect(parseAnswer({ name: 'username', minLength: 3 }, 'ab')).to.deep.equal({ ok: false, message: 'needs at least 3 characters' });
    expect(parseAnswer({ name: 'email', type: 'email' }, 'nope')).to.deep.equal({ ok: false, message: 'must be an email address' });
    expect(parseAnswer({ name: 'bio', maxLength: 500 }, '')).to.deep.equal({ ok: true, value: '' });
  });

  it('when a regex is one JavaScript cannot read, then it is left to the server', () => {
    expect(parseAnswer({ name: 'x', regex: '(?<' }, 'anything')).to.deep.equal({ ok: true, value: 'anything' });
  });

  it('when a current value is shown as a default, then lists are joined and null is no default', () => {
    expect(asDefault({ name: 'hobbies', value: ['a', 'b'] })).to.equal('a, b');
    expect(asDefault({ name: 'friendRadius', value: 25 })).to.equal('25');
    expect(asDefault({ name: 'zipCode', value: null })).to.equal(undefined);
  });
});
