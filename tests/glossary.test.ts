import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { ContentError, ContentProblemList, type ContentProblem } from '../lib/content/contentError';
import { buildGlossary } from '../lib/content/glossary';
import { findGlossaryMarks, glossarySlug, showsTerm, type GlossaryIndex } from '../lib/content/glossaryTerms';
import { parseLessonSource, type Lesson } from '../lib/content/lessonSource';
import { renderLesson } from '../lib/content/loadLessons';
import { parseLessonMarkdown, renderLessonMarkdown } from '../lib/content/renderLesson';

/**
 * A lesson file: front matter on lines 1–7 (`glossary:` on 7), then the `glossary` lines
 * (8, 9, …; none writes `glossary: {}`), the closing "---", then `body`.
 */
function lessonSource(slug: string, order: number, glossary: readonly string[], body: readonly string[]): string {
  return ['---', `title: Lesson ${slug}`, `slug: ${slug}`, `order: ${order}`, 'summary: For tests.', 'minutes: 5', glossary.length > 0 ? 'glossary:' : 'glossary: {}', ...glossary, '---', ...body].join('\n');
}

function lesson(slug: string, order: number, glossary: readonly string[], body: readonly string[]): Lesson {
  return parseLessonSource(lessonSource(slug, order, glossary, body), `${slug}.md`);
}

function errorOf(action: () => unknown): ContentError {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof ContentError, `expected a ContentError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ContentError, nothing was thrown');
}

async function asyncErrorOf(action: () => Promise<unknown>): Promise<ContentError> {
  try {
    await action();
  } catch (error) {
    assert.ok(error instanceof ContentError, `expected a ContentError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ContentError, nothing was thrown');
}

function assertProblem(problems: readonly ContentProblem[], file: string, line: number, part: string): void {
  const found = problems.some((p) => p.file === file && p.line === line && p.detail.includes(part));
  assert.ok(found, `expected ${file}:${line} with "${part}"; got:\n${problems.map((p) => `${p.file}:${p.line}: ${p.detail}`).join('\n')}`);
}

function elements(node: Root | Element, tagName: string): Element[] {
  const found: Element[] = [];
  const walk = (children: (RootContent | ElementContent)[]) => {
    for (const child of children) {
      if (child.type !== 'element') continue;
      if (child.tagName === tagName) found.push(child);
      walk(child.children);
    }
  };
  walk(node.children);
  return found;
}

function textOf(node: Element | Root): string {
  return node.children.map((c) => (c.type === 'text' ? c.value : c.type === 'element' ? textOf(c) : '')).join('');
}

/** Each link of the tree as { href, id, classes, text }. */
function links(tree: Root) {
  return elements(tree, 'a').map((a) => ({
    href: String(a.properties.href),
    id: a.properties.id === undefined ? undefined : String(a.properties.id),
    classes: (a.properties.className as string[] | undefined) ?? [],
    text: textOf(a),
  }));
}

const INDEX: GlossaryIndex = {
  definedIn: new Map([
    ['query', 'lesson-one'],
    ['scaled dot-product attention', 'lesson-one'],
  ]),
};

describe('glossary: front matter', () => {
  test('a mapping of term: definition, trimmed; absent means none', () => {
    const l = lesson('lesson-one', 1, ['  query: The vector a token asks with.  ', '  scaled dot-product attention: Scores divided by √d.'], ['Text.']);
    assert.deepEqual(l.frontMatter.glossary, { query: 'The vector a token asks with.', 'scaled dot-product attention': 'Scores divided by √d.' });
    assert.deepEqual(l.frontMatterPositions.glossary, { line: 7, column: 1 });
    const without = parseLessonSource(['---', 'title: T', 'slug: t', 'order: 1', 'summary: S.', 'minutes: 5', '---', 'Body.'].join('\n'), 't.md');
    assert.deepEqual(without.frontMatter.glossary, {});
  });

  test('bad shapes are reported at the "glossary:" line', () => {
    const bad = (glossaryLine: string, rest: string[] = []) => {
      const source = ['---', 'title: T', 'slug: t', 'order: 1', 'summary: S.', 'minutes: 5', glossaryLine, ...rest, '---', 'Body.'].join('\n');
      return errorOf(() => parseLessonSource(source, 't.md'));
    };
    const cases: [string, string[], string][] = [
      ['glossary: [query, key]', [], '"glossary" must be a mapping of term: definition'],
      ['glossary: query', [], '"glossary" must be a mapping of term: definition'],
      ['glossary:', [], '"glossary" must be a mapping of term: definition'],
      ['glossary:', ['  query:'], 'glossary term "query" needs a definition'],
      ['glossary:', ['  query: 3'], 'glossary term "query" needs a definition'],
      ['glossary:', ['  query:', '    nested: map'], 'glossary term "query" needs a definition'],
      ['glossary:', [`  query: ${'x'.repeat(401)}`], 'needs a definition of 1 to 400 characters'],
      ['glossary:', ['  "a|b": Pipes would break [[shown|term]].'], 'glossary term "a|b" must be 1 to 60 characters without "|" or "]"'],
      ['glossary:', [`  ${'t'.repeat(61)}: Too long.`], 'must be 1 to 60 characters'],
      ['glossary:', ['  Query: One.', '  query: Two.'], 'glossary lists "query" twice'],
    ];
    for (const [line, rest, part] of cases) {
      const error = bad(line, rest);
      assertProblem(error.problems, 't.md', 7, part);
      assert.equal(error.problems.length, 1, `${line} ${rest.join(' ')}:\n${error.message}`);
    }
  });
});

describe('glossary marks become links', () => {
  const render = (body: string, ownTerms: string[] = [], index: GlossaryIndex | null = INDEX) =>
    renderLessonMarkdown(body, { file: 'lesson-one.md', bodyStartLine: 11 }, { glossary: index, ownTerms: new Set(ownTerms) });

  test('[[term]] and [[shown|term]] link to /glossary/#glossary-<slug>; the first own mark gets id term-<slug>', async () => {
    const { tree } = await render(
      'A [[query]] asks; more [[queries|query]] ask too.\n\nThen [[Scaled dot-product attention]] and [[scaled dot-product attention]] again.',
      ['query', 'scaled dot-product attention'],
    );
    assert.deepEqual(links(tree), [
      { href: '/glossary/#glossary-query', id: 'term-query', classes: ['glossary-term'], text: 'query' },
      { href: '/glossary/#glossary-query', id: undefined, classes: ['glossary-term'], text: 'queries' },
      // "Scaled dot-product attention" lower-cased and slugged: spaces → hyphens.
      { href: '/glossary/#glossary-scaled-dot-product-attention', id: 'term-scaled-dot-product-attention', classes: ['glossary-term'], text: 'Scaled dot-product attention' },
      { href: '/glossary/#glossary-scaled-dot-product-attention', id: undefined, classes: ['glossary-term'], text: 'scaled dot-product attention' },
    ]);
    assert.equal(textOf(elements(tree, 'p')[0]), 'A query asks; more queries ask too.', 'the brackets are gone, the shown words stay');
  });

  test('in a lesson that does not define the term, marks link without an anchor', async () => {
    const { tree } = await render('Uses [[query]].', []);
    assert.deepEqual(links(tree), [{ href: '/glossary/#glossary-query', id: undefined, classes: ['glossary-term'], text: 'query' }]);
  });

  test('marks inside code and math are left as written', async () => {
    const { tree } = await render('Inline `[[query]]` here, math $[[x]]$ there.\n\n```python\nq = "[[query]]"\n```\n', ['query']);
    assert.deepEqual(links(tree), []);
    const code = elements(tree, 'code').map(textOf);
    assert.ok(code.includes('[[query]]'), `inline code keeps the mark: ${JSON.stringify(code)}`);
    assert.ok(code.some((c) => c.includes('q = "[[query]]"')), `the code block keeps the mark: ${JSON.stringify(code)}`);
    // [[x]] is no glossary term: had the math been scanned, it would be an error.
  });

  test('a mark of an undefined term is an error at its own line', async () => {
    // Body line 1 is file line 11: the mark is on body line 4 (second line of the paragraph) = 14.
    const error = await asyncErrorOf(() => render('Fine [[query]].\n\nA paragraph whose\nsecond line marks [[qeury]].'));
    assert.deepEqual(
      error.problems.map((p) => `${p.file}:${p.line}: ${p.detail}`),
      ['lesson-one.md:14: glossary term "qeury" is marked but no lesson defines it in its "glossary:" front matter'],
    );
  });

  test('without an index, marks link unchecked', async () => {
    const { tree } = await render('Some [[unknown thing]].', [], null);
    assert.deepEqual(links(tree), [{ href: '/glossary/#glossary-unknown-thing', id: undefined, classes: ['glossary-term'], text: 'unknown thing' }]);
  });

  test('with definitions, each mark carries its definition as a tooltip that describes the link', async () => {
    const withDefinitions: GlossaryIndex = { ...INDEX, definitions: new Map([['query', { term: 'query', definition: 'The vector a token asks with.' }]]) };
    const { tree } = await render('A [[query]] asks; [[queries|query]] ask.', ['query'], withDefinitions);
    const marks = elements(tree, 'span').filter((s) => (s.properties.className as string[] | undefined)?.includes('glossary-mark'));
    assert.equal(marks.length, 2);
    const ids = new Set<string>();
    for (const mark of marks) {
      const [link, tip] = mark.children as Element[];
      assert.equal(link.tagName, 'a');
      assert.equal(link.properties.title, undefined, 'no "Glossary: term" title any more');
      assert.equal(tip.properties.role, 'tooltip');
      assert.deepEqual(link.properties.ariaDescribedBy, [tip.properties.id], 'the link is described by its tooltip');
      assert.equal(textOf(tip), 'query: The vector a token asks with.');
      ids.add(String(tip.properties.id));
    }
    assert.equal(ids.size, 2, 'each tooltip has its own id');
    assert.equal(links(tree)[0].id, 'term-query', 'the first-use anchor stays on the link');
  });

  test('renderLesson gives a lesson its own terms', async () => {
    const l = lesson('lesson-one', 1, ['  Query: The vector a token asks with.'], ['A [[query]] asks.']);
    const { tree } = await renderLesson(l, INDEX);
    assert.equal(links(tree)[0]?.id, 'term-query', 'own term matched ignoring case');
  });
});

describe('findGlossaryMarks', () => {
  test('each mark with its term, shown words and file line; code is skipped', () => {
    const marks = findGlossaryMarks(parseLessonMarkdown('One [[query]].\n\n- a [[keys|key]] and\n  [[value]]\n\n`[[code]]`'), { file: 'x.md', bodyStartLine: 20 });
    assert.deepEqual(marks, [
      { term: 'query', shown: 'query', line: 20 },
      { term: 'key', shown: 'keys', line: 22 },
      { term: 'value', shown: 'value', line: 23 },
    ]);
  });

  test('glossarySlug lower-cases and hyphenates', () => {
    assert.equal(glossarySlug(' Scaled Dot-Product Attention '), 'scaled-dot-product-attention');
    assert.equal(glossarySlug('KV cache'), 'kv-cache');
  });
});

describe('buildGlossary', () => {
  // Lesson one: glossary on 7, terms on 8–9, closing "---" on 10, body from 11.
  const one = () => lesson('lesson-one', 1, ['  query: Asks.', '  Key: Is asked.'], ['A [[query]] and a [[key]].']);

  test('entries sorted by term ignoring case, with slug and lesson; the index maps terms to lessons', () => {
    const two = lesson('lesson-two', 2, ['  attention: Weighted mixing.'], ['[[Attention]] mixes; a [[query]] again.']);
    const problems = new ContentProblemList();
    const { entries, index } = buildGlossary([one(), two], problems);
    assert.deepEqual(problems.problems, []);
    assert.deepEqual(entries, [
      { term: 'attention', definition: 'Weighted mixing.', slug: 'attention', lessonSlug: 'lesson-two', lessonTitle: 'Lesson lesson-two' },
      { term: 'Key', definition: 'Is asked.', slug: 'key', lessonSlug: 'lesson-one', lessonTitle: 'Lesson lesson-one' },
      { term: 'query', definition: 'Asks.', slug: 'query', lessonSlug: 'lesson-one', lessonTitle: 'Lesson lesson-one' },
    ]);
    assert.deepEqual([...index.definedIn], [
      ['query', 'lesson-one'],
      ['key', 'lesson-one'],
      ['attention', 'lesson-two'],
    ]);
  });

  test('a term never marked in its own lesson is an error (marks in code or in other lessons do not count)', () => {
    const l = lesson('lesson-one', 1, ['  query: Asks.', '  key: Is asked.'], ['A [[query]]; `[[key]]` in code only.']);
    const other = lesson('lesson-two', 2, [], ['A [[key]] here.']);
    const problems = new ContentProblemList();
    buildGlossary([l, other], problems);
    assert.equal(problems.problems.length, 1, JSON.stringify(problems.problems));
    assertProblem(problems.problems, 'lesson-one.md', 7, 'glossary term "key" is never marked in this lesson: write [[key]]');
  });

  test('the first mark of a term must show the term: the glossary\'s "first used in" link lands there', () => {
    // One term on line 8, so the body starts on line 10; the later [[logits|logit]] does not help.
    const l = lesson('lesson-one', 1, ['  logit: A score fed into a softmax.'], ['[[Scores|logit]] are not weights; [[logits|logit]] are scores.']);
    const problems = new ContentProblemList();
    const { index } = buildGlossary([l], problems);
    assert.equal(problems.problems.length, 1, JSON.stringify(problems.problems));
    assertProblem(problems.problems, 'lesson-one.md', 10, 'the first mark of glossary term "logit" shows "Scores"');
    assert.deepEqual(index.definitions?.get('logit'), { term: 'logit', definition: 'A score fed into a softmax.' });
    const fine = lesson('lesson-one', 1, ['  logit: A score fed into a softmax.'], ['These scores, the [[logits|logit]], are not weights.']);
    const none = new ContentProblemList();
    buildGlossary([fine], none);
    assert.deepEqual(none.problems, []);
  });

  test('showsTerm allows inflection but not other words', () => {
    assert.ok(showsTerm('logits', 'logit'));
    assert.ok(showsTerm('projection matrices', 'projection matrix'));
    assert.ok(showsTerm('saturated', 'saturation'));
    assert.ok(showsTerm('Scaled dot-product attention', 'scaled dot-product attention'));
    assert.ok(!showsTerm('Scores', 'logit'));
    assert.ok(!showsTerm('weights', 'attention'));
  });

  test('a term defined by two lessons is an error in the second, even with other capitals', () => {
    const two = lesson('lesson-two', 2, ['  QUERY: Asks again.'], ['A [[QUERY]].']);
    const problems = new ContentProblemList();
    const { entries } = buildGlossary([one(), two], problems);
    assert.equal(problems.problems.length, 1, JSON.stringify(problems.problems));
    assertProblem(problems.problems, 'lesson-two.md', 7, 'glossary term "QUERY" is already defined by the lesson "lesson-one"');
    assert.equal(entries.filter((e) => e.slug === 'query').length, 1, 'one entry per term');
  });
});
