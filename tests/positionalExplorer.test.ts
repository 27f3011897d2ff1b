import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  computeSinusoidalTable,
  positionSimilarity,
  rotaryOffsetInvariance,
  rotaryPairDemo,
  type Vec2,
} from '../lib/calculators/positionalExplorer';
import { throwsInput } from './support/assertions';

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tolerance ${tol})`);

describe('computeSinusoidalTable', () => {
  test('d=4, base 100: PE[1] = (sin 1, cos 1, sin 0.1, cos 0.1); wavelengths 2π and 20π', () => {
    // column pair 1 has frequency 100^(−2/4) = 0.1
    const t = computeSinusoidalTable({ n: 3, d: 4, base: 100 });
    const row1 = Array.from(t.values.subarray(4, 8));
    [Math.sin(1), Math.cos(1), Math.sin(0.1), Math.cos(0.1)].forEach((x, c) => close(row1[c], x, 1e-15, `col ${c}`));
    close(t.wavelengths[0], 2 * Math.PI, 1e-12, 'wavelength 0');
    close(t.wavelengths[3], 20 * Math.PI, 1e-12, 'wavelength 3');
  });

  test('refuses tables too big to draw', () => {
    throwsInput(() => computeSinusoidalTable({ n: 4096, d: 512 }), /n is 4096/, 'n');
  });
});

describe('positionSimilarity', () => {
  test('d=2: PE[p] = (sin p, cos p), so PE[p]·PE[q] = cos(p − q)', () => {
    const r = positionSimilarity({ n: 6, d: 2, reference: 2 });
    for (let p = 0; p < 6; p++) for (let q = 0; q < 6; q++) close(r.similarity[p * 6 + q], Math.cos(p - q), 1e-14, `(${p}, ${q})`);
    assert.deepEqual(Array.from(r.distances), [-2, -1, 0, 1, 2, 3]);
    close(r.similarityAtDistance[0], Math.cos(-2), 1e-14, 'distance −2');
    close(r.similarityAtDistance[2], 1, 1e-15, 'distance 0: sin² + cos² = 1');
  });

  test('even d: depends only on p − q, diagonal d/2 (independent cosine-sum reference)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2, max: 24 }), (half, n) => {
        const d = 2 * half;
        const r = positionSimilarity({ n, d });
        for (let p = 0; p < n; p++) {
          for (let q = 0; q < n; q++) {
            let expected = 0;
            for (let i = 0; i < half; i++) expected += Math.cos((p - q) / Math.pow(10000, (2 * i) / d));
            close(r.similarity[p * n + q], expected, 1e-11, `d=${d} (${p}, ${q})`);
          }
        }
        close(r.similarity[0], d / 2, 1e-12, 'diagonal');
      }),
      { numRuns: 40 },
    );
  });

  test('refuses a reference outside 0 … n−1', () => {
    throwsInput(() => positionSimilarity({ n: 4, d: 2, reference: 4 }), /reference is 4/, 'reference');
  });
});

describe('rotaryPairDemo', () => {
  test('by hand: θ = π/2, q = (1, 0) at 1, k = (1, 0) at 2 → q′ = (0, 1), k′ = (−1, 0), q′·k′ = 0', () => {
    const r = rotaryPairDemo({ theta: Math.PI / 2, positionQ: 1, positionK: 2, q2: [1, 0], k2: [1, 0] });
    close(r.qRotated[0], 0, 1e-15, 'q′x');
    close(r.qRotated[1], 1, 1e-15, 'q′y');
    close(r.kRotated[0], -1, 1e-15, 'k′x');
    close(r.kRotated[1], 0, 1e-15, 'k′y');
    close(r.dot, 0, 1e-15, 'dot = cos(π/2)');
    assert.equal(r.dotUnrotated, 1);
    close(r.relativeAngle, Math.PI / 2, 0, 'relative angle');
  });

  test('by hand: θ = 0.3, q = (2, 1) at 4, k = (1, 3) at 1: q′·k′ = q·R(−0.9)k', () => {
    // R(−0.9)k = (cos 0.9·1 + sin 0.9·3, −sin 0.9·1 + cos 0.9·3); dot with (2, 1)
    const c = Math.cos(0.9);
    const s = Math.sin(0.9);
    const expected = 2 * (c + 3 * s) + (-s + 3 * c);
    const r = rotaryPairDemo({ theta: 0.3, positionQ: 4, positionK: 1, q2: [2, 1], k2: [1, 3] });
    close(r.dot, expected, 1e-13, 'dot');
  });

  test('refuses bad vectors', () => {
    throwsInput(() => rotaryPairDemo({ theta: 0.1, positionQ: 0, positionK: 1, q2: [1, NaN], k2: [1, 0] }), /q2 entry 2 is NaN/, 'q2');
    throwsInput(() => rotaryPairDemo({ theta: 0.1, positionQ: 0, positionK: 1, q2: [1] as unknown as Vec2, k2: [1, 0] }), /2-D vector/, 'q2');
  });
});

describe('rotaryOffsetInvariance', () => {
  test('property: q·k at (m + s, n + s) equals q·k at (m, n)', () => {
    const coord = fc.double({ min: -10, max: 10, noNaN: true });
    fc.assert(
      fc.property(
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.tuple(coord, coord),
        fc.tuple(coord, coord),
        fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 6 }),
        (theta, m, n, q2, k2, shifts) => {
          const r = rotaryOffsetInvariance({ theta, positionQ: m, positionK: n, q2, k2, shifts });
          const scale = Math.hypot(...q2) * Math.hypot(...k2);
          // angles up to ~2000·π: cos/sin of those are accurate to ~1e-13 relative
          assert.ok(r.maxDeviation <= 1e-10 * Math.max(1, scale), `deviation ${r.maxDeviation} for |q||k| = ${scale}`);
          assert.equal(r.shifts[0], 0, 'shift 0 first');
          // and the dot is |q||k| cos(angle between them + (n − m)θ): an independent formula
          const expected = scale === 0 ? 0 : scale * Math.cos(Math.atan2(k2[1], k2[0]) - Math.atan2(q2[1], q2[0]) + (n - m) * theta);
          close(r.dots[0], expected, 1e-9 * Math.max(1, scale), 'closed form');
        },
      ),
      { numRuns: 200 },
    );
  });
});
