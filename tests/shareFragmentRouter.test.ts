import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deflateSync } from 'fflate';
import { encodeBase64url } from '../lib/share/base64url';
import { createShareFragmentRouter } from '../lib/share/shareFragmentRouter';
import { decodeShareFragment, encodeShareFragment, routeShareFragment } from '../lib/share/shareLink';

/** A router whose decodings are counted, by fragment. */
function countingRouter() {
  const decoded: string[] = [];
  const route = createShareFragmentRouter((fragment) => {
    decoded.push(fragment);
    return decodeShareFragment(fragment);
  });
  return { route, decoded };
}

const page = ['synthetic', 'evaluation-metrics-2', 'evaluation-metrics-3'];
const link = (embedId: string, n: number) => '#' + encodeShareFragment(embedId, { calculator: 'evaluation-metrics', version: 1, state: { n } });

describe('createShareFragmentRouter: one decoding per fragment value', () => {
  test("a page's calculators asking about one link share one decoding, and each gets the routed answer", () => {
    const { route, decoded } = countingRouter();
    const fragment = link('evaluation-metrics-2', 300);
    const answers = page.map(() => route(fragment, page));
    assert.equal(decoded.length, 1, 'decoded once for three calculators');
    for (const answer of answers) {
      assert.ok(answer !== null && 'open' in answer);
      assert.equal(answer.embedId, 'evaluation-metrics-2');
      assert.deepEqual(answer.open.state, { n: 300 });
    }
    assert.deepEqual(answers[0], routeShareFragment(fragment, page), 'the same answer as routing without the cache');
  });

  test('a new fragment is decoded once; going back to an earlier one decodes it again, once', () => {
    const { route, decoded } = countingRouter();
    const first = link('synthetic', 300);
    const second = link('synthetic', 500);
    for (const fragment of [first, first, second, second, second, first, first]) route(fragment, page);
    assert.deepEqual(decoded, [first, second, first]);
  });

  test('a damaged deep link is decoded once, and every caller gets the notice for its moment', () => {
    const { route, decoded } = countingRouter();
    const levels = 100_000;
    const deep = new TextEncoder().encode('{"c":"evaluation-metrics","v":1,"s":' + '['.repeat(levels) + ']'.repeat(levels) + '}');
    const fragment = '#synthetic~1' + encodeBase64url(deflateSync(deep, { level: 9 }));
    const onLoad = page.map(() => route(fragment, page, 'opened'));
    const later = route(fragment, page, 'changed');
    assert.equal(decoded.length, 1);
    for (const answer of onLoad) {
      assert.ok(answer !== null && 'notice' in answer);
      assert.equal(answer.embedId, 'synthetic');
      assert.match(answer.notice, /nested more than 64 levels deep\. Showing this calculator's own example instead\.$/);
    }
    assert.ok(later !== null && 'notice' in later);
    assert.match(later.notice, /nested more than 64 levels deep\. This calculator keeps what it showed\.$/);
  });

  test('callers with different lists of the page (calculators still mounting) are each routed by their own list', () => {
    const { route, decoded } = countingRouter();
    const fragment = link('evaluation-metrics-3', 300);
    const early = route(fragment, ['synthetic']);
    const late = route(fragment, page);
    assert.equal(decoded.length, 1);
    assert.ok(early !== null && 'notice' in early && early.embedId === 'synthetic', 'not on the partial page: the first calculator reports');
    assert.ok(late !== null && 'open' in late && late.embedId === 'evaluation-metrics-3');
  });

  test('anchors and empty fragments are never decoded; a page without calculators decodes nothing', () => {
    const { route, decoded } = countingRouter();
    for (const fragment of ['', '#', '#rare-positives', '#synthetic']) assert.equal(route(fragment, page), null);
    assert.equal(route(link('synthetic', 300), []), null);
    assert.deepEqual(decoded, []);
  });
});
