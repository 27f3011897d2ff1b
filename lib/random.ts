/**
 * Seeded pseudo-random numbers, so that a calculator's example, a block-sparse pattern or a test
 * input is the same on every machine given the same seed. mulberry32: tiny, fast, 32-bit state,
 * good enough for examples and tests (not for cryptography).
 */
import { assertOptions } from './matrix';

export type Random = () => number;

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples by Box–Muller from a uniform source. */
export function normalSampler(random: Random): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** A rows×cols matrix of N(0, std²) entries from `seed`. */
export function randomNormalMatrix(
  seed: number,
  rows: number,
  cols: number,
  options: { std?: number; float32?: boolean } = {},
): { rows: number; cols: number; data: Float32Array | Float64Array } {
  assertOptions(options, '{ std, float32 }', { optional: true });
  const { std = 1, float32 = false } = options;
  const next = normalSampler(mulberry32(seed));
  const data = float32 ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = next() * std;
  return { rows, cols, data };
}
