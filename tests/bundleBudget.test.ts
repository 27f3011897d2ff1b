import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetFor, kib, pageScripts, whatGrew, type Budget } from '../lib/build/bundleBudget';

const HTML =
  '<head><link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/root.js"/>' +
  '<link rel="preload" href="/_next/static/chunks/calc.js" as="script" fetchPriority="low"/>' +
  '<link rel="stylesheet" href="/_next/static/chunks/a.css"/><link rel="preload" as="font" href="/f.woff2"/>' +
  '<script src="/_next/static/chunks/main.js" async=""></script><script src="/_next/static/chunks/poly.js" noModule=""></script>' +
  '<script>self.__next_f.push([0])</script></head><body><script src="/_next/static/chunks/root.js" async=""></script>' +
  '<script src="/_next/static/chunks/main.js" async=""></script></body>';

test('first-load JS: script src without nomodule, and preloaded root main files; other preloads are lazy', () => {
  assert.deepEqual(pageScripts(HTML, ['static/chunks/root.js']), {
    firstLoad: ['/_next/static/chunks/main.js', '/_next/static/chunks/root.js'],
    lazy: ['/_next/static/chunks/calc.js'],
  });
  // A root main file only preloaded still counts: the runtime loads it before hydration.
  const preloadedOnly = HTML.replace('<script src="/_next/static/chunks/root.js" async=""></script>', '');
  assert.deepEqual(pageScripts(preloadedOnly, ['static/chunks/root.js']).firstLoad, ['/_next/static/chunks/main.js', '/_next/static/chunks/root.js']);
});

const BUDGETS: Budget[] = [
  { name: 'home', routes: ['/'], kb: 140 },
  { name: 'lesson', routes: ['/lessons/*/'], kb: 190 },
  { name: 'practice', routes: ['/practice/', '/practice/*/'], kb: 180 },
  { name: 'other', routes: ['*'], kb: 140 },
];

test('the first matching budget applies; * is one path segment, alone it is any page', () => {
  assert.equal(budgetFor('/', BUDGETS)?.name, 'home');
  assert.equal(budgetFor('/lessons/masking/', BUDGETS)?.name, 'lesson');
  assert.equal(budgetFor('/lessons/', BUDGETS)?.name, 'other');
  assert.equal(budgetFor('/lessons/a/b/', BUDGETS)?.name, 'other');
  assert.equal(budgetFor('/practice/mock/', BUDGETS)?.name, 'practice');
  assert.equal(budgetFor('/404.html', BUDGETS)?.name, 'other');
  assert.equal(budgetFor('/x/', BUDGETS.slice(0, 2)), undefined);
});

test('what grew: new chunks and larger ones, largest growth first; shrunk or unchanged ones are left out', () => {
  const grew = whatGrew({ runtime: 130, calculators: 30, charts: 12, theme: 2 }, { runtime: 129.4, calculators: 20, theme: 3 });
  assert.deepEqual(grew, [
    { chunk: 'charts', kb: 12, baselineKb: undefined },
    { chunk: 'calculators', kb: 30, baselineKb: 20 },
    { chunk: 'runtime', kb: 130, baselineKb: 129.4 },
  ]);
  assert.deepEqual(whatGrew({ a: 1 }, undefined), [{ chunk: 'a', kb: 1, baselineKb: undefined }]);
});

test('sizes are KiB to one decimal', () => {
  assert.equal(kib(1024), 1);
  assert.equal(kib(1536 + 51), 1.5);
});
