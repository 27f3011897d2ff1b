import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { gradeChoices, gradeNumeric, gradeOrdering, gradeRubric, parseNumericAnswer, suggestRating } from '../lib/practice/gradeAnswer';
import { formatExact, keySentence, readNumber } from '../lib/practice/numericAnswer';

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
    assert.equal(parseNumericAnswer('1,024,000'), 1024000);
    assert.equal(parseNumericAnswer('12,345.5'), 12345.5);
    assert.equal(parseNumericAnswer('1 024'), 1024);
    assert.equal(parseNumericAnswer('1_000_000'), 1000000);
    assert.equal(parseNumericAnswer('-0.5'), -0.5);
    assert.equal(parseNumericAnswer('\u22120.5'), -0.5);
    assert.equal(parseNumericAnswer('  3.14 '), 3.14);
    assert.equal(parseNumericAnswer('0'), 0);
  });

  test('a decimal comma is read as one where it cannot mean anything else, and says so', () => {
    for (const [text, value] of [
      ['0,6652', 0.6652],
      ['3,5', 3.5],
      [',5', 0.5],
      ['12,75', 12.75],
      ['0,665', 0.665],
      ['-0,25', -0.25],
      ['1,5e-3', 0.0015],
    ] as const) {
      const r = readNumber(text);
      assert.equal(r.kind, 'number', text);
      assert.equal(r.kind === 'number' && r.value, value, text);
      assert.match(r.kind === 'number' ? (r.note ?? '') : '', /^Read as .* \(decimal comma\)\.$/, text);
    }
    assert.equal((readNumber('1024') as { note: string | null }).note, null);
  });

  test('a comma that could be either is refused with a hint naming both readings, never guessed', () => {
    const r = readNumber('1,024');
    assert.equal(r.kind, 'invalid');
    assert.match(r.kind === 'invalid' ? r.hint : '', /could mean 1024 or 1\.024/);
    for (const bad of ['1.234,5', '1,2,3', '12,34,567', '1,,2']) {
      const x = readNumber(bad);
      assert.equal(x.kind, 'invalid', bad);
      assert.match(x.kind === 'invalid' ? x.hint : '', /dot for decimals/, bad);
    }
  });

  test('rejects empty, non-numbers and non-finite values', () => {
    for (const bad of ['', '   ', 'abc', '1.2.3', 'NaN', 'Infinity', '-Infinity', '1e999', '3 apples', '0x10', '1e-99999999', '.', '-']) {
      assert.equal(parseNumericAnswer(bad), null, JSON.stringify(bad));
    }
  });

  test('a number cut short is marked unfinished (no warning while typing), junk is not', () => {
    for (const t of ['-', '1e', '1e-', '2,', '0.']) {
      const r = readNumber(t);
      assert.ok(r.kind === 'number' || (r.kind === 'invalid' && r.unfinished), t);
    }
    for (const t of ['abc', '1,024', '1.2.3']) {
      const r = readNumber(t);
      assert.ok(r.kind === 'invalid' && !r.unfinished, t);
    }
  });
});

describe('formatExact and keySentence: the key as written, never rounded', () => {
  test('shortest decimal, no exponent, no grouping', () => {
    assert.equal(formatExact(0.6652), '0.6652');
    assert.equal(formatExact(0.0005), '0.0005');
    assert.equal(formatExact(1e-7), '0.0000001');
    assert.equal(formatExact(0.00001024), '0.00001024');
    assert.equal(formatExact(1862832), '1862832');
    assert.equal(formatExact(1e21), '1000000000000000000000');
    assert.equal(formatExact(-2.5), '-2.5');
    assert.equal(formatExact(0), '0');
  });

  test('the sentence states key, tolerance and the exact range that counts', () => {
    assert.equal(keySentence({ answer: 0.6652, tolerance: 0.0005 }), '0.6652 ± 0.0005 (anything from 0.6647 to 0.6657 counts)');
    assert.equal(keySentence({ answer: 1024, tolerance: 0, unit: 'bytes' }), '1024 bytes exactly');
    assert.equal(keySentence({ answer: 0.1, tolerance: 0.2 }), '0.1 ± 0.2 (anything from -0.1 to 0.3 counts)');
  });

  test('property: formatExact reads back as the same number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        assert.equal(Number(formatExact(x)), x === 0 ? 0 : x);
      }),
    );
  });
});

describe('gradeNumeric', () => {
  test('the issue’s case: 0.6652 ± 0.0005 grades what it shows', () => {
    const q = { answer: 0.6652, tolerance: 0.0005 };
    assert.deepEqual(gradeNumeric('0.6645', q), { status: 'wrong' });
    assert.deepEqual(gradeNumeric('0.6647', q), { status: 'right' });
    assert.deepEqual(gradeNumeric('0.6657', q), { status: 'right' });
    assert.deepEqual(gradeNumeric('0.66470001', q), { status: 'right' });
    assert.deepEqual(gradeNumeric('0.66469999', q), { status: 'wrong' });
    assert.deepEqual(gradeNumeric('0,6652', q), { status: 'right' });
    assert.equal(gradeNumeric('1,024', q).status, 'invalid');
  });

  test('tolerance is inclusive, also where binary arithmetic would miss the edge', () => {
    const q = { answer: 0.3, tolerance: 0.1 };
    assert.deepEqual(gradeNumeric('0.4', q), { status: 'right' });
    assert.deepEqual(gradeNumeric('0.2', q), { status: 'right' });
    assert.deepEqual(gradeNumeric('0.35', q), { status: 'right' });
    assert.deepEqual(gradeNumeric('0.41', q), { status: 'wrong' });
    assert.deepEqual(gradeNumeric('0.19', q), { status: 'wrong' });
    assert.equal(gradeNumeric('zero point three', q).status, 'invalid');
    assert.equal(gradeNumeric('', q).status, 'invalid');
  });

  test('zero tolerance and separators', () => {
    const q = { answer: 1024, tolerance: 0 };
    assert.deepEqual(gradeNumeric('1 024', q), { status: 'right' });
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

  test('property: decimals at the stated edge are right, one last digit past it is wrong', () => {
    // key = a / 10^d and tolerance = t / 10^d as an author writes them; the learner types key ± tolerance.
    const dec = (n: number, d: number) => formatExact(Number(`${n}e-${d}`));
    fc.assert(
      fc.property(fc.integer({ min: -1e7, max: 1e7 }), fc.integer({ min: 0, max: 1e4 }), fc.integer({ min: 0, max: 8 }), (a, t, d) => {
        const q = { answer: Number(dec(a, d)), tolerance: Number(dec(t, d)) };
        for (const edge of [a - t, a + t]) assert.equal(gradeNumeric(dec(edge, d), q).status, 'right', `${dec(edge, d)} vs ${keySentence(q)}`);
        for (const past of [a - t - 1, a + t + 1]) assert.equal(gradeNumeric(dec(past, d), q).status, 'wrong', `${dec(past, d)} vs ${keySentence(q)}`);
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
