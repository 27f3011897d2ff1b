/**
 * A colour legend's tick labels (lib/heatmap/legendTicks.ts): the ends always, and never two
 * labels whose estimated boxes touch, whatever the domain, bar width and font.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatLegendEnd, labelsCollide, legendTicks } from '../lib/heatmap/legendTicks';
import { textWidth } from '../lib/heatmap/layout';

describe('legendTicks', () => {
  test('weights on the fixed 0–1 scale: both ends and round steps between, tenths only where they fit', () => {
    assert.deepEqual(
      legendTicks([0, 1], 300, 14).map((t) => t.text),
      ['0', '1', '0.2', '0.4', '0.6', '0.8'],
    );
    assert.deepEqual(
      legendTicks([0, 1], 400, 14).map((t) => t.text),
      ['0', '1', '0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9'],
    );
  });

  test("a stretched weight's range (/lab/heatmap/ at n = 4096): long labels, so fewer ticks, none touching", () => {
    // Before: one tick per 4 em of bar gave 0.0005 steps, whose 6-character labels overlapped.
    const ticks = legendTicks([0, 0.003124], 234, 14.7);
    assert.equal(ticks[0].text, '0');
    assert.equal(ticks[1].text, '0.00312');
    assert.ok(ticks.length >= 3, `only the ends: ${ticks.map((t) => t.text)}`);
    assert.equal(labelsCollide(ticks, 14.7 / 2), false);
  });

  test('a bar too short for any round tick keeps its two ends', () => {
    assert.deepEqual(
      legendTicks([-4.96, 4.96], 60, 14).map((t) => t.text),
      ['−4.96', '4.96'],
    );
  });

  test('a one-value domain has one label', () => {
    assert.deepEqual(
      legendTicks([0.25, 0.25], 200, 14).map((t) => t.text),
      ['0.25'],
    );
  });

  test('ends in 3 significant digits with a real minus sign', () => {
    assert.equal(formatLegendEnd(-4.9612), '−4.96');
    assert.equal(formatLegendEnd(0.0031245), '0.00312');
    assert.equal(formatLegendEnd(1), '1');
  });

  test('any domain, width and font: the ends are labelled, every label is its own text width, none touch', () => {
    const domain = fc
      .tuple(fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.double({ min: 1e-6, max: 1e4, noNaN: true }))
      .map(([lo, span]): [number, number] => [lo, lo + span]);
    fc.assert(
      fc.property(domain, fc.integer({ min: 60, max: 600 }), fc.double({ min: 10, max: 24, noNaN: true }), (d, width, fontPx) => {
        const ticks = legendTicks(d, width, fontPx);
        assert.equal(ticks[0].value, d[0]);
        assert.equal(ticks[1].value, d[1]);
        for (const t of ticks) assert.equal(t.width, textWidth(Array.from(t.text).length, fontPx));
        // The ends of a bar too short for their own labels may touch; nothing else may.
        assert.equal(labelsCollide(ticks.slice(2).concat(ticks.slice(0, 1)), fontPx / 2), false);
        assert.equal(labelsCollide(ticks.slice(1), fontPx / 2), false);
      }),
    );
  });
});
