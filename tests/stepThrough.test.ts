import { test, describe } from 'node:test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ATTENTION_STAGE_INFO,
  ATTENTION_STAGES,
  computeAttentionStages,
  explainCell,
  formatCompact,
  stageCellSources,
  stageShapesOf,
  subscript,
  STEP_THROUGH_MAX_SCORE_CELLS,
} from '../lib/calculators/stepThrough';
import { scaledDotProductAttention } from '../lib/attention';
import { fromRows, toRows, type Matrix } from '../lib/matrix';
import { referenceAttention } from './support/reference';
import { throwsInput } from './support/assertions';

// Q 2×2, K 3×2, V 3×2. S = QKᵀ:
//   row 1: (1,2)·(1,0) = 1, (1,2)·(1,1) = 3, (1,2)·(0,2) = 4
//   row 2: (0,1)·(1,0) = 0, (0,1)·(1,1) = 1, (0,1)·(0,2) = 2
const Q = fromRows([
  [1, 2],
  [0, 1],
]);
const K = fromRows([
  [1, 0],
  [1, 1],
  [0, 2],
]);
const V = fromRows([
  [1, 0],
  [0, 1],
  [2, 2],
]);

function close(actual: number[][], expected: number[][], tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: rows`);
  actual.forEach((row, i) =>
    row.forEach((x, j) => {
      const e = expected[i][j];
      if (e === -Infinity || x === -Infinity) assert.equal(x, e, `${what}[${i}][${j}]`);
      else assert.ok(Math.abs(x - e) <= tol, `${what}[${i}][${j}] = ${x}, expected ${e}`);
    }),
  );
}

describe('computeAttentionStages', () => {
  test('worked example: scale 0.5, T = 2, causal', () => {
    const s = computeAttentionStages({ q: Q, k: K, v: V, scale: 0.5, temperature: 2, causal: true });
    assert.deepEqual(toRows(s.rawScores), [
      [1, 3, 4],
      [0, 1, 2],
    ]);
    // L = S · 0.5 / 2 = S / 4
    assert.equal(s.effectiveScale, 0.25);
    assert.deepEqual(toRows(s.scaledScores), [
      [0.25, 0.75, 1],
      [0, 0.25, 0.5],
    ]);
    // causal, top-left: query 1 sees key 1, query 2 sees keys 1–2
    assert.deepEqual(toRows(s.mask as Matrix), [
      [1, 0, 0],
      [1, 1, 0],
    ]);
    assert.deepEqual(toRows(s.maskedScores), [
      [0.25, -Infinity, -Infinity],
      [0, 0.25, -Infinity],
    ]);
    // row 2: e^0 / (e^0 + e^0.25) = 1 / 2.2840254 = 0.4378235, e^0.25 / 2.2840254 = 0.5621765
    close(
      toRows(s.weights),
      [
        [1, 0, 0],
        [0.4378235, 0.5621765, 0],
      ],
      1e-7,
      'weights',
    );
    // O row 2 = 0.4378·(1,0) + 0.5622·(0,1)
    close(
      toRows(s.output),
      [
        [1, 0],
        [0.4378235, 0.5621765],
      ],
      1e-7,
      'output',
    );
    assert.equal(s.scale, 0.5);
    assert.equal(s.temperature, 2);
    assert.deepEqual(s.fullyBlockedRows, []);
  });

  test('default scale is 1/√d and no mask means mask = null', () => {
    const s = computeAttentionStages({ q: Q, k: K, v: V });
    assert.equal(s.scale, 1 / Math.sqrt(2));
    assert.equal(s.effectiveScale, 1 / Math.sqrt(2));
    assert.equal(s.mask, null);
    assert.deepEqual(Array.from(s.maskedScores.data), Array.from(s.scaledScores.data));
    // an all-ones mask blocks nothing either
    const ones = fromRows([
      [1, 1, 1],
      [1, 1, 1],
    ]);
    assert.equal(computeAttentionStages({ q: Q, k: K, v: V, mask: ones }).mask, null);
  });

  test('causal ∧ mask combine; a fully blocked row gets zero weights and output (PyTorch ≥ 2.5)', () => {
    const mask = fromRows([
      [0, 1, 1],
      [1, 1, 1],
    ]);
    const s = computeAttentionStages({ q: Q, k: K, v: V, causal: true, mask });
    // row 1: causal allows only key 1, the mask blocks it → nothing left
    assert.deepEqual(toRows(s.mask as Matrix), [
      [0, 0, 0],
      [1, 1, 0],
    ]);
    assert.deepEqual(s.fullyBlockedRows, [0]);
    assert.deepEqual(toRows(s.weights)[0], [0, 0, 0]);
    assert.deepEqual(toRows(s.output)[0], [0, 0]);
    for (const x of s.weights.data) assert.ok(!Number.isNaN(x), 'no NaN in weights');
  });

  test('weights, output and masked scores are exactly the core’s (property)', () => {
    const matrixArb = (rows: number, cols: number) =>
      fc.array(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: cols, maxLength: cols }), {
        minLength: rows,
        maxLength: rows,
      });
    const caseArb = fc
      .record({ nq: fc.integer({ min: 1, max: 5 }), nk: fc.integer({ min: 1, max: 5 }), d: fc.integer({ min: 1, max: 4 }), dv: fc.integer({ min: 1, max: 3 }) })
      .chain(({ nq, nk, d, dv }) =>
        fc.record({
          q: matrixArb(nq, d),
          k: matrixArb(nk, d),
          v: matrixArb(nk, dv),
          mask: fc.option(fc.array(fc.array(fc.constantFrom(0, 1), { minLength: nk, maxLength: nk }), { minLength: nq, maxLength: nq })),
          causal: fc.boolean(),
          temperature: fc.double({ min: 0.25, max: 4, noNaN: true }),
          scale: fc.option(fc.double({ min: -2, max: 2, noNaN: true })),
        }),
      );
    fc.assert(
      fc.property(caseArb, (c) => {
        const q = fromRows(c.q);
        const k = fromRows(c.k);
        const v = fromRows(c.v);
        const mask = c.mask === null ? undefined : fromRows(c.mask);
        const s = computeAttentionStages({ q, k, v, causal: c.causal, temperature: c.temperature, ...(mask ? { mask } : {}), ...(c.scale === null ? {} : { scale: c.scale }) });
        const scale = (c.scale ?? 1 / Math.sqrt(c.q[0].length)) / c.temperature;
        const core = scaledDotProductAttention(q, k, v, { scale, causal: c.causal, ...(mask ? { mask } : {}) });
        assert.deepEqual(Array.from(s.weights.data), Array.from(core.weights.data));
        assert.deepEqual(Array.from(s.output.data), Array.from(core.output.data));
        assert.deepEqual(Array.from(s.maskedScores.data), Array.from(core.scores.data));
        // and an independent float64 reference agrees to rounding
        const ref = referenceAttention(c.q, c.k, c.v, { scale, causal: c.causal, ...(c.mask ? { mask: c.mask } : {}) });
        close(toRows(s.weights), ref.weights, 1e-12, 'weights vs reference');
        close(toRows(s.output), ref.output, 1e-11, 'output vs reference');
        // raw scores: an independent dot product
        s.rawScores.data.forEach((x, at) => {
          const i = Math.floor(at / k.rows);
          const j = at % k.rows;
          const dot = c.q[i].reduce((acc, qi, p) => acc + qi * c.k[j][p], 0);
          assert.ok(Math.abs(x - dot) <= 1e-12, `raw ${i},${j}`);
        });
      }),
      { numRuns: 150 },
    );
  });

  test('float32 inputs: stages are float64 and the caller’s arrays are untouched', () => {
    const q32 = { rows: 2, cols: 2, data: Float32Array.from(Q.data) };
    const s = computeAttentionStages({ q: q32, k: K, v: V });
    assert.ok(s.inputs.q.data instanceof Float64Array, 'q widened');
    assert.ok(s.weights.data instanceof Float64Array, 'weights float64');
    assert.notEqual(s.inputs.q.data, q32.data);
    assert.equal(q32.data.length, 4);
  });

  test('structured-cloneable', () => {
    const s = computeAttentionStages({ q: Q, k: K, v: V, causal: true });
    assert.deepEqual(structuredClone(s), s);
  });

  test('refuses bad input with a message naming it', () => {
    throwsInput(() => computeAttentionStages({ q: Q, k: fromRows([[1, 2, 3]]), v: fromRows([[1]]) }), /same width d/, 'K');
    throwsInput(() => computeAttentionStages({ q: Q, k: K, v: fromRows([[1]]) }), /one row per key/, 'V');
    throwsInput(() => computeAttentionStages({ q: Q, k: K, v: V, temperature: 0 }), /greater than 0/, 'temperature');
    throwsInput(() => computeAttentionStages({ q: Q, k: K, v: V, scale: NaN }), /finite/, 'scale');
    throwsInput(() => computeAttentionStages({ q: Q, k: K, v: V, mask: fromRows([[1, 1]]) }), /one entry per query and key/, 'mask');
    throwsInput(() => computeAttentionStages({ q: Q, k: K, v: V, causal: 'yes' as unknown as boolean }), /true or false/, 'causal');
    const n = Math.sqrt(STEP_THROUGH_MAX_SCORE_CELLS) * 2;
    const big = { rows: n, cols: 1, data: new Float64Array(n) };
    throwsInput(() => computeAttentionStages({ q: big, k: big, v: big }), /fewer queries or keys/, 'size');
    throwsInput(() => computeAttentionStages({ q: fromRows([[1e200]]), k: fromRows([[1e200]]), v: fromRows([[1]]), scale: 1 }), /overflows/);
  });
});

describe('stage metadata', () => {
  test('every stage has a title, TeX and a sentence', () => {
    assert.deepEqual(Object.keys(ATTENTION_STAGE_INFO), [...ATTENTION_STAGES]);
    for (const stage of ATTENTION_STAGES) {
      const info = ATTENTION_STAGE_INFO[stage];
      assert.ok(info.title.length > 0 && info.formulaTex.length > 0 && info.description.endsWith('.'), stage);
    }
    assert.equal(ATTENTION_STAGE_INFO.rawScores.formulaTex, 'S = QK^\\top');
  });
});

describe('stageCellSources', () => {
  const shapes = { nq: 2, nk: 3, d: 2, dv: 2, hasMask: true };
  test('each stage points at the cells it was computed from', () => {
    assert.deepEqual(stageCellSources('rawScores', 1, 2, shapes), [
      { matrix: 'q', rows: [1, 2], cols: [0, 2] },
      { matrix: 'k', rows: [2, 3], cols: [0, 2] },
    ]);
    assert.deepEqual(stageCellSources('scaledScores', 0, 1, shapes), [{ matrix: 'rawScores', rows: [0, 1], cols: [1, 2] }]);
    assert.deepEqual(stageCellSources('maskedScores', 0, 1, shapes), [
      { matrix: 'scaledScores', rows: [0, 1], cols: [1, 2] },
      { matrix: 'mask', rows: [0, 1], cols: [1, 2] },
    ]);
    assert.deepEqual(stageCellSources('maskedScores', 0, 1, { ...shapes, hasMask: false }), [
      { matrix: 'scaledScores', rows: [0, 1], cols: [1, 2] },
    ]);
    assert.deepEqual(stageCellSources('weights', 1, 0, shapes), [{ matrix: 'maskedScores', rows: [1, 2], cols: [0, 3] }]);
    assert.deepEqual(stageCellSources('output', 1, 1, shapes), [
      { matrix: 'weights', rows: [1, 2], cols: [0, 3] },
      { matrix: 'v', rows: [0, 3], cols: [1, 2] },
    ]);
    assert.deepEqual(stageCellSources('q', 1, 1, shapes), []);
  });

  test('every source range lies inside its matrix (property)', () => {
    const names = ['q', 'k', 'v', 'mask', 'rawScores', 'scaledScores', 'maskedScores', 'weights', 'output'] as const;
    fc.assert(
      fc.property(
        fc.record({ nq: fc.integer({ min: 1, max: 9 }), nk: fc.integer({ min: 1, max: 9 }), d: fc.integer({ min: 1, max: 9 }), dv: fc.integer({ min: 1, max: 9 }), hasMask: fc.boolean() }),
        fc.constantFrom(...names),
        fc.nat(),
        fc.nat(),
        (sh, name, r, c) => {
          const dims: Record<string, [number, number]> = {
            q: [sh.nq, sh.d],
            k: [sh.nk, sh.d],
            v: [sh.nk, sh.dv],
            output: [sh.nq, sh.dv],
          };
          const [rows, cols] = dims[name] ?? [sh.nq, sh.nk];
          for (const src of stageCellSources(name, r % rows, c % cols, sh)) {
            const [sr, sc] = dims[src.matrix] ?? [sh.nq, sh.nk];
            assert.ok(src.rows[0] >= 0 && src.rows[0] < src.rows[1] && src.rows[1] <= sr, `${name} → ${src.matrix} rows`);
            assert.ok(src.cols[0] >= 0 && src.cols[0] < src.cols[1] && src.cols[1] <= sc, `${name} → ${src.matrix} cols`);
          }
        },
      ),
    );
  });

  test('out-of-range cells are refused, 1-based in the message, 0-based in where', () => {
    assert.throws(
      () => stageCellSources('weights', 2, 0, shapes),
      (e: unknown) => {
        assert.match((e as Error).message, /Row 3 is outside weights, which has rows 1 to 2/);
        assert.equal((e as { where: { row: number } }).where.row, 2);
        return true;
      },
    );
    throwsInput(() => stageCellSources('output', 0, 2, shapes), /Column 3 is outside output/);
    throwsInput(() => stageCellSources('nope' as 'q', 0, 0, shapes), /must be one of/);
    throwsInput(() => stageCellSources('q', 0, 0, { ...shapes, nq: 0 }), /shapes.nq/);
  });
});

describe('explainCell', () => {
  const s = computeAttentionStages({ q: Q, k: K, v: V, scale: 0.5, temperature: 2, causal: true });
  test('raw score: the dot product written out', () => {
    // q₁·k₂ = (1,2)·(1,1) = 1×1 + 2×1 = 3
    assert.equal(explainCell(s, 'rawScores', 0, 1), 'S₁₂ = q₁·k₂ = 1×1 + 2×1 = 3');
  });
  test('scaled score, masked score, weight, output', () => {
    assert.equal(explainCell(s, 'scaledScores', 0, 1), 'L₁₂ = S₁₂ × scale / T = 3 × 0.5 / 2 = 0.75');
    assert.match(explainCell(s, 'maskedScores', 0, 1), /^M₁₂ = −∞: mask₁₂ = 0/);
    assert.match(explainCell(s, 'maskedScores', 1, 1), /^M₂₂ = L₂₂ = 0.25: mask₂₂ = 1/);
    // row 2: max = 0.25, Σ = e^(0 − 0.25) + e^0 = 0.7788 + 1 = 1.779, A₂₂ = 1 / 1.779 = 0.5622
    assert.match(explainCell(s, 'weights', 1, 1), /^A₂₂ = exp\(M₂₂ − max\)\/Σ = exp\(0.25 − 0.25\)\/1.779 = 0.5622, where max = 0.25/);
    assert.match(explainCell(s, 'weights', 0, 2), /blocked/);
    // O₂₁ = 0.4378×1 + 0.5622×0 + 0×2 = 0.4378
    assert.equal(explainCell(s, 'output', 1, 0), 'O₂₁ = Σⱼ A₂ⱼ·Vⱼ₁ = 0.4378×1 + 0.5622×0 + 0×2 = 0.4378');
    assert.equal(explainCell(s, 'q', 0, 1), 'Q₁₂ = 2: an input.');
  });
  test('the softmax sum counts only the keys the query may attend', () => {
    // Causal: query 2 sees keys 1–2 of 3, query 1 sees key 1 only; without a mask, all 3.
    assert.match(explainCell(s, 'weights', 1, 1), /over its 2 keys not masked \(of 3\)\.$/);
    assert.match(explainCell(s, 'weights', 0, 0), /over its 1 key not masked \(of 3\)\.$/);
    const open = computeAttentionStages({ q: Q, k: K, v: V });
    assert.match(explainCell(open, 'weights', 1, 1), /over its 3 keys\.$/);
  });
  test('long sums stop after 8 terms; negatives in parentheses', () => {
    const d = 10;
    const q = { rows: 1, cols: d, data: Float64Array.from({ length: d }, (_, i) => i + 1) };
    const k = { rows: 1, cols: d, data: Float64Array.from({ length: d }, () => -1) };
    const t = explainCell(computeAttentionStages({ q, k, v: fromRows([[1]]) }), 'rawScores', 0, 0);
    // Σ (i+1)·(−1) for i < 10 = −55
    assert.equal(t, 'S₁₁ = q₁·k₁ = 1×(−1) + 2×(−1) + 3×(−1) + 4×(−1) + 5×(−1) + 6×(−1) + 7×(−1) + 8×(−1) + … = −55');
  });
  test('fully blocked row', () => {
    const s2 = computeAttentionStages({ q: Q, k: K, v: V, mask: fromRows([[0, 0, 0], [1, 1, 1]]) });
    assert.match(explainCell(s2, 'weights', 0, 0), /may attend no key at all/);
    throwsInput(() => explainCell(s2, 'weights', 5, 0), /Row 6 is outside weights/);
  });
  test('formatting helpers', () => {
    assert.equal(formatCompact(1 / Math.sqrt(2)), '0.7071');
    assert.equal(formatCompact(-1234.5678), '−1235');
    assert.equal(formatCompact(2), '2');
    assert.equal(formatCompact(-Infinity), '−∞');
    assert.equal(subscript(0, 1), '₁₂');
    assert.equal(subscript(0, 11), '₁,₁₂');
  });
  test('shapes of a result', () => {
    assert.deepEqual(stageShapesOf(s), { nq: 2, nk: 3, d: 2, dv: 2, hasMask: true });
  });
});

describe('words about the stages', () => {
  const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
  const count = (word: string) => (/^\d+$/.test(word) ? Number(word) : NUMBER_WORDS.indexOf(word.toLowerCase()));
  // The calculator pages (and the gallery, which shows their summaries) and the step-through's own code.
  const dir = join(import.meta.dirname, '..', 'content', 'calculators');
  const sources = [
    ...readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => join(dir, f)),
    join(import.meta.dirname, '..', 'components', 'calculators', 'StepThroughCalculator.tsx'),
    join(import.meta.dirname, '..', 'lib', 'calculators', 'stepThrough.ts'),
  ];
  test('every "N stages" says as many stages as the widget has, and "N small steps" one fewer (the inputs are a stage)', () => {
    let seen = 0;
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\b(\d+|zero|one|two|three|four|five|six|seven|eight|nine|ten)\s+(stages|small steps)\b/gi)) {
        const want = m[2].toLowerCase() === 'stages' ? ATTENTION_STAGES.length : ATTENTION_STAGES.length - 1;
        assert.equal(count(m[1]), want, `${file}: "${m[0]}" but the step-through has ${ATTENTION_STAGES.length} stages`);
        seen++;
      }
    }
    assert.ok(seen >= 2, 'the step-through page counts its stages');
  });
});
