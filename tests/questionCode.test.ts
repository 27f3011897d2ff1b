/**
 * Code in questions: blocks name a known language, and in a question marked runnable, TypeScript
 * and JavaScript must parse (a reader is meant to run it).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ContentError } from '../lib/content/contentError';
import { loadQuestions } from '../lib/content/loadQuestions';

test('runnable ts and js that do not parse, and unknown languages, are reported at the fence line; valid code passes', () => {
  const dir = path.join('tests', 'fixtures', 'content', 'questions-runnable');
  try {
    loadQuestions(dir, ['self-attention']);
    assert.fail('expected a ContentError');
  } catch (error) {
    assert.ok(error instanceof ContentError, String(error));
    const found = error.problems.map((p) => `${path.basename(p.file)}:${p.line}: ${p.detail}`).sort();
    assert.deepEqual(found, [
      'code-bad-js.md:12: the js code of a runnable question does not parse: Unexpected token \';\'',
      'code-bad-ts.md:12: the ts code of a runnable question does not parse: Expression expected.',
      found.find((f) => f.startsWith('code-unknown-lang.md:12: unknown code block language "cobol"'))!,
    ]);
    assert.ok(found.some((f) => f.startsWith('code-unknown-lang.md:12: unknown code block language "cobol"')), found.join('\n'));
  }
});
