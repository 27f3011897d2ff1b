import fc from 'fast-check';
import type { MaskPattern } from '../../lib/masks';

/** Any self-attention mask pattern, with parameters sized for n (shared by the mask and cost tests). */
export function patternArb(n: number): fc.Arbitrary<MaskPattern> {
  return fc.oneof(
    fc.constant<MaskPattern>({ kind: 'full' }),
    fc.constant<MaskPattern>({ kind: 'causal' }),
    fc.integer({ min: 0, max: n + 2 }).map((radius): MaskPattern => ({ kind: 'slidingWindow', radius })),
    fc
      .record({ radius: fc.integer({ min: 0, max: n }), dilation: fc.integer({ min: 1, max: n + 1 }) })
      .map((p): MaskPattern => ({ kind: 'dilatedWindow', ...p })),
    fc
      .record({
        radius: fc.integer({ min: 0, max: n }),
        globalTokens: fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 5 }),
      })
      .map((p): MaskPattern => ({ kind: 'globalLocal', ...p })),
    fc
      .record({
        blockSize: fc.integer({ min: 1, max: n + 1 }),
        windowBlocks: fc.integer({ min: 0, max: 3 }),
        randomBlocks: fc.integer({ min: 0, max: 4 }),
        seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        globalFraction: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map(({ globalFraction, ...p }): MaskPattern => {
        const numBlocks = Math.ceil(n / p.blockSize);
        return { kind: 'blockSparse', ...p, globalBlocks: Math.floor(globalFraction * numBlocks) };
      }),
    fc.integer({ min: 1, max: n + 1 }).map((stride): MaskPattern => ({ kind: 'strided', stride })),
  );
}
