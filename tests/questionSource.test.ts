import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import { checkMath } from '../lib/content/checkMath';
import { ContentError, ContentProblemList, type ContentProblem } from '../lib/content/contentError';
import { checkQuestionsTogether, loadQuestions } from '../lib/content/loadQuestions';
import { parseQuestionSource, type Question } from '../lib/content/questionSource';
import { parseLessonMarkdown } from '../lib/content/renderLesson';

const QUESTIONS = 'tests/fixtures/content/questions';
const LESSONS = ['what-is-attention', 'scaled-dot-product-attention'];

/**
 * A question file: "---", the front matter lines, "---", then the body. Front matter line i
 * (0-based) is file line i + 2; body line j (0-based) is file line front.length + 3 + j.
 */
function source(front: readonly string[], body: readonly string[]): string {
  return ['---', ...front, '---', ...body].join('\n');
}

/** Front matter of a valid question of `type` (7 lines: file lines 2–8, closing "---" on 9). */
function front(type: string, overrides: Record<string, string> = {}): string[] {
  const fields: Record<string, string> = {
    id: 'a-question',
    topic: 'scaled-dot-product',
    lesson: 'scaled-dot-product-attention',
    difficulty: '2',
    type,
    tags: '[softmax]',
    source: 'seed',
    ...overrides,
  };
  return Object.entries(fields)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}: ${value}`);
}

const CHOICE_BODY = [
  '', // 10
  'Why divide by $\\sqrt{d}$?', // 11
  '', // 12
  '## Choices', // 13
  '', // 14
  '- [x] Variance grows with $d$.', // 15
  '  > Right: it is $d$ for unit entries.', // 16
  '- [ ] To make weights sum to 1.', // 17
  '  > The softmax already does.', // 18
  '', // 19
  '## Explanation', // 20
  '', // 21
  'It brings the variance back to 1.', // 22
];

function errorOf(action: () => unknown): ContentError {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof ContentError, `expected a ContentError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ContentError, nothing was thrown');
}

function assertProblem(problems: readonly ContentProblem[], line: number, part: string | RegExp, file?: string): void {
  const found = problems.some(
    (p) => p.line === line && (file === undefined || p.file === file) && (typeof part === 'string' ? p.detail.includes(part) : part.test(p.detail)),
  );
  assert.ok(found, `expected a problem at line ${line} matching ${String(part)}; got:\n${problems.map((p) => `${p.file}:${p.line}: ${p.detail}`).join('\n')}`);
}

describe('parseQuestionSource: valid files', () => {
  test('a single-choice question: fields, choices with their file lines, sections', () => {
    const q = parseQuestionSource(source(front('single-choice'), [...CHOICE_BODY, '', '## References', '', 'Vaswani et al. (2017).']), 'a-question.md');
    assert.equal(q.id, 'a-question');
    assert.equal(q.topic, 'scaled-dot-product');
    assert.equal(q.lesson, 'scaled-dot-product-attention');
    assert.equal(q.difficulty, 2);
    assert.equal(q.type, 'single-choice');
    assert.deepEqual(q.tags, ['softmax']);
    assert.equal(q.source, 'seed');
    // The prompt's first line is file line 11 (one blank line after the closing "---" on 9).
    assert.deepEqual(q.prompt, { markdown: 'Why divide by $\\sqrt{d}$?', line: 11 });
    assert.deepEqual(q.choices, [
      { text: 'Variance grows with $d$.', correct: true, why: 'Right: it is $d$ for unit entries.', line: 15 },
      { text: 'To make weights sum to 1.', correct: false, why: 'The softmax already does.', line: 17 },
    ]);
    assert.deepEqual(q.explanation, { markdown: 'It brings the variance back to 1.', line: 22 });
    // "## References" on 24, a blank line, the text on 26.
    assert.deepEqual(q.references, { markdown: 'Vaswani et al. (2017).', line: 26 });
    assert.deepEqual(q.positions.id, { line: 2, column: 1 });
    assert.deepEqual(q.positions.lesson, { line: 4, column: 1 });
    assert.equal(q.numeric, undefined);
  });

  test('a numeric question with a check: answer, tolerance, unit, and the check line', () => {
    const fm = [
      ...front('numeric', { tags: '', source: '' }), // lines 2–6
      'answer: 0.731', // 7
      'tolerance: 0.001', // 8
      'unit: ""', // 9
      'check:', // 10
      '  function: sdpaWeight', // 11
      '  inputs: { q: [[1, 0]], k: [[1, 0], [0, 1]], row: 0, col: 0, scale: 1 }', // 12
    ];
    const q = parseQuestionSource(source(fm, ['', 'What weight?', '', '## Explanation', '', 'e/(e+1).']), 'q.md');
    assert.deepEqual(q.numeric, {
      answer: 0.731,
      tolerance: 0.001,
      unit: '',
      check: { function: 'sdpaWeight', inputs: { q: [[1, 0]], k: [[1, 0], [0, 1]], row: 0, col: 0, scale: 1 }, line: 10 },
    });
    assert.deepEqual(q.tags, [], 'tags default to an empty list');
    assert.equal(q.source, undefined);
  });

  test('free-recall, spot-the-bug and ordering keep their sections; list items join continuation lines', () => {
    const recall = parseQuestionSource(
      source(front('free-recall'), ['', 'Explain.', '', '## Model answer', '', 'A weighted mix.', '', '## Rubric', '', '- Says weights', '  sum to 1.', '- Says values.', '', '## Explanation', '', 'See.']),
      'q.md',
    );
    assert.deepEqual(recall.rubric, ['Says weights sum to 1.', 'Says values.']);
    // "## Model answer" is file line 13, its text line 15.
    assert.deepEqual(recall.modelAnswer, { markdown: 'A weighted mix.', line: 15 });

    const bug = parseQuestionSource(
      source(front('spot-the-bug', { runnable: 'true' }), ['', 'Find it:', '', '```ts', 'const x = 1;', '## not a heading inside code', '```', '', '## Bug', '', 'Line 1.', '', '## Explanation', '', 'See.']),
      'q.md',
    );
    assert.match(bug.prompt.markdown, /## not a heading inside code/, 'a "## " line inside a code fence stays in the prompt');
    assert.deepEqual(bug.bug, { markdown: 'Line 1.', line: 21 });
    assert.equal(bug.runnable, true);

    const ordering = parseQuestionSource(source(front('ordering'), ['', 'Order:', '', '## Steps', '', '1. Scores.', '2) Scale.', '3. Softmax', '   row by row.', '', '## Explanation', '', 'See.']), 'q.md');
    assert.deepEqual(ordering.steps, ['Scores.', 'Scale.', 'Softmax row by row.']);
  });

  test('CRLF line endings and a BOM give the same result as LF', () => {
    const lf = source(front('single-choice'), CHOICE_BODY);
    const crlf = `\uFEFF${lf.replace(/\n/g, '\r\n')}`;
    assert.deepEqual(parseQuestionSource(crlf, 'q.md'), parseQuestionSource(lf, 'q.md'));
  });

  test('property: blank lines before a section body move its line, not its Markdown', () => {
    fc.assert(
      fc.property(fc.nat(4), fc.nat(4), fc.nat(4), (beforePrompt, afterHeading, afterChoices) => {
        const blanks = (n: number) => Array<string>(n).fill('');
        const body = [
          ...blanks(beforePrompt),
          'Prompt.',
          '## Choices',
          ...blanks(afterChoices),
          '- [x] A',
          '  > yes',
          '- [ ] B',
          '  > no',
          '## Explanation',
          ...blanks(afterHeading),
          'Why.',
        ];
        const q = parseQuestionSource(source(front('single-choice'), body), 'q.md');
        const lineOf = (text: string) => 10 + body.indexOf(text); // body line j is file line 10 + j
        assert.deepEqual(q.prompt, { markdown: 'Prompt.', line: lineOf('Prompt.') });
        assert.deepEqual(q.explanation, { markdown: 'Why.', line: lineOf('Why.') });
        assert.deepEqual(q.choices!.map((c) => c.line), [lineOf('- [x] A'), lineOf('- [ ] B')]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('parseQuestionSource: problems at their file lines', () => {
  test('no front matter, or an unclosed one, is reported at line 1', () => {
    assert.equal(errorOf(() => parseQuestionSource('Just text', 'q.md')).line, 1);
    const unclosed = errorOf(() => parseQuestionSource('---\nid: x\n', 'q.md'));
    assert.equal(unclosed.line, 1);
    assert.match(unclosed.detail, /no closing "---"/);
  });

  test('front matter: missing keys at the closing line, bad values at their key, all in one error', () => {
    const fm = [
      'id: Bad_Id', // 2
      'topic: attention', // 3
      'difficulty: 4', // 4
      'type: single-choice', // 5
      'source: blog', // 6
      'colour: blue', // 7
    ]; // closing "---" on 8; "lesson" is missing
    const error = errorOf(() => parseQuestionSource(source(fm, ['', 'Why?', '', '## Choices', '', '- [x] A', '  > a', '- [ ] B', '  > b', '', '## Explanation', '', 'X.']), 'q.md'));
    assertProblem(error.problems, 2, /"id" must be lowercase words and digits/);
    assertProblem(error.problems, 3, /"topic" must be one of .*"foundations"/);
    assertProblem(error.problems, 4, /"difficulty" must be a whole number from 1/);
    assertProblem(error.problems, 6, /"source" can only be "seed"/);
    assertProblem(error.problems, 7, /unknown key "colour"/);
    assertProblem(error.problems, 8, 'front matter is missing "lesson"');
    assert.equal(error.problems.length, 6, error.message);
  });

  test('numeric fields: required for numeric questions, refused on others', () => {
    // Lines 2–6 are the first five keys of front(); the numeric keys follow.
    const numeric = [...front('numeric', { tags: '', source: '' }), 'answer: three', 'tolerance: -1', 'check: sdpaWeight']; // 7, 8, 9; closing 10
    const error = errorOf(() => parseQuestionSource(source(numeric, ['', 'How much?', '', '## Explanation', '', 'X.']), 'q.md'));
    assertProblem(error.problems, 7, '"answer" must be a finite number');
    assertProblem(error.problems, 8, '"tolerance" must be a number ≥ 0');
    assertProblem(error.problems, 10, '"unit" must be text', undefined);
    assertProblem(error.problems, 9, '"check" must be a mapping with "function"');
    assert.equal(error.problems.length, 4, error.message);

    const choice = [...front('single-choice'), 'answer: 3', 'runnable: true']; // 9, 10
    const wrongType = errorOf(() => parseQuestionSource(source(choice, CHOICE_BODY.map((l) => l)), 'q.md'));
    assertProblem(wrongType.problems, 9, '"answer" belongs to numeric questions only');
    assertProblem(wrongType.problems, 10, '"runnable" belongs to spot-the-bug questions only');
  });

  test('sections: unknown (reported once), duplicated, of another type, missing, empty prompt', () => {
    const body = [
      '', // 10
      '## Choices', // 11: no prompt before it
      '', // 12
      '- [x] A', // 13
      '  > a', // 14
      '- [ ] B', // 15
      '  > b', // 16
      '## Hints', // 17
      'Think.', // 18
      '## Steps', // 19
      '1. a', // 20
      '## Choices', // 21
      '- [ ] C', // 22
      '  > c', // 23
    ];
    const error = errorOf(() => parseQuestionSource(source(front('single-choice'), body), 'q.md'));
    assertProblem(error.problems, 10, 'the question has no prompt');
    assertProblem(error.problems, 10, 'needs a "## Explanation"');
    assertProblem(error.problems, 17, 'unknown section "## Hints"');
    assertProblem(error.problems, 19, '"## Steps" does not belong to a single-choice question');
    assertProblem(error.problems, 21, 'section "## Choices" appears twice');
    assert.equal(error.problems.filter((p) => p.detail.includes('Hints')).length, 1, `"## Hints" is reported once:\n${error.message}`);

    const missing = errorOf(() => parseQuestionSource(source(front('free-recall'), ['', 'Explain.', '', '## Explanation', '', 'X.']), 'q.md'));
    assertProblem(missing.problems, 10, 'a free-recall question needs a "## Model answer" section');
    assertProblem(missing.problems, 10, 'a free-recall question needs a "## Rubric" section');
  });

  test('choices: counts of [x], a missing "> why" at the choice line, a stray line at its line', () => {
    const twoCorrect = CHOICE_BODY.map((l) => l.replace('- [ ]', '- [x]'));
    assertProblem(errorOf(() => parseQuestionSource(source(front('single-choice'), twoCorrect), 'q.md')).problems, 13, 'exactly one "- [x]" choice, found 2');
    const noneCorrect = CHOICE_BODY.map((l) => l.replace('- [x]', '- [ ]'));
    assertProblem(errorOf(() => parseQuestionSource(source(front('multiple-choice'), noneCorrect), 'q.md')).problems, 13, 'at least one "- [x]"');

    const body = [...CHOICE_BODY];
    body.splice(body.indexOf('  > The softmax already does.'), 1, 'Stray text'); // file line 18
    const error = errorOf(() => parseQuestionSource(source(front('single-choice'), body), 'q.md'));
    assertProblem(error.problems, 17, 'every choice needs a "> why" line');
    assertProblem(error.problems, 18, '"Stray text" is not a choice');

    const one = ['', 'Q?', '', '## Choices', '', '- [x] Only', '  > yes', '', '## Explanation', '', 'X.'];
    assertProblem(errorOf(() => parseQuestionSource(source(front('single-choice'), one), 'q.md')).problems, 13, 'at least 2 choices');
  });

  test('rubric, steps and bug rules', () => {
    const recall = ['', 'Explain.', '', '## Model answer', '', '## Rubric', '', '- Only one point.', '', '## Explanation', '', 'X.'];
    const r = errorOf(() => parseQuestionSource(source(front('free-recall'), recall), 'q.md'));
    assertProblem(r.problems, 15, 'a rubric needs at least 2 points');
    assertProblem(r.problems, 13, '"## Model answer" is empty');

    const ordering = ['', 'Order:', '', '## Steps', '', '1. a', '2. b', '', '## Explanation', '', 'X.'];
    assertProblem(errorOf(() => parseQuestionSource(source(front('ordering'), ordering), 'q.md')).problems, 13, 'at least 3 steps');

    const bug = ['', 'No code here.', '', '## Bug', '', '## Explanation', '', 'X.'];
    const b = errorOf(() => parseQuestionSource(source(front('spot-the-bug'), bug), 'q.md'));
    assertProblem(b.problems, 10, 'needs the code, in a fenced code block');
    assertProblem(b.problems, 13, '"## Bug" must say where the bug is');
  });
});

describe('checkMath', () => {
  const check = (markdown: string, bodyStartLine = 10) => {
    const problems = new ContentProblemList();
    checkMath(parseLessonMarkdown(markdown), { file: 'x.md', bodyStartLine }, problems);
    return problems.problems;
  };

  test('formulas that typeset pass: inline, display, macros KaTeX knows', () => {
    assert.deepEqual(check('A $\\frac{1}{\\sqrt{d}}$ and $\\mathbb{R}^{n \\times d}$.\n\n$$\n\\operatorname{softmax}(QK^\\top / \\sqrt{d})V\n$$\n'), []);
  });

  test('a bad formula is reported at its own file line; every one is reported', () => {
    // Markdown line 1 is file line 10: the inline formula on Markdown line 3 is file line 12, the
    // display block opening on Markdown line 5 is file line 14.
    const problems = check('Fine $x$.\n\nSecond line: $\\frac{1}{$ broken.\n\n$$\n\\undefinedmacro{x}\n$$\n');
    assert.equal(problems.length, 2, JSON.stringify(problems));
    assertProblem(problems, 12, /formula does not typeset: .*\\frac\{1\}\{/);
    assertProblem(problems, 14, /formula does not typeset: .*undefinedmacro/);
    assert.equal(problems[0].file, 'x.md');
  });

  test('a formula on the second line of a paragraph gets the second line', () => {
    // Markdown lines 1–2 are file lines 5–6.
    assertProblem(check('First line of a paragraph\nthen $x^{$ here.', 5), 6, 'formula does not typeset');
  });

  test('math-looking text in code is not checked', () => {
    assert.deepEqual(check('`$\\frac{1}{$`\n\n```python\nx = "$\\frac{1}{$"\n```\n'), []);
  });
});

describe('checkQuestionsTogether', () => {
  const choiceQuestion = (id: string, file = `${id}.md`, lesson = 'scaled-dot-product-attention'): Question =>
    parseQuestionSource(source(front('single-choice', { id, lesson }), CHOICE_BODY), file);
  const numericQuestion = (answer: number, tolerance: number): Question =>
    parseQuestionSource(
      source(
        [
          ...front('numeric', { id: 'n', tags: '', source: '' }), // 2–6
          `answer: ${answer}`, // 7
          `tolerance: ${tolerance}`, // 8
          'unit: ""', // 9
          'check:', // 10
          '  function: softmax', // 11
          '  inputs: { logits: [2, 1, 0], index: 0 }', // 12
        ],
        ['', 'p?', '', '## Explanation', '', 'x.'],
      ),
      'n.md',
    );
  const problemsOf = (questions: Question[], lessons = LESSONS) => {
    const problems = new ContentProblemList();
    checkQuestionsTogether(questions, lessons, problems);
    return problems.problems;
  };

  test('valid questions give no problems', () => {
    assert.deepEqual(problemsOf([choiceQuestion('one'), choiceQuestion('two')]), []);
  });

  test('a reused id, a file not named after its id, and an unknown lesson, at their key lines', () => {
    const problems = problemsOf([choiceQuestion('one'), choiceQuestion('one', 'dir/other.md'), choiceQuestion('three', 'three.md', 'no-such-lesson')]);
    assertProblem(problems, 2, 'question id "one" is already used by one.md', 'dir/other.md');
    assertProblem(problems, 2, 'must be named one.md', 'dir/other.md');
    assertProblem(problems, 4, 'lesson "no-such-lesson" is not the slug of any lesson', 'three.md');
    assert.equal(problems.length, 3, JSON.stringify(problems));
  });

  test('computed answers: within tolerance passes, beyond it fails at the check line', () => {
    // softmax([2, 1, 0])[0] = e² / (e² + e + 1) = 7.389056 / (7.389056 + 2.718282 + 1) = 0.665241
    assert.deepEqual(problemsOf([numericQuestion(0.665, 0.001)]), []);
    assert.deepEqual(problemsOf([numericQuestion(0.67, 0.005)]), [], '|0.67 − 0.66524| = 0.0048 ≤ 0.005');
    const wrong = problemsOf([numericQuestion(0.67, 0.004)]);
    assertProblem(wrong, 10, /the answer 0\.67 is wrong: softmax computes 0\.6652/);
    assert.equal(wrong.length, 1);
  });
});

describe('loadQuestions on fixture folders', () => {
  test('valid questions load, sorted by lesson order then id', () => {
    const questions = loadQuestions(path.join(QUESTIONS, 'valid'), LESSONS);
    assert.deepEqual(
      questions.map((q) => q.id),
      // what-is-attention (first lesson): attention-is-lookup, what-attends; then the second lesson's.
      ['attention-is-lookup', 'what-attends', 'sdpa-steps', 'sdpa-weight-by-hand', 'softmax-bug', 'why-scale'],
    );
    const byHand = questions.find((q) => q.id === 'sdpa-weight-by-hand')!;
    assert.equal(byHand.numeric?.check?.function, 'sdpaWeight');
  });

  test('a folder that does not exist has no questions', () => {
    assert.deepEqual(loadQuestions(path.join(QUESTIONS, 'no-such-folder'), LESSONS), []);
  });

  test('every problem of every broken file is reported at once, at its file:line', () => {
    const dir = path.join(QUESTIONS, 'broken');
    const error = errorOf(() => loadQuestions(dir, LESSONS));
    const at = (name: string) => path.join(dir, name);
    const expected: [string, number, string | RegExp][] = [
      ['bad-formula.md', 9, /formula does not typeset: .*\\frac\{1\}\{/], // the prompt
      ['bad-formula.md', 14, /formula does not typeset: .*\\sqrt\{/], // the first choice's "> why"
      ['bad-formula.md', 23, /formula does not typeset: .*x\^\{/], // second line of a paragraph
      ['check-throws.md', 10, /check sdpaWeight failed: inputs\.casual is not an input of sdpaWeight/],
      ['dup-b.md', 2, `question id "dup-a" is already used by ${at('dup-a.md')}`],
      ['dup-b.md', 2, 'the file of question "dup-a" must be named dup-a.md'],
      ['misnamed.md', 2, 'the file of question "not-the-file-name" must be named not-the-file-name.md'],
      ['missing-why.md', 5, '"difficulty" must be a whole number from 1'],
      ['missing-why.md', 15, 'every choice needs a "> why" line'],
      ['unknown-check.md', 10, /check function "sdpaWieght" is unknown \(known: .*sdpaWeight/],
      ['unknown-lesson.md', 4, 'lesson "no-such-lesson" is not the slug of any lesson'],
      // sdpaWeight computes e/(e+1) = 2.718282 / 3.718282 = 0.7310586
      ['wrong-answer.md', 10, /the answer 0\.5 is wrong: sdpaWeight computes 0\.73105857/],
    ];
    for (const [name, line, part] of expected) assertProblem(error.problems, line, part, at(name));
    assert.equal(error.problems.length, expected.length, `unexpected extra problems:\n${error.message}`);
    assert.match(error.message, new RegExp(`^${at('bad-formula.md').replace(/[.\\/]/g, '\\$&')}:9: `, 'm'), 'the message has file:line prefixes');
  });
});
