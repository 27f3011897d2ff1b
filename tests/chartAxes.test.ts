import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axisDomain, axisTicks, formatPowerOfTen, formatTick, plottable, seriesDash, spreadLabels, tableRows } from '../components/charts/chartAxes';

test('log domains round out to whole decades and ignore values a log axis cannot place', () => {
  assert.deepEqual(axisDomain([0.003, 0.2, 0, -1, NaN], 'log'), [0.001, 1]);
  assert.deepEqual(axisDomain([1e-6, 0.1], 'log'), [1e-6, 0.1]);
  // A single decade value still gets a decade to show.
  assert.deepEqual(axisDomain([0.01, 0.01], 'log'), [0.01, 0.1]);
  assert.deepEqual(axisDomain([], 'log'), [1, 10]);
  assert.equal(plottable(0, 'log'), false);
  assert.equal(plottable(0, 'linear'), true);
});

test('linear domains are niced; a flat series is widened; a given domain wins', () => {
  assert.deepEqual(axisDomain([0.03, 0.97], 'linear'), [0, 1]);
  const [lo, hi] = axisDomain([5, 5], 'linear');
  assert.ok(lo < 5 && hi > 5);
  assert.deepEqual(axisDomain([3, 4], 'linear', [0, 10]), [0, 10]);
  // A given log domain with 0 cannot be drawn: fall back to the data.
  assert.deepEqual(axisDomain([0.5, 5], 'log', [0, 10]), [0.1, 10]);
});

test('log ticks are the decades, with minor ticks when few decades are in view', () => {
  const few = axisTicks([0.001, 1], 'log');
  assert.deepEqual(few.major, [10 ** -3, 10 ** -2, 10 ** -1, 1]);
  assert.ok(few.minor.includes(2 * 10 ** -3) && few.minor.includes(9 * 10 ** -1));
  assert.ok(few.minor.every((v) => v > 0.001 && v < 1));
  // Many decades: every other decade labelled, the rest minor, no 2…9 ticks.
  const many = axisTicks([1e-12, 1], 'log');
  assert.ok(many.major.length <= 8);
  assert.equal(many.major[0], 1e-12);
  assert.ok(many.minor.length > 0 && many.minor.every((v) => Number.isInteger(Math.round(Math.log10(v) * 1e6) / 1e6)));
  // Less than a decade: ordinary ticks.
  const narrow = axisTicks([2, 8], 'log');
  assert.ok(narrow.major.length >= 2 && narrow.major.every((v) => v >= 2 && v <= 8));
});

test('tick labels write decades as powers of ten outside 0.01 … 1000', () => {
  assert.equal(formatPowerOfTen(-3), '10⁻³');
  assert.equal(formatPowerOfTen(6), '10⁶');
  assert.equal(formatPowerOfTen(-2), '0.01');
  assert.equal(formatPowerOfTen(3), '1000');
  assert.equal(formatTick(1e-5, 'log'), '10⁻⁵');
  assert.equal(formatTick(0.25, 'linear'), '0.25');
  assert.equal(formatTick(-0.5, 'linear'), '−0.5');
  assert.equal(formatTick(0, 'linear'), '0');
});

test('each series gets a dash; "dashed" never leaves a reference line solid', () => {
  assert.equal(seriesDash(0), '');
  assert.notEqual(seriesDash(0, true), '');
  assert.notEqual(seriesDash(1), seriesDash(2));
});

test('the data table shares x when the series do, and thins long series keeping the ends', () => {
  const a = Array.from({ length: 201 }, (_, x) => ({ x, y: x * 2 }));
  const b = a.map((p) => ({ x: p.x, y: -p.y }));
  const t = tableRows([{ points: a }, { points: b }], 60);
  assert.equal(t.shared, true);
  if (!t.shared) return;
  assert.ok(t.thinned);
  assert.ok(t.xs.length <= 60);
  assert.equal(t.xs[0], 0);
  assert.equal(t.xs[t.xs.length - 1], 200);
  assert.deepEqual(t.columns[1].slice(0, 2), [-t.xs[0] * 2, -t.xs[1] * 2]);
  const u = tableRows([{ points: [{ x: 0, y: 1 }] }, { points: [{ x: 0.5, y: 2 }] }]);
  assert.equal(u.shared, false);
});

test('marker labels are moved apart, in order, within the plot', () => {
  assert.deepEqual(spreadLabels([50, 52], 14, 0, 200), [50, 64]);
  assert.deepEqual(spreadLabels([60, 55], 14, 0, 200), [69, 55]);
  assert.deepEqual(spreadLabels([195, 198], 14, 0, 200), [186, 200]);
  assert.deepEqual(spreadLabels([-20], 14, 10, 200), [10]);
});
