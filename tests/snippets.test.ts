import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { multiHeadAttention, scaledDotProductAttention, toRows, type Matrix } from '../lib/attention';
import { AttentionInputError } from '../lib/errors';
import { randomNormalMatrix } from '../lib/random';
import {
  numpyAttentionSnippet,
  numpyMultiHeadSnippet,
  pytorchAttentionSnippet,
  pytorchMultiHeadSnippet,
  type AttentionSnippetInput,
} from '../lib/snippets/attentionSnippets';
import { matrixToCsv } from '../lib/snippets/csv';
import { numpyArrayLiteral, pythonFloat, pythonFloat32, pythonString, torchTensorLiteral } from '../lib/snippets/pythonLiterals';

const python = spawnSync('python3', ['-c', 'import numpy, json; print(numpy.__version__)'], { encoding: 'utf8' });
const numpyMissing = python.status !== 0 ? 'python3 with numpy is not installed here: the NumPy snippets were not run' : false;

/** Runs a script with python3 and parses the JSON on its last printed line. */
function runPython(script: string): unknown {
  const r = spawnSync('python3', ['-W', 'error', '-'], { input: script, encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 0, `python3 failed:\n${r.stderr}\n--- script ---\n${script}`);
  const lines = r.stdout.trimEnd().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}
/** Several scripts in one python3 process (each in its own namespace), to keep the file fast. */
function runPythonMany(scripts: string[]): unknown[] {
  const driver = [
    'import contextlib, io, json, sys',
    `scripts = json.loads(${JSON.stringify(JSON.stringify(scripts))})`,
    'results = []',
    'for s in scripts:',
    '    out = io.StringIO()',
    '    with contextlib.redirect_stdout(out):',
    '        exec(compile(s, "snippet", "exec"), {"__name__": "__main__"})',
    '    results.append(json.loads(out.getvalue().strip().split("\\n")[-1]))',
    'print(json.dumps(results))',
  ].join('\n');
  return runPython(driver) as unknown[];
}

function assertClose(actual: number[][], expected: Matrix, what: string, tol = 2e-6): void {
  const rows = toRows(expected);
  assert.equal(actual.length, rows.length, `${what}: row count`);
  rows.forEach((row, i) =>
    row.forEach((x, j) => {
      const a = actual[i][j];
      assert.ok(Math.abs(a - x) <= tol * Math.max(1, Math.abs(x)), `${what}[${i}][${j}]: python ${a} vs lab ${x}`);
    }),
  );
}

const f32 = (seed: number, rows: number, cols: number, std = 1) => randomNormalMatrix(seed, rows, cols, { std, float32: true }) as Matrix;
const maskOf = (rows: number[][]): Matrix => ({ rows: rows.length, cols: rows[0].length, data: new Float32Array(rows.flat()) });

describe('pythonFloat / pythonFloat32 / pythonString', () => {
  test('hand-worked spellings', () => {
    assert.equal(pythonFloat(3), '3.0', 'an int literal would make an int in Python');
    assert.equal(pythonFloat(-0), '-0.0');
    assert.equal(pythonFloat(0.1), '0.1');
    assert.equal(pythonFloat(1e21), '1e+21', 'Python reads 1e+21 as a float');
    assert.equal(pythonFloat(1e16), '10000000000000000.0');
    assert.equal(pythonFloat(5e-7), '5e-7');
    assert.equal(pythonFloat(Infinity), "float('inf')");
    assert.equal(pythonFloat(-Infinity), "-float('inf')");
    assert.throws(() => pythonFloat(NaN), AttentionInputError);
    // float32(0.1) = 0.100000001490116…; "0.1" already rounds back to it, so one digit suffices.
    assert.equal(pythonFloat32(0.1), '0.1');
    // float32(1/3) = 0.3333333432674408; 0.3333333 → float32 0.33333331 ≠, 0.33333334 → same.
    assert.equal(pythonFloat32(1 / 3), '0.33333334');
    assert.equal(pythonFloat32(16777217), '16777216.0', '2²⁴+1 is not a float32; it rounds to 2²⁴');
    assert.equal(pythonFloat32(-0), '-0.0');
    assert.equal(pythonFloat32(1e39), "float('inf')", 'beyond float32 range, as numpy rounds it');
    assert.equal(pythonString('a"b\\c\nd\u0001é🐈'), '"a\\"b\\\\c\\nd\\x01é🐈"');
    assert.equal(pythonString('\ud800x'), '"\\ufffdx"', 'a lone surrogate cannot be printed');
  });
  test('float32: fewest digits that round-trip (property)', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = pythonFloat32(x);
        const back = Number(s);
        assert.ok(Object.is(Math.fround(back), Math.fround(x)), `${s} reads back as float32 ${x}`);
        const significant = s.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0$/, '');
        if (significant.length > 1) {
          // One digit fewer must not round-trip (otherwise the literal is not the shortest).
          const shorter = Number(back.toPrecision(significant.length - 1));
          assert.ok(Math.fround(shorter) !== Math.fround(x) || s.endsWith('.0'), `${s} is not the shortest for ${x}`);
        }
      }),
      { numRuns: 2000 },
    );
  });
  test('float64: JS shortest repr reads back exactly (property)', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => Object.is(Number(pythonFloat(x).replace(/\.0$/, '')), x)));
  });
  test('literals: shape, dtype, wrapping, and Python reads them back to the same values', { skip: numpyMissing }, () => {
    assert.equal(numpyArrayLiteral([[1, 2], [3, 0.5]], 'float64'), 'np.array([[1.0, 2.0], [3.0, 0.5]], dtype=np.float64)');
    assert.equal(torchTensorLiteral([[1, 2]], 'float32'), 'torch.tensor([[1.0, 2.0]], dtype=torch.float32)');
    const wide = f32(9, 3, 20);
    const literal = numpyArrayLiteral(wide, 'float32');
    assert.ok(literal.split('\n').every((line) => line.length <= 88), `every line ≤ 88:\n${literal}`);
    const back = runPython(`import json\nimport numpy as np\nA = ${literal}\nprint(json.dumps(A.tolist()))`) as number[][];
    // Exact: each float32 literal parses to the same float32 the lab holds.
    assert.deepEqual(back, toRows(wide));
    assert.throws(() => numpyArrayLiteral([[1, NaN]], 'float32', 'Q'), /Q row 1, column 2 is NaN/);
    assert.throws(() => numpyArrayLiteral([[1], [2, 3]], 'float32', 'Q'), /Q row 2 has 2 numbers/);
    assert.throws(() => numpyArrayLiteral([[1]], 'float16' as 'float32'), /dtype/);
  });
});

describe('NumPy snippets reproduce lib/attention.ts', { skip: numpyMissing }, () => {
  test('scaled dot-product attention: plain, causal, mask + causal (blocked row), scale + temperature, float64', () => {
    const q = f32(1, 4, 3);
    const k = f32(2, 5, 3);
    const v = f32(3, 5, 2);
    // Row 2 is fully blocked once causal is added (its only allowed key is 3 > 1).
    const mask = maskOf([[1, 1, 0, 1, 1], [0, 0, 1, 0, 1], [1, 1, 1, 0, 0], [0, 1, 1, 1, 1]]);
    const cases: { input: AttentionSnippetInput; lab: () => ReturnType<typeof scaledDotProductAttention> }[] = [
      { input: { q, k, v }, lab: () => scaledDotProductAttention(q, k, v) },
      { input: { q, k, v, causal: true, tokens: ['a', 'b', 'c', 'd'] }, lab: () => scaledDotProductAttention(q, k, v, { causal: true }) },
      { input: { q, k, v, causal: true, mask }, lab: () => scaledDotProductAttention(q, k, v, { causal: true, mask }) },
      { input: { q, k, v, mask, scale: 0.7, temperature: 2.5 }, lab: () => scaledDotProductAttention(q, k, v, { mask, scale: 0.7 / 2.5 }) },
    ];
    const q64 = randomNormalMatrix(4, 3, 3) as Matrix;
    const v64 = randomNormalMatrix(5, 3, 4) as Matrix;
    const results = runPythonMany([...cases.map((c) => numpyAttentionSnippet(c.input)), numpyAttentionSnippet({ q: q64, k: q64, v: v64, causal: true })]) as {
      weights: number[][];
      output: number[][];
    }[];
    cases.forEach((c, i) => {
      const lab = c.lab();
      assert.ok(lab.weights.data instanceof Float32Array, 'the lab computed in float32');
      assertClose(results[i].weights, lab.weights, `case ${i} weights`);
      assertClose(results[i].output, lab.output, `case ${i} output`);
    });
    assert.deepEqual(results[2].weights[1], [0, 0, 0, 0, 0], 'fully blocked row → zero weights, no NaN');
    const lab64 = scaledDotProductAttention(q64, q64, v64, { causal: true });
    assertClose(results[4].weights, lab64.weights, 'float64 weights', 1e-12);
    assertClose(results[4].output, lab64.output, 'float64 output', 1e-12);
  });
  test('an independent hand-worked case: 1 query, 2 keys', () => {
    // scores = [1·1, 1·0]·scale with scale 1 → [1, 0]; softmax = [e/(e+1), 1/(e+1)] = [0.7310586, 0.2689414];
    // output = 0.7310586·10 + 0.2689414·20 = 12.689414.
    const [r] = runPythonMany([numpyAttentionSnippet({ q: [[1, 0]], k: [[1, 0], [0, 1]], v: [[10], [20]], scale: 1 })]) as { weights: number[][]; output: number[][] }[];
    const a = Math.E / (Math.E + 1);
    assert.ok(Math.abs(r.weights[0][0] - a) < 1e-12 && Math.abs(r.output[0][0] - (10 * a + 20 * (1 - a))) < 1e-12, JSON.stringify(r));
  });
  test('multi-head: self-attention (causal) and cross-attention (mask), float32', () => {
    const x = f32(11, 5, 8);
    const xkv = f32(12, 6, 8);
    const w = { wq: f32(13, 8, 8, 0.4), wk: f32(14, 8, 8, 0.4), wv: f32(15, 8, 8, 0.4), wo: f32(16, 8, 8, 0.4) };
    const mask = maskOf(Array.from({ length: 5 }, (_, i) => Array.from({ length: 6 }, (_, j) => ((i + j) % 3 === 0 ? 0 : 1))));
    const [self, cross] = runPythonMany([
      numpyMultiHeadSnippet({ xq: x, ...w, heads: 2, causal: true }),
      numpyMultiHeadSnippet({ xq: x, xkv, ...w, heads: 4, mask }),
    ]) as { heads: { weights: number[][]; output: number[][] }[]; output: number[][] }[];
    const labSelf = multiHeadAttention(x, x, w, 2, { causal: true });
    const labCross = multiHeadAttention(x, xkv, w, 4, { mask });
    for (const [py, lab, name] of [[self, labSelf, 'self'], [cross, labCross, 'cross']] as const) {
      assert.equal(py.heads.length, lab.heads.length, `${name}: head count`);
      lab.heads.forEach((h, i) => {
        assertClose(py.heads[i].weights, h.weights, `${name} head ${i} weights`);
        assertClose(py.heads[i].output, h.output, `${name} head ${i} output`);
      });
      assertClose(py.output, lab.output, `${name} output`, 5e-6);
    }
  });
});

describe('PyTorch snippets (torch is not installed here, so they are checked as text, not run)', () => {
  const q = f32(1, 3, 4);
  const k = f32(2, 3, 4);
  const v = f32(3, 3, 2);
  const mask = maskOf([[1, 1, 0], [0, 1, 1], [1, 1, 1]]);
  test('SDPA call, literals identical to the NumPy ones, mask/causal handling', () => {
    const plain = pytorchAttentionSnippet({ q, k, v, temperature: 0.5 });
    assert.match(plain, /import torch\.nn\.functional as F/);
    assert.match(plain, /F\.scaled_dot_product_attention\(\n\s+q\[None\], k\[None\], v\[None\], attn_mask=None, scale=effective_scale\n\)\[0\]/);
    assert.match(plain, /temperature = 0\.5\neffective_scale|effective_scale = scale \/ temperature/);
    assert.match(plain, /dividing the scores by T is the same as multiplying the scale by 1\/T/);
    assert.match(plain, />= 2\.1/);
    const numpy = numpyAttentionSnippet({ q, k, v });
    const body = (s: string, start: string) => s.slice(s.indexOf(start)).split('\n', 5).slice(1, 4).join('\n');
    assert.equal(body(plain, 'q = torch.tensor('), body(numpy, 'Q = np.array('), 'same number literals in both scripts');
    assert.ok(plain.includes('dtype=torch.float32'), 'float32 tensors for float32 inputs');
    assert.ok(numpyAttentionSnippet({ q, k, v, mask: [[1, 1, 1], [1, 1, 1], [1, 1, 1]] }).includes('dtype=np.float32'), 'a number[][] mask does not change the precision');
    assert.ok(numpyAttentionSnippet({ q: toRows(q), k, v }).includes('dtype=np.float64'), 'plain arrays are float64, as the lab computes them');

    const causal = pytorchAttentionSnippet({ q, k, v, causal: true });
    assert.match(causal, /is_causal=True/, 'causal alone uses is_causal');
    assert.ok(!/attn_mask=allowed/.test(causal), 'and no attn_mask');

    const both = pytorchAttentionSnippet({ q, k, v, causal: true, mask });
    assert.match(both, /attn_mask=allowed, scale=/);
    assert.ok(!/scaled_dot_product_attention\([^)]*is_causal/.test(both), 'never attn_mask and is_causal together in the call');
    assert.match(both, /allowed = torch\.tensor\(\[\[1, 1, 0\], \[0, 1, 1\], \[1, 1, 1\]\], dtype=torch\.bool\)/);
    assert.match(both, /allowed &= torch\.ones\(q\.shape\[0\], k\.shape\[0\], dtype=torch\.bool\)\.tril\(\)/);
    assert.match(both, /refuses attn_mask together with is_causal=True/);
    assert.match(both, /masked_fill\(~allowed, float\("-inf"\)\)/);
    assert.match(both, /torch\.softmax\(scores, dim=-1\)\.nan_to_num\(0\.0\)/);
  });
  test('multi-head: per-head SDPA, columns per head, concat then Wo, nn.MultiheadAttention explained', () => {
    const x = f32(11, 3, 4);
    const w = { wq: f32(13, 4, 4), wk: f32(14, 4, 4), wv: f32(15, 4, 4), wo: f32(16, 4, 4) };
    const s = pytorchMultiHeadSnippet({ xq: x, ...w, heads: 2, mask });
    for (const needle of [
      'Q = Xq @ Wq',
      'cols = slice(h * d_head, (h + 1) * d_head)',
      'scale=1 / math.sqrt(d_head)',
      'attn_mask=allowed',
      'output = torch.cat(head_outputs, dim=1) @ Wo',
      'in_proj_weight = torch.cat([Wq.T, Wk.T, Wv.T])',
      'Xkv = Xq  # self-attention',
      `Wo = ${torchTensorLiteral(w.wo, 'float32')}`,
    ]) {
      assert.ok(s.includes(needle), `contains ${needle}`);
    }
  });
  test('bad inputs are refused with the input named', () => {
    assert.throws(() => numpyAttentionSnippet({ q, k: f32(2, 3, 5), v }), (e) => e instanceof AttentionInputError && e.where?.input === 'K');
    assert.throws(() => numpyAttentionSnippet({ q, k, v: f32(3, 2, 2) }), /V has 2 rows but K has 3/);
    assert.throws(() => numpyAttentionSnippet({ q, k, v, temperature: 0 }), /temperature/);
    assert.throws(() => numpyAttentionSnippet({ q, k, v, mask: maskOf([[1, 1]]) }), /mask is 1×2 but must be queries × keys = 3×3/);
    assert.throws(() => numpyAttentionSnippet({ q, k, v, tokens: ['a'] }), /one token/);
    assert.throws(() => numpyAttentionSnippet({ q: [[1, Infinity]], k: [[1, 2]], v: [[1]] }), /Q row 1, column 2 is Infinity/);
    assert.throws(() => numpyMultiHeadSnippet({ xq: f32(1, 2, 6), wq: f32(1, 6, 6), wk: f32(1, 6, 6), wv: f32(1, 6, 6), wo: f32(1, 6, 6), heads: 4 }), /cannot be split into 4 heads/);
    assert.throws(() => numpyAttentionSnippet({ q: f32(1, 200, 100), k: f32(1, 200, 100), v: f32(1, 200, 1) }), /can be copied as code/);
  });
  test('tokens go into string literals only, escaped', () => {
    const s = numpyAttentionSnippet({ q, k, v, tokens: ['a"\nprint("pwned")', '#x', 'c'] });
    assert.ok(s.includes('tokens = ["a\\"\\nprint(\\"pwned\\")", "#x", "c"]'), 'escaped literal');
    assert.ok(!s.includes('\nprint("pwned")'), 'no injected line');
  });
});

describe('matrixToCsv', () => {
  test('hand-worked: labels quoted and defused, numbers rounded, -inf', () => {
    const csv = matrixToCsv(
      [
        [1 / 3, -Infinity],
        [-0.00001, 2],
      ],
      { rowLabels: ['=SUM(A1)', 'a,b'], colLabels: ['say "hi"', 'two\nlines'], digits: 3 },
    );
    // 1/3 → 0.333; -0.00001 → "-0.000" → 0 (no "-0"); -Infinity → -inf.
    assert.equal(csv, ',"say ""hi""","two\nlines"\r\n\'=SUM(A1),0.333,-inf\r\n"a,b",0,2\r\n');
    assert.equal(matrixToCsv([[1.5, NaN]]), '1.5,nan\r\n');
    assert.equal(matrixToCsv([[1, 2, 3]], { colLabels: ['+1', '-x', '@a'] }), "'+1,'-x,'@a\r\n1,2,3\r\n");
    assert.equal(matrixToCsv([[-1]], { rowLabels: ['@cmd'] }), "'@cmd,-1\r\n", 'negative numbers are not prefixed');
    assert.throws(() => matrixToCsv([[1, 2]], { colLabels: ['a'] }), /colLabels must be 2 texts/);
  });
  test('property: an RFC 4180 reader gets the labels and values back', () => {
    const parse = (csv: string): string[][] => {
      const rows: string[][] = [[]];
      let field = '';
      let quoted = false;
      for (let i = 0; i < csv.length; i++) {
        const c = csv[i];
        if (quoted) {
          if (c === '"' && csv[i + 1] === '"') (field += '"'), i++;
          else if (c === '"') quoted = false;
          else field += c;
        } else if (c === '"') quoted = true;
        else if (c === ',') rows[rows.length - 1].push(field), (field = '');
        else if (c === '\r' && csv[i + 1] === '\n') rows[rows.length - 1].push(field), (field = ''), rows.push([]), i++;
        else field += c;
      }
      rows.pop();
      return rows;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((n) =>
          fc.tuple(fc.array(fc.array(fc.double({ noNaN: true }), { minLength: 2, maxLength: 2 }), { minLength: n, maxLength: n }), fc.array(fc.string(), { minLength: n, maxLength: n })),
        ),
        ([matrix, labels]) => {
          const back = parse(matrixToCsv(matrix, { rowLabels: labels }));
          back.forEach((row, i) => {
            const expectedLabel = /^[=+\-@\t\r]/.test(labels[i]) ? `'${labels[i]}` : labels[i];
            assert.equal(row[0], expectedLabel);
            row.slice(1).forEach((cell, j) => {
              const x = matrix[i][j];
              const read = cell === 'inf' ? Infinity : cell === '-inf' ? -Infinity : Number(cell);
              assert.ok(read === x || (x === 0 && read === 0), `${cell} reads back as ${x}`);
            });
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
