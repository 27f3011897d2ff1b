import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonErrorText } from '../lib/practice/jsonErrorText';

const failure = (text: string) => {
  try {
    JSON.parse(text);
  } catch (error) {
    return jsonErrorText(text, error);
  }
  throw new Error('parsed');
};

test("this engine's message, without the text it quotes", () => {
  const long = `{"state": ${'x'.repeat(5000)}}`;
  const said = failure(long);
  assert.ok(!said.includes('xxxx'), said);
  assert.ok(said.length <= 120, said);
  assert.match(failure('{"state":'), /^Unexpected end of JSON input$/);
});

test('every engine\'s way of saying where becomes "at line L, column C"', () => {
  const text = '{\n  "a": 1,\n  "b": x\n}';
  const at = text.indexOf('x');
  // Older V8: a character position only.
  assert.equal(jsonErrorText(text, new SyntaxError(`Unexpected token x in JSON at position ${at}`)), 'Unexpected token x at line 3, column 8');
  // Current V8 (Chromium): both.
  assert.equal(
    jsonErrorText(text, new SyntaxError(`Expected double-quoted property name in JSON at position ${at} (line 3 column 8)`)),
    'Expected double-quoted property name at line 3, column 8',
  );
  // Firefox.
  assert.equal(jsonErrorText(text, new SyntaxError('JSON.parse: unexpected character at line 3 column 8 of the JSON data')), 'unexpected character at line 3, column 8');
  assert.equal(jsonErrorText('', 'odd'), 'odd');
});
