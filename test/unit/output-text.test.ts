import { expect, test } from 'vitest';
import { displayWidth, oneLine, stripAnsi } from '../../src/output/text.js';

test.each([
  ['', 0],
  ['abc', 3],
  ['\x1b[32msucceeded\x1b[39m', 9],
  ['山田', 4],
  ['ｶﾀｶﾅ', 4], // half-width katakana is narrow
  ['ＡＢ', 4], // full-width Latin is wide
  ['한국', 4],
  ['e\u0301', 1], // combining accent
  ['🎉', 2],
  ['…', 1],
])('displayWidth %j → %d', (s, w) => {
  expect(displayWidth(s)).toBe(w);
});

test.each([
  ['a\nb', 'a b'],
  ['a\r\nb', 'a b'],
  ['a\tb', 'a b'],
  ['plain', 'plain'],
])('oneLine %j → %j', (s, expected) => {
  expect(oneLine(s)).toBe(expected);
});

test('stripAnsi', () => {
  expect(stripAnsi('\x1b[1mID\x1b[22m \x1b[2;33mx\x1b[0m')).toBe('ID x');
});
