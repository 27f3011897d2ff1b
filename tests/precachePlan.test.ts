import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isContentHashed, precacheKind, precacheTotals, precacheUrl } from '../lib/serviceWorker/precachePlan';

test('pages are cached under the directory URL every link uses', () => {
  assert.equal(precacheUrl('index.html'), '/');
  assert.equal(precacheUrl('lessons/scoring-functions/index.html'), '/lessons/scoring-functions/');
  assert.equal(precacheUrl('calculators/why-sqrt-d/index.html'), '/calculators/why-sqrt-d/');
  assert.equal(precacheUrl('practice/mock/index.html'), '/practice/mock/');
  assert.equal(precacheUrl('404/index.html'), '/404/');
  assert.equal(precacheUrl('404.html'), null, 'the same page as 404/index.html');
});

test('the segment files the client router fetches are cached, the whole-page payloads are not', () => {
  assert.equal(precacheUrl('__next._tree.txt'), '/__next._tree.txt');
  assert.equal(precacheUrl('lessons/masking/__next._tree.txt'), '/lessons/masking/__next._tree.txt');
  assert.equal(precacheUrl('lessons/masking/__next.lessons.$d$slug.__PAGE__.txt'), '/lessons/masking/__next.lessons.$d$slug.__PAGE__.txt');
  assert.equal(precacheUrl('practice/__next.practice.__PAGE__.txt'), '/practice/__next.practice.__PAGE__.txt');
  assert.equal(precacheUrl('lessons/masking/index.txt'), null);
  assert.equal(precacheUrl('index.txt'), null);
  assert.equal(precacheUrl('lessons/masking/__next._full.txt'), null);
});

test('scripts, workers, styles, woff2 fonts and practice questions are cached; fallback fonts and maps are not', () => {
  for (const path of [
    '_next/static/chunks/07k2_q9sh7lb5.js',
    '_next/static/chunks/1_ca6ol85id2o.css',
    '_next/static/media/attention.worker.2olm2dkw2dp7z.ts',
    '_next/static/media/KaTeX_AMS-Regular.25ieegmnh38ts.woff2',
    '_next/static/OpLLiagGnvcu5obwDIa_z/_buildManifest.js',
    'practice-data/questions/q-softmax-1.json',
    'icon.svg',
  ]) {
    assert.equal(precacheUrl(path), `/${path}`, path);
  }
  for (const path of ['_next/static/media/KaTeX_AMS-Regular.10y3kupq4t663.woff', '_next/static/media/KaTeX_AMS-Regular.418dr7cz3fo2x.ttf', '_next/static/chunks/2z3sh82dl8glu.js.map', 'sw.js']) {
    assert.equal(precacheUrl(path), null, path);
  }
});

test('only paths relative to out/ are accepted', () => {
  assert.throws(() => precacheUrl('/index.html'), /relative to out/);
  assert.throws(() => precacheUrl('lessons\\x\\index.html'), /forward slashes/);
});

test("only Next's static files count as content-hashed", () => {
  assert.equal(isContentHashed('/_next/static/chunks/07k2_q9sh7lb5.js'), true);
  assert.equal(isContentHashed('/lessons/masking/'), false);
  assert.equal(isContentHashed('/practice-data/questions/q.json'), false);
  assert.equal(isContentHashed('/icon.svg'), false);
});

test('totals add up by kind', () => {
  assert.equal(precacheKind('/'), 'page');
  assert.equal(precacheKind('/lessons/x/__next._tree.txt'), 'router data');
  const totals = precacheTotals([
    { url: '/', size: 100 },
    { url: '/lessons/x/', size: 200 },
    { url: '/_next/static/chunks/a.js', size: 30 },
    { url: '/_next/static/media/a.woff2', size: 5 },
    { url: '/practice-data/questions/q.json', size: 7 },
  ]);
  assert.equal(totals.entries, 5);
  assert.equal(totals.bytes, 342);
  assert.deepEqual(totals.byKind.page, { entries: 2, bytes: 300 });
  assert.deepEqual(totals.byKind.script, { entries: 1, bytes: 30 });
  assert.deepEqual(totals.byKind.font, { entries: 1, bytes: 5 });
  assert.deepEqual(totals.byKind.question, { entries: 1, bytes: 7 });
  assert.deepEqual(totals.byKind.style, { entries: 0, bytes: 0 });
});
