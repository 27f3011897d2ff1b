import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { gradeChoices, gradeNumeric, gradeOrdering, gradeRubric, parseNumericAnswer, suggestRating } from '../lib/practice/gradeAnswer';

describe('gradeChoices', () => {
  // Choices 0 and 2 are right, 1 and 3 wrong: two correct choices, so each pick is worth 1/2.
  const multi = [true, false, true, false];

  test('multiple choice: exact set is correct, partial sets score right − wrong over the correct count', () => {
    assert.deepEqual(gradeChoices(multi, [0, 2]), { correct: true, fraction: 1 });
    assert.deepEqual(gradeChoices(multi, [2, 0]), { correct: true, fraction: 1 });
    assert.deepEqual(gradeChoices(multi, [0]), { correct: false, fraction: 0.5 });
    assert.deepEqual(gradeChoices(multi, [0, 1]), { correct: false, fraction: 0 });
    assert.deepEqual(gradeChoices(multi, [0, 2, 3]), { correct: false, fraction: 0.5 });
    assert.deepEqual(gradeChoices(multi, [0, 1, 2, 3]), { correct: false, fraction: 0 });
    // 0 right − 2 wrong = −2, clamped to 0.
    assert.deepEqual(gradeChoices(multi, [1, 3]), { correct: false, fraction: 0 });
    assert.deepEqual(gradeChoices(multi, []), { correct: false, fraction: 0 });
  });

  test('three correct of five: thirds', () => {
    const c = [true, true, false, true, false];
    assert.deepEqual(gradeChoices(c, [0, 1]), { correct: false, fraction: 2 / 3 });
    assert.deepEqual(gradeChoices(c, [0, 1, 2]), { correct: false, fraction: 1 / 3 });
  });

  test('single choice', () => {
    assert.deepEqual(gradeChoices([false, true, false], [1]), { correct: true, fraction: 1 });
    assert.deepEqual(gradeChoices([false, true, false], [0]), { correct: false, fraction: 0 });
  });

  test('throws on out-of-range, non-integer or duplicate indices, and on a question with no correct choice', () => {
    assert.throws(() => gradeChoices(multi, [4]), /index 4/);
    assert.throws(() => gradeChoices(multi, [-1]), /index -1/);
    assert.throws(() => gradeChoices(multi, [1.5]), /index 1.5/);
    assert.throws(() => gradeChoices(multi, [0, 0]), /twice/);
    assert.throws(() => gradeChoices([false, false], []), /at least one correct/);
  });

  const choicesAndPicks = fc
    .array(fc.boolean(), { minLength: 1, maxLength: 8 })
    .filter((c) => c.includes(true))
    .chain((c) => fc.tuple(fc.constant(c), fc.shuffledSubarray([...c.keys()])));

  test('property: fraction is in [0, 1], and correct implies fraction 1', () => {
    fc.assert(
      fc.property(choicesAndPicks, ([c, picked]) => {
        const g = gradeChoices(c, picked);
        assert.ok(g.fraction >= 0 && g.fraction <= 1, `fraction ${g.fraction}`);
        if (g.correct) assert.equal(g.fraction, 1);
      }),
    );
  });

  test('property: picking exactly the correct set (in any order) is correct with fraction 1', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.boolean(), { minLength: 1, maxLength: 8 })
          .filter((c) => c.includes(true))
          .chain((c) => fc.tuple(fc.constant(c), fc.shuffledSubarray(c.flatMap((v, i) => (v ? [i] : [])), { minLength: c.filter(Boolean).length }))),
        ([c, picked]) => {
          assert.deepEqual(gradeChoices(c, picked), { correct: true, fraction: 1 });
        },
      ),
    );
  });
});

describe('parseNumericAnswer', () => {
  test('accepts what a learner types', () => {
    assert.equal(parseNumericAnswer('1e-3'), 0.001);
    assert.equal(parseNumericAnswer('1,024'), 1024);
    assert.equal(parseNumericAnswer('1 024'), 1024);
    assert.equal(parseNumericAnswer('1_000_000'), 1000000);
    assert.equal(parseNumericAnswer('-0.5'), -0.5);
    assert.equal(parseNumericAnswer('  3.14 '), 3.14);
    assert.equal(parseNumericAnswer('0'), 0);
  });

  test('rejects empty, non-numbers and non-finite values', () => {
    for (const bad of ['', '   ', 'abc', '1.2.3', 'NaN', 'Infinity', '-Infinity', '1e999', '3 apples']) {
      assert.equal(parseNumericAnswer(bad), null, JSON.stringify(bad));
    }
  });
});

describe('gradeNumeric', () => {
  test('tolerance is inclusive, also where binary arithmetic would miss the edge', () => {
    const q = { answer: 0.3, tolerance: 0.1 };
    assert.deepEqual(gradeNumeric('0.4', q), { status: 'right' });
    assert.deepEqual(gradeNumeric('0.2', q), { status: 'right' });
    assert.deepEqual(gradeNumeric('0.35', q), { status: 'right' });
    assert.deepEqual(gradeNumeric('0.41', q), { status: 'wrong' });
    assert.deepEqual(gradeNumeric('0.19', q), { status: 'wrong' });
    assert.deepEqual(gradeNumeric('zero point three', q), { status: 'invalid' });
    assert.deepEqual(gradeNumeric('', q), { status: 'invalid' });
  });

  test('zero tolerance and separators', () => {
    const q = { answer: 1024, tolerance: 0 };
    assert.deepEqual(gradeNumeric('1,024', q), { status: 'right' });
    assert.deepEqual(gradeNumeric('1025', q), { status: 'wrong' });
    assert.deepEqual(gradeNumeric('1.024e3', q), { status: 'right' });
    // Zero against zero with no tolerance: the edge itself, with no slack to hide behind.
    assert.deepEqual(gradeNumeric('0', { answer: 0, tolerance: 0 }), { status: 'right' });
    assert.deepEqual(gradeNumeric('-0', { answer: 0, tolerance: 0 }), { status: 'right' });
    assert.deepEqual(gradeNumeric('1e-300', { answer: 0, tolerance: 0 }), { status: 'wrong' });
  });

  test('throws on a malformed question', () => {
    assert.throws(() => gradeNumeric('1', { answer: 1, tolerance: -0.1 }), /tolerance/);
    assert.throws(() => gradeNumeric('1', { answer: NaN, tolerance: 0 }), /answer/);
  });

  test('property: with integers (exact arithmetic) right iff |x − answer| ≤ tolerance', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 1000 }), (x, answer, tolerance) => {
        const expected = Math.abs(x - answer) <= tolerance ? 'right' : 'wrong';
        assert.equal(gradeNumeric(String(x), { answer, tolerance }).status, expected);
      }),
    );
  });
});

describe('gradeOrdering', () => {
  test('explicit orders', () => {
    assert.deepEqual(gradeOrdering([0, 1, 2, 3]), { correct: true, inPlace: 4, fraction: 1 });
    assert.deepEqual(gradeOrdering([1, 0, 2, 3]), { correct: false, inPlace: 2, fraction: 0.5 });
    assert.deepEqual(gradeOrdering([3, 2, 1, 0]), { correct: false, inPlace: 0, fraction: 0 });
    assert.deepEqual(gradeOrdering([0, 2, 1]), { correct: false, inPlace: 1, fraction: 1 / 3 });
    assert.deepEqual(gradeOrdering([1, 2, 0]), { correct: false, inPlace: 0, fraction: 0 });
    assert.deepEqual(gradeOrdering([0]), { correct: true, inPlace: 1, fraction: 1 });
  });

  test('throws unless order is a permutation of 0..n-1', () => {
    assert.throws(() => gradeOrdering([]), /empty/);
    assert.throws(() => gradeOrdering([0, 0]), /twice/);
    assert.throws(() => gradeOrdering([0, 2]), /index 2/);
    assert.throws(() => gradeOrdering([1.5, 0]), /index 1.5/);
  });

  test('property: on any permutation, fraction in [0, 1] is the share in place, correct only for the identity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }).chain((n) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n })),
        (order) => {
          const g = gradeOrdering(order);
          assert.ok(g.fraction >= 0 && g.fraction <= 1);
          assert.equal(g.fraction, g.inPlace / order.length);
          assert.equal(g.correct, order.every((v, p) => v === p));
        },
      ),
    );
  });
});

describe('gradeRubric', () => {
  test('share of points ticked', () => {
    assert.deepEqual(gradeRubric(3, 4), { fraction: 0.75 });
    assert.deepEqual(gradeRubric(0, 5), { fraction: 0 });
    assert.deepEqual(gradeRubric(5, 5), { fraction: 1 });
  });

  test('throws on impossible counts', () => {
    assert.throws(() => gradeRubric(6, 5), /ticked/);
    assert.throws(() => gradeRubric(-1, 3), /ticked/);
    assert.throws(() => gradeRubric(1.5, 3), /ticked/);
    assert.throws(() => gradeRubric(0, 0), /total/);
  });
});

describe('suggestRating', () => {
  test('objective answers', () => {
    assert.equal(suggestRating({ kind: 'objective', correct: false, fraction: 0 }), 1);
    assert.equal(suggestRating({ kind: 'objective', correct: false, fraction: 0.49 }), 1);
    assert.equal(suggestRating({ kind: 'objective', correct: false, fraction: 0.5 }), 2);
    assert.equal(suggestRating({ kind: 'objective', correct: false, fraction: 0.99 }), 2);
    // Wrong stays wrong however fast.
    assert.equal(suggestRating({ kind: 'objective', correct: false, fraction: 0.5 }, 3), 2);
    assert.equal(suggestRating({ kind: 'objective', correct: true, fraction: 1 }), 3);
    assert.equal(suggestRating({ kind: 'objective', correct: true, fraction: 1 }, 14.9), 4);
    assert.equal(suggestRating({ kind: 'objective', correct: true, fraction: 1 }, 0), 4);
    assert.equal(suggestRating({ kind: 'objective', correct: true, fraction: 1 }, 15), 3);
    assert.equal(suggestRating({ kind: 'objective', correct: true, fraction: 1 }, 120), 3);
  });

  test('self-graded answers (rubric share), never Easy', () => {
    assert.equal(suggestRating({ kind: 'self', fraction: 0 }), 1);
    assert.equal(suggestRating({ kind: 'self', fraction: 0.49 }), 1);
    assert.equal(suggestRating({ kind: 'self', fraction: 0.5 }), 2);
    assert.equal(suggestRating({ kind: 'self', fraction: 0.75 }), 2);
    assert.equal(suggestRating({ kind: 'self', fraction: 1 }), 3);
    assert.equal(suggestRating({ kind: 'self', fraction: 1 }, 2), 3);
  });

  test('throws on a fraction outside [0, 1] or negative seconds', () => {
    assert.throws(() => suggestRating({ kind: 'self', fraction: 1.1 }), /fraction/);
    assert.throws(() => suggestRating({ kind: 'objective', correct: false, fraction: -0.1 }), /fraction/);
    assert.throws(() => suggestRating({ kind: 'self', fraction: NaN }), /fraction/);
    assert.throws(() => suggestRating({ kind: 'objective', correct: true, fraction: 1 }, -1), /seconds/);
  });

  test('property: monotone in fraction for fixed kind, correctness and seconds', () => {
    const seconds = fc.option(fc.double({ min: 0, max: 600, noNaN: true }), { nil: undefined });
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), fc.boolean(), seconds, (a, b, self, correct, s) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const outcome = (fraction: number) => (self ? { kind: 'self' as const, fraction } : { kind: 'objective' as const, correct, fraction });
        assert.ok(suggestRating(outcome(lo), s) <= suggestRating(outcome(hi), s), `${lo} → ${suggestRating(outcome(lo), s)}, ${hi} → ${suggestRating(outcome(hi), s)}`);
      }),
    );
  });
});
