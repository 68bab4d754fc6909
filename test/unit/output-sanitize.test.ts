// The one terminal sanitiser: API text can never drive the terminal, whichever way it leaves.
import { describe, expect, test } from 'vitest';
import { safeJson, sanitize, sanitizeDeep, sanitizeLine } from '../../src/output/sanitize.js';

const EVIL = 'Evil\x1b]0;pwned\x07\x1b[2J';

describe('sanitize', () => {
  test.each([
    ['plain text', 'plain text'],
    [EVIL, 'Evil^[]0;pwned^G^[[2J'],
    ['bell\x07', 'bell^G'],
    ['nul\x00', 'nul^@'],
    ['over\rwrite', 'over^Mwrite'],
    ['del\x7f', 'del^?'],
    ['c1 csi \x9b2J', 'c1 csi <U+009B>2J'],
    ['next line \x85', 'next line <U+0085>'],
    ['bidi \u202eexe.txt', 'bidi <U+202E>exe.txt'],
    ['isolate \u2066x\u2069', 'isolate <U+2066>x<U+2069>'],
    ['two\nlines\tand tab', 'two\nlines\tand tab'],
    ['crlf\r\nline', 'crlf\nline'],
    ['Carol Díaz 山田 🎉', 'Carol Díaz 山田 🎉'],
  ])('%j → %j', (input, expected) => {
    expect(sanitize(input)).toBe(expected);
    // Idempotent: sanitising twice changes nothing more.
    expect(sanitize(sanitize(input))).toBe(expected);
  });

  test('sanitizeLine: one line, for picker choices', () => {
    expect(sanitizeLine('Bob\n❯ Alice\tx\r\n\x1b[2J')).toBe('Bob ❯ Alice x ^[[2J');
  });

  test('sanitizeDeep: every string, keys included, in a copy', () => {
    const raw = { name: EVIL, nested: { list: ['\x1b[31mred'] }, n: 5, ok: true, none: null, ['k\x1b']: 'v' };
    const safe = sanitizeDeep(raw);
    expect(safe).toEqual({ name: 'Evil^[]0;pwned^G^[[2J', nested: { list: ['^[[31mred'] }, n: 5, ok: true, none: null, 'k^[': 'v' });
    expect(raw.name).toBe(EVIL);
  });

  test('sanitizeDeep keeps a __proto__ key as data', () => {
    const safe = sanitizeDeep(JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(safe)).toEqual(['__proto__']);
  });
});

describe('safeJson', () => {
  test.each([
    [{ name: EVIL }, '{"name":"Evil\\u001b]0;pwned\\u0007\\u001b[2J"}'],
    [{ c1: '\x9b2J', bidi: '\u202e', del: '\x7f' }, '{"c1":"\\u009b2J","bidi":"\\u202e","del":"\\u007f"}'],
    [{ ok: 'Díaz 🎉' }, '{"ok":"Díaz 🎉"}'],
  ])('%j', (value, expected) => {
    const text = safeJson(value);
    expect(text).toBe(expected);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202a-\u202e]/);
  });
});
