import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContentError } from '../lib/content/contentError';
import { readFrontMatter } from '../lib/content/frontMatter';

test('front matter and body, with the body\'s first file line', () => {
  const read = readFrontMatter('\uFEFF---\r\ntitle: T\r\nminutes: 3\r\n---\r\n\r\nBody\r\n', 'f.md', 'start with ---');
  assert.deepEqual([...read.fields.keys()], ['title', 'minutes']);
  assert.equal(read.fields.get('minutes')?.keyPosition.line, 3);
  assert.equal(read.closingLine, 4);
  assert.equal(read.bodyStartLine, 5);
  assert.equal(read.markdown, '\nBody\n');
});

test('no front matter, no closing line, or broken YAML: a ContentError at the line', () => {
  const error = (source: string) => {
    try {
      readFrontMatter(source, 'f.md', 'a thing must start with front matter');
    } catch (e) {
      assert.ok(e instanceof ContentError);
      return `${e.line}: ${e.detail}`;
    }
    return assert.fail('expected a ContentError');
  };
  assert.equal(error('title: T'), '1: a thing must start with front matter');
  assert.equal(error('---\ntitle: T\n'), '1: the front matter that starts here has no closing "---" line');
  assert.match(error('---\ntitle: T\ntitle: U\n---\n'), /^3: front matter is not valid YAML/);
});
