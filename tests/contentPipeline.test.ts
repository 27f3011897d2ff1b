import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element, Root, RootContent, ElementContent } from 'hast';
import {
  ContentError,
  loadLessons,
  parseLessonSource,
  renderLesson,
  renderLessonMarkdown,
  validateLessonSources,
} from '../lib/content/index';
import { EMBED_CALCULATOR_NAMES } from '../lib/content/embedRegistry';
import type { CalculatorEmbedProps } from '../lib/content/calculatorEmbed';
import { presetState } from '../lib/calculators/calculatorSpec';
import { attentionSpec } from '../lib/calculators/attentionSpec';

const FIXTURES = 'tests/fixtures/content';
const fixture = (name: string) => path.join(FIXTURES, name);
const readFixture = (name: string) => readFileSync(fixture(name), 'utf8');

/** Runs `action`, asserts it throws a ContentError, and returns it. */
async function contentErrorOf(action: () => unknown): Promise<ContentError> {
  try {
    await action();
  } catch (error) {
    assert.ok(error instanceof ContentError, `expected a ContentError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ContentError, nothing was thrown');
}

/** The problems of an error as "line: detail" strings, for compact assertions. */
function problemLines(error: ContentError): string[] {
  return error.problems.map((p) => `${p.line}: ${p.detail}`);
}

function assertHasProblem(error: ContentError, line: number, detailPart: string | RegExp): void {
  const found = error.problems.some(
    (p) => p.line === line && (typeof detailPart === 'string' ? p.detail.includes(detailPart) : detailPart.test(p.detail)),
  );
  assert.ok(found, `expected a problem at line ${line} matching ${String(detailPart)}; got:\n${error.message}`);
}

function elements(node: Root | Element): Element[] {
  const found: Element[] = [];
  const walk = (children: (RootContent | ElementContent)[]) => {
    for (const child of children) {
      if (child.type === 'element') {
        found.push(child);
        walk(child.children);
      }
    }
  };
  walk(node.children);
  return found;
}

function classesOf(element: Element): string[] {
  const value: unknown = element.properties?.className;
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : [];
}

function textsOf(node: Root | Element): string[] {
  const texts: string[] = [];
  const walk = (children: (RootContent | ElementContent)[]) => {
    for (const child of children) {
      if (child.type === 'text') texts.push(child.value);
      else if (child.type === 'element') walk(child.children);
    }
  };
  walk(node.children);
  return texts;
}

/** A lesson source with valid front matter (lines 1–7) and `body` from line 8 on. */
function lessonWith(body: string, frontMatterOverrides = ''): string {
  return [
    '---',
    'title: A lesson',
    'slug: a-lesson',
    'order: 1',
    'summary: For tests.',
    'minutes: 5',
    frontMatterOverrides || 'tags: [test]',
    '---',
    body,
  ].join('\n');
}

describe('parseLessonSource: front matter', () => {
  test('a valid lesson parses into typed front matter, body and body start line', () => {
    const lesson = parseLessonSource(readFixture('valid/scaled-dot-product-attention.md'), 'x.md');
    assert.deepEqual(lesson.frontMatter, {
      title: 'Scaled dot-product attention',
      slug: 'scaled-dot-product-attention',
      order: 2,
      summary: 'Why we divide by the square root of d, and what the softmax does.',
      prerequisites: ['what-is-attention'],
      minutes: 15,
      tags: ['attention', 'softmax'],
      glossary: {},
    });
    assert.equal(lesson.bodyStartLine, 12, 'the closing --- is line 11');
    assert.ok(lesson.markdown.includes('# Scaled dot-product attention'), 'the body keeps the Markdown');
    assert.equal(lesson.markdown.split('\n')[1], '# Scaled dot-product attention', 'body line 2 = file line 13');
  });

  test('prerequisites and tags may be left out and default to empty lists', () => {
    const lesson = parseLessonSource(readFixture('valid/what-is-attention.md'), 'x.md');
    assert.deepEqual(lesson.frontMatter.prerequisites, [], 'prerequisites default to []');
    assert.deepEqual(lesson.frontMatter.tags, [], 'tags default to []');
  });

  test('a missing field is reported at the closing --- line', async () => {
    const file = fixture('broken/missing-minutes.md');
    const error = await contentErrorOf(() => parseLessonSource(readFileSync(file, 'utf8'), file));
    assert.deepEqual(problemLines(error), ['6: front matter is missing "minutes"']);
    assert.ok(error.message.startsWith(`${file}:6: `), `message starts with file:line: — got ${error.message}`);
  });

  test('a wrong type is reported at its key line, with the exact message', async () => {
    const file = fixture('broken/minutes-ten.md');
    const error = await contentErrorOf(() => parseLessonSource(readFileSync(file, 'utf8'), file));
    assert.equal(error.message, `${file}:5: "minutes" must be a positive whole number, got "ten"`);
    assert.equal(error.line, 5, 'line of "minutes:"');
    assert.equal(error.column, 1, 'the key starts the line');
    assert.equal(error.file, file, 'the file as given');
  });

  test('slug, order, unknown keys and list items are each reported at their own line', async () => {
    const source = [
      '---', //                                 1
      'title: Many mistakes', //                2
      'slug: Not_A_Slug', //                    3
      'order: 0', //                            4
      'summary: Everything is wrong.', //       5
      'minutes: 2.5', //                        6
      'minute: 3', //                           7
      'tags:', //                               8
      '  - fine', //                            9
      '  - [nested]', //                       10
      'prerequisites: [ok-slug, Bad Slug]', // 11
      '---', //                                12
      'Body',
    ].join('\n');
    const error = await contentErrorOf(() => parseLessonSource(source, 'many.md'));
    assertHasProblem(error, 3, '"slug" must be lowercase words joined by single hyphens');
    assertHasProblem(error, 4, '"order" must be a positive whole number, got 0');
    assertHasProblem(error, 6, '"minutes" must be a positive whole number, got 2.5');
    assertHasProblem(error, 7, 'unknown key "minute"');
    assertHasProblem(error, 10, 'each item of "tags" must be text, got a list');
    assertHasProblem(error, 11, 'each item of "prerequisites" must be a lesson slug');
    assert.equal(error.problems.length, 6, `exactly these problems:\n${error.message}`);
    for (const line of error.message.split('\n')) {
      assert.match(line, /^many\.md:\d+: /, 'every message line starts with file:line:');
    }
  });

  test('wrong types of text fields and lists name what was found', async () => {
    const error = await contentErrorOf(() =>
      parseLessonSource(['---', 'title: 2024', 'slug: ok', 'order: 1', 'summary: s', 'minutes: 1', 'tags: attention', '---'].join('\n'), 'f.md'),
    );
    assertHasProblem(error, 2, '"title" must be text, got 2024');
    assertHasProblem(error, 7, '"tags" must be a list like [a, b], got "attention"');
  });

  test('a lesson cannot be its own prerequisite', async () => {
    const error = await contentErrorOf(() => parseLessonSource(lessonWith('Body', 'prerequisites: [a-lesson]'), 'self.md'));
    assertHasProblem(error, 7, 'cannot be its own prerequisite');
  });

  test('missing or unclosed front matter is reported at line 1', async () => {
    const none = await contentErrorOf(() => parseLessonSource('# Just markdown\n', 'none.md'));
    assert.ok(none.message.startsWith('none.md:1: a lesson must start with front matter'), none.message);
    const unclosed = await contentErrorOf(() => parseLessonSource('---\ntitle: x\n\nBody\n', 'open.md'));
    assert.ok(unclosed.message.startsWith('open.md:1: the front matter that starts here has no closing'), unclosed.message);
  });

  test('YAML syntax errors and duplicate keys point into the file', async () => {
    const syntax = await contentErrorOf(() =>
      parseLessonSource(['---', 'title: ok', 'slug: [unclosed', 'order: 1', '---'].join('\n'), 'syntax.md'),
    );
    assert.ok(syntax.line >= 3 && syntax.line <= 5, `a line inside the front matter, got ${syntax.line}`);
    assert.match(syntax.detail, /front matter is not valid YAML/, 'says it is a YAML problem');
    const duplicate = await contentErrorOf(() =>
      parseLessonSource(lessonWith('Body', 'title: Again'), 'dup.md'),
    );
    assertHasProblem(duplicate, 7, /not valid YAML.*unique/i);
  });

  test('Windows line endings give the same lines', async () => {
    const crlf = readFixture('broken/minutes-ten.md').replace(/\n/g, '\r\n');
    const error = await contentErrorOf(() => parseLessonSource(crlf, 'crlf.md'));
    assert.equal(error.line, 5, 'line numbers do not change with CRLF');
  });
});

describe('renderLessonMarkdown: HTML, math, code, headings', () => {
  const lessonPromise = (async () => {
    const [, lesson] = loadLessons(fixture('valid'));
    return { lesson, rendered: await renderLesson(lesson) };
  })();

  test('raw HTML is dropped: no <script>, no <div>, no script text', async () => {
    const { rendered } = await lessonPromise;
    const tags = elements(rendered.tree).map((e) => e.tagName);
    assert.ok(!tags.includes('script'), 'no script element');
    // The only divs are the focusable scroll boxes the pipeline puts around tables.
    const divs = elements(rendered.tree).filter((e) => e.tagName === 'div' && !classesOf(e).includes('table-scroll'));
    assert.equal(divs.length, 0, 'no div from the raw HTML block');
    assert.ok(!textsOf(rendered.tree).some((t) => t.includes('alert') || t.includes('steal')), 'no script source as text');
    const nodeTypes = new Set<string>();
    const walk = (node: Root | RootContent | ElementContent) => {
      nodeTypes.add(node.type);
      if ('children' in node) node.children.forEach(walk);
    };
    walk(rendered.tree);
    assert.ok(!nodeTypes.has('raw'), 'no raw HTML nodes left for a later step to print');
  });

  test('inline and display math become KaTeX markup with the TeX source kept', async () => {
    const { rendered } = await lessonPromise;
    const katex = elements(rendered.tree).filter((e) => classesOf(e).includes('katex'));
    assert.ok(katex.length >= 3, `inline, display and heading math rendered, got ${katex.length}`);
    assert.ok(
      elements(rendered.tree).some((e) => classesOf(e).includes('katex-display')),
      'display math gets katex-display',
    );
    assert.ok(elements(rendered.tree).some((e) => e.tagName === 'math'), 'MathML is included for screen readers');
    const annotations = elements(rendered.tree).filter((e) => e.tagName === 'annotation').flatMap((e) => textsOf(e));
    assert.ok(annotations.includes('\\mathrm{softmax}(QK^\\top / \\sqrt{d})\\,V'), 'TeX source kept in annotation');
  });

  test('code blocks are highlighted by shiki with light and dark colours', async () => {
    const { rendered } = await lessonPromise;
    const pres = elements(rendered.tree).filter((e) => e.tagName === 'pre');
    assert.equal(pres.length, 3, 'python, ts and the plain block');
    for (const pre of pres) assert.ok(classesOf(pre).includes('shiki'), 'every code block is a shiki <pre>');
    assert.deepEqual(
      pres.map((p) => p.properties?.dataLanguage),
      ['python', 'typescript', 'text'],
      'languages resolved (ts → typescript, none → text)',
    );
    const pythonSpans = elements(pres[0]).filter((e) => e.tagName === 'span' && String(e.properties?.style ?? '').includes('--shiki-dark'));
    assert.ok(pythonSpans.length > 3, 'python tokens carry light colour and --shiki-dark');
    const importSpan = pythonSpans.find((s) => textsOf(s).join('') === 'import');
    assert.ok(importSpan, 'the keyword "import" is its own token');
  });

  test('headings get GitHub ids, h2/h3 get anchors, and the TOC lists h2/h3', async () => {
    const { rendered } = await lessonPromise;
    assert.deepEqual(rendered.toc, [
      { depth: 2, text: 'The formula', id: 'the-formula' },
      { depth: 3, text: 'Why \\sqrt{d}?', id: 'why-sqrtd' },
      { depth: 2, text: 'Try it', id: 'try-it' },
      { depth: 2, text: 'The formula', id: 'the-formula-1' },
    ]);
    const headings = elements(rendered.tree).filter((e) => /^h[1-6]$/.test(e.tagName));
    assert.equal(headings[0].properties?.id, 'scaled-dot-product-attention', 'h1 gets an id too');
    const h1Anchors = elements(headings[0]).filter((e) => e.tagName === 'a');
    assert.equal(h1Anchors.length, 0, 'no anchor link in h1');
    const h2 = headings[1];
    const anchor = elements(h2).find((e) => e.tagName === 'a');
    assert.ok(anchor, 'h2 contains an anchor link');
    assert.equal(anchor.properties?.href, '#the-formula', 'anchor points at its heading');
  });

  test('attention embed blocks become calculator-embed elements: the preset with the block\'s overrides', async () => {
    const { rendered } = await lessonPromise;
    const embedElements = elements(rendered.tree).filter((e) => e.tagName === 'calculator-embed');
    assert.equal(embedElements.length, 2, 'both embed blocks rendered');
    assert.deepEqual(embedElements[0].children, [], 'an embed element has no children');
    const props = JSON.parse(String(embedElements[0].properties?.dataEmbed)) as CalculatorEmbedProps;
    const expected: CalculatorEmbedProps = {
      calculator: 'attention',
      preset: 'causal-lm',
      state: {
        ...presetState(attentionSpec, 'causal-lm'),
        tokens: ['the', 'cat', 'sat'],
        seed: 7,
        d: 4,
        causal: false, // the override wins over the preset's causal: true
      },
    };
    assert.deepEqual(props, expected);
    assert.deepEqual(rendered.embeds[0].props, expected, 'the embeds list carries the same props');
    assert.equal(rendered.embeds[0].line, 48, 'embed line is the fence line in the .md file');
    assert.equal(rendered.embeds[1].props.preset, 'sdpa-basic', 'no preset named → the default preset');
    assert.deepEqual(rendered.embeds[1].props.state, presetState(attentionSpec, 'sdpa-basic'), 'the default preset, whole');
    const codeTexts = elements(rendered.tree).filter((e) => e.tagName === 'code').flatMap((e) => textsOf(e)).join('');
    assert.ok(!codeTexts.includes('calculator:'), 'embed YAML does not show up as a code block');
  });
});

describe('embed validation', () => {
  const render = (markdown: string, bodyStartLine = 1) => renderLessonMarkdown(markdown, { file: 'e.md', bodyStartLine });

  test('embed errors in a lesson file point at the .md lines of the offending keys', async () => {
    const file = fixture('broken/bad-embed.md');
    const lesson = parseLessonSource(readFileSync(file, 'utf8'), file);
    const error = await contentErrorOf(() => renderLesson(lesson));
    assert.deepEqual(problemLines(error), [
      `14: "colour" is not a setting of the attention calculator (known: ${Object.keys(attentionSpec.schema).join(', ')})`,
      '15: causal must be true or false; using false.',
      '16: "paddingValidKeys" is not a setting of the attention calculator (known: ' + Object.keys(attentionSpec.schema).join(', ') + ')',
      `20: unknown calculator "softmax" in embed block (known: ${EMBED_CALCULATOR_NAMES.join(', ')})`,
    ]);
    assert.ok(error.message.startsWith(`${file}:14: `), `message starts with file:line: — ${error.message}`);
  });

  test('bodyStartLine shifts embed lines to file lines', async () => {
    const error = await contentErrorOf(() => render('Text\n\n```embed\ncalculator: attention\nd: 0\n```\n', 10));
    assert.deepEqual(problemLines(error), ['14: d must be a whole number from 1 to 512; using 4.']);
  });

  test('a missing calculator is reported at the fence line', async () => {
    const error = await contentErrorOf(() => render('```embed\nd: 4\n```\n', 20));
    assert.equal(error.line, 20, 'the ```embed line');
    assert.match(error.detail, /missing "calculator"/, 'says what is missing');
  });

  test('an embed nested in a list reports the right line too', async () => {
    const error = await contentErrorOf(() => render('- item\n\n  ```embed\n  calculator: attention\n  seed: -1\n  ```\n'));
    assert.deepEqual(problemLines(error), ['5: seed must be a whole number from 0 to 2147483647; using 7.']);
  });

  test('every setting of an attention block is validated, each at its own line', async () => {
    const markdown = [
      '```embed', //                                              1
      'calculator: attention', //                                 2
      'preset: gpt-4', //                                         3
      'tokens:', //                                               4
      '  - ok', //                                                5
      '  - this-token-is-far-too-long-to-show', //               6
      'scale: sqrt', //                                           7
      'temperature: 0', //                                        8
      'show: weights', //                                         9
      'd: 513', //                                               10
      '```',
    ].join('\n');
    const error = await contentErrorOf(() => render(markdown));
    assertHasProblem(error, 3, '"preset" of the attention calculator must be one of "sdpa-basic", "causal-lm", "padding", "large-d", "worked-example", got "gpt-4"');
    assertHasProblem(error, 4, 'tokens must be a list of 1 to 64 texts of at most 24 characters each');
    assertHasProblem(error, 7, 'scale must be one of "inv-sqrt-d", "one", "custom"');
    assertHasProblem(error, 8, 'temperature must be a number from 0.01 to 100');
    assertHasProblem(error, 9, 'show must be a list of 1 to 3 texts');
    assertHasProblem(error, 10, 'd must be a whole number from 1 to 512');
    assert.equal(error.problems.length, 6, `exactly these problems:\n${error.message}`);
  });

  test('rules across settings are checked on the merged block, at the line of the setting they blame', async () => {
    const markdown = [
      '```embed', //                                              1
      'calculator: attention', //                                 2
      'preset: padding', //                                       3
      'tokens: [a, b]', //                                        4
      'validKeys: 3', //                                          5
      'show: [weights, attention]', //                            6
      '```',
    ].join('\n');
    const error = await contentErrorOf(() => render(markdown));
    assert.deepEqual(problemLines(error), [
      '5: Real keys is 3 but there are only 2 tokens',
      '6: Panels must list some of "scores", "weights", "output", each once',
    ]);
    // Typed matrices must have one row per token: a block that changes the tokens of a typed preset is refused.
    const typed = await contentErrorOf(() => render('```embed\ncalculator: attention\npreset: worked-example\ntokens: [a, b]\n```'));
    assert.deepEqual(problemLines(typed).map((line) => line.replace(/:.*/, '')), ['2', '2', '2'], 'no key to blame: the block\'s first line');
    assert.match(typed.message, /Q has 3 rows but there are 2 tokens/);
  });

  test('too many tokens, a non-list, and YAML syntax errors are refused', async () => {
    const many = Array.from({ length: 65 }, (_, i) => `t${i}`).join(', ');
    const tooMany = await contentErrorOf(() => render(`\`\`\`embed\ncalculator: attention\ntokens: [${many}]\n\`\`\``));
    assertHasProblem(tooMany, 3, 'tokens must be a list of 1 to 64 texts');
    const notAList = await contentErrorOf(() => render('```embed\ncalculator: attention\ntokens: the cat\n```'));
    assertHasProblem(notAList, 3, 'tokens must be a list of 1 to 64 texts');
    const syntax = await contentErrorOf(() => render('```embed\ncalculator: attention\ntokens: [a, b\n```'));
    assert.match(syntax.detail, /embed block is not valid YAML/, 'a YAML problem');
    const notAMapping = await contentErrorOf(() => render('```embed\njust words\n```'));
    assertHasProblem(notAMapping, 2, 'embed block must be "key: value" lines');
  });

  test('a custom scale, the large-d preset and a choice of panels are resolved', async () => {
    const { embeds } = await render('```embed\ncalculator: attention\npreset: large-d\nscale: custom\ncustomScale: 0.5\nshow: [weights]\npadding: true\nvalidKeys: 4\nid: unscaled\n```');
    assert.equal(embeds.length, 1, 'one embed');
    assert.deepEqual(embeds[0].props, {
      calculator: 'attention',
      preset: 'large-d',
      id: 'unscaled',
      state: { ...presetState(attentionSpec, 'large-d'), scale: 'custom', customScale: 0.5, show: ['weights'], padding: true, validKeys: 4 },
    });
  });

  test('an unknown code language is an error at its fence line; math fences are fine', async () => {
    const error = await contentErrorOf(() => render('Text\n\n```pyhton\nx = 1\n```\n', 8));
    assert.equal(error.line, 10, 'line of the fence in the file');
    assert.match(error.detail, /unknown code block language "pyhton"/, 'names the language');
    const { tree } = await render('```math\nx^2\n```\n');
    assert.ok(elements(tree).some((e) => classesOf(e).includes('katex-display')), '```math renders as display math');
  });
});

describe('loadLessons', () => {
  test('loads a folder sorted by order, with file paths relative to the given folder', () => {
    const lessons = loadLessons(fixture('valid'));
    assert.deepEqual(
      lessons.map((l) => [l.frontMatter.slug, l.file]),
      [
        ['what-is-attention', fixture('valid/what-is-attention.md')],
        ['scaled-dot-product-attention', fixture('valid/scaled-dot-product-attention.md')],
      ],
    );
  });

  test('duplicate slugs across files and unknown prerequisites are rejected with file:line', async () => {
    const error = await contentErrorOf(() => loadLessons(fixture('duplicate-slugs')));
    const second = fixture('duplicate-slugs/b-second.md');
    assert.deepEqual(error.message.split('\n'), [
      `${second}:3: slug "same-slug" is already used by ${fixture('duplicate-slugs/a-first.md')}`,
      `${second}:6: prerequisite "no-such-lesson" is not the slug of any lesson (slugs: same-slug)`,
    ]);
  });

  test('ALL problems of ALL files come in one error, file by file, line by line', async () => {
    const error = await contentErrorOf(() => loadLessons(fixture('broken')));
    const summary = error.problems.map((p) => `${path.basename(p.file)}:${p.line}`);
    assert.deepEqual(summary, [
      'bad-embed.md:14',
      'bad-embed.md:15',
      'bad-embed.md:16',
      'bad-embed.md:20',
      'minutes-ten.md:5',
      'missing-minutes.md:6',
    ]);
  });

  test('duplicate orders and prerequisites that do not come earlier are rejected', async () => {
    const lesson = (slug: string, order: number, prerequisites: string) =>
      ['---', `title: ${slug}`, `slug: ${slug}`, `order: ${order}`, 'summary: s', 'minutes: 1', `prerequisites: [${prerequisites}]`, '---', ''].join('\n');
    const error = await contentErrorOf(() =>
      validateLessonSources([
        { file: 'a.md', source: lesson('alpha', 1, 'beta') },
        { file: 'b.md', source: lesson('beta', 2, '') },
        { file: 'c.md', source: lesson('gamma', 2, '') },
      ]),
    );
    assert.deepEqual(error.message.split('\n'), [
      'a.md:7: prerequisite "beta" has order 2, so it does not come before this lesson (order 1)',
      'c.md:4: order 2 is already used by b.md',
    ]);
  });
});
