import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { AttentionInputError } from '../lib/errors';
import { decodeBase64url, encodeBase64url } from '../lib/share/base64url';
import { createJsonNestingGauge, MAX_DEPTH } from '../lib/share/jsonSafety';
import {
  decodeShareFragment,
  encodeShareFragment,
  looksLikeShareFragment,
  routeShareFragment,
  MAX_FRAGMENT_LENGTH,
  MAX_STATE_BYTES,
  shareUrl,
  type DecodedShare,
} from '../lib/share/shareLink';
import { validateState, type StateSchema } from '../lib/share/stateSchema';

const bytesOf = (s: string) => new TextEncoder().encode(s);
const b64 = (s: string) => encodeBase64url(bytesOf(s));

function expectOk(d: DecodedShare): Extract<DecodedShare, { ok: true }> {
  assert.ok(d.ok, `expected the link to decode, got ${JSON.stringify(d)}`);
  return d;
}
function expectRefused(d: DecodedShare, pattern: RegExp): void {
  assert.ok(!d.ok, `expected the link to be refused, got ${JSON.stringify(d).slice(0, 200)}`);
  assert.match(d.reason, pattern);
}

describe('base64url', () => {
  test('RFC 4648 test vectors, unpadded', () => {
    // RFC 4648 §10: "f" → "Zg==", "fo" → "Zm8=", "foo" → "Zm9v", "foobar" → "Zm9vYmFy"; padding dropped.
    assert.deepEqual(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map(b64), ['', 'Zg', 'Zm8', 'Zm9v', 'Zm9vYg', 'Zm9vYmE', 'Zm9vYmFy']);
    // 0xfb 0xff: 11111011 11111111 → 111110 111111 1111(00) → 62 63 60 → "-_8" (url alphabet, not "+/8").
    assert.equal(encodeBase64url(new Uint8Array([0xfb, 0xff])), '-_8');
  });
  test('round trip over arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const back = decodeBase64url(encodeBase64url(bytes));
        return back.ok && Buffer.from(back.bytes).equals(Buffer.from(bytes));
      }),
    );
    // Independent reference: Node's own base64url.
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => encodeBase64url(bytes) === Buffer.from(bytes).toString('base64url')));
  });
  test('strict: bad characters, impossible lengths, stray bits', () => {
    assert.equal(decodeBase64url('Zm9v!').ok, false, '"!" is not in the alphabet');
    assert.equal(decodeBase64url('Zm9vY').ok, false, 'length 5 ≡ 1 (mod 4) cannot be produced');
    // "Zh": Z=25=011001, h=33=100001 → byte 01100110 and leftover bits 0001 ≠ 0.
    assert.equal(decodeBase64url('Zh').ok, false, 'stray low bits in the last character');
    assert.equal(decodeBase64url('Zm9v+').ok, false, 'standard base64 "+" is refused');
  });
});

const typicalState = { tokens: ['The', 'cat', 'sat', 'down'], seed: 42, causal: true, t: 1 };

describe('encodeShareFragment / decodeShareFragment', () => {
  test('a small state uses the plain JSON form (tag 0), worked by hand', () => {
    const f = encodeShareFragment('a', { calculator: 'x', version: 1, state: 0 });
    // JSON {"c":"x","v":1,"s":0} is 21 bytes → 28 base64url chars; deflate of it is longer
    // (raw deflate of 21 incompressible-ish bytes ≥ 21 + header bits), so tag 0 wins.
    assert.equal(f, 'a~0' + Buffer.from('{"c":"x","v":1,"s":0}').toString('base64url'));
    assert.deepEqual(decodeShareFragment('#' + f), { ok: true, embedId: 'a', calculator: 'x', version: 1, state: 0 });
  });
  test('a repetitive state uses deflate (tag 1) and is shorter than plain JSON', () => {
    const state = { q: Array.from({ length: 8 }, () => [0.5, 0.25, 0.5, 0.25, 0.5, 0.25]) };
    const f = encodeShareFragment('calc-1', { calculator: 'attention', version: 3, state });
    assert.equal(f[7], '1', 'deflate tag');
    const plainLength = 'calc-1~0'.length + Math.ceil((JSON.stringify({ c: 'attention', v: 3, s: state }).length * 4) / 3);
    assert.ok(f.length < plainLength, `deflated ${f.length} < plain ${plainLength}`);
    assert.deepEqual(expectOk(decodeShareFragment(f)).state, state);
  });
  test('round trip over JSON-ish states (fast-check)', () => {
    const embedId = fc.stringMatching(/^[a-z0-9-]{1,40}$/);
    const state = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown); // normalises -0 to 0
    fc.assert(
      fc.property(embedId, state, fc.nat(1000), (id, s, version) => {
        const decoded = expectOk(decodeShareFragment(encodeShareFragment(id, { calculator: 'attention', version, state: s })));
        assert.deepEqual(decoded, { ok: true, embedId: id, calculator: 'attention', version, state: s });
      }),
      { numRuns: 300 },
    );
  });
  test('unicode tokens survive (emoji, CJK, combining marks, RTL)', () => {
    const state = { tokens: ['猫', '🐈‍⬛', 'e\u0301', 'שלום', '"quoted"', 'a~b#c'] };
    assert.deepEqual(expectOk(decodeShareFragment(encodeShareFragment('u', { calculator: 'attention', version: 1, state }))).state, state);
  });
  test('compactness: a typical state, and a 6×8 matrix of 3-decimal numbers', () => {
    const f = encodeShareFragment('sdpa-1', { calculator: 'attention', version: 1, state: typicalState });
    // Measured: 119 characters for the whole fragment (tag 1: deflate saves ~20% even here);
    // plain JSON (95 bytes) in base64url would be 8 + ⌈4·95/3⌉ = 135.
    assert.ok(f.length < 120, `typical state fragment is ${f.length} chars: ${f}`);
    let x = 7;
    const matrix = Array.from({ length: 6 }, () => Array.from({ length: 8 }, () => ((x = (x * 48271) % 2147483647), Math.round(((x / 2147483647) * 4 - 2) * 1000) / 1000)));
    const m = encodeShareFragment('sdpa-1', { calculator: 'attention', version: 1, state: { q: matrix } });
    const json = JSON.stringify({ q: matrix }).length;
    // Stated, not a spec limit: 48 numbers like -1.234 are ~300 chars of JSON; the link is about as long as the JSON.
    console.log(`  6×8 matrix: JSON ${json} chars, fragment ${m.length} chars (tag ${m[7]})`);
    assert.ok(m.length < json * 1.2, `6×8 fragment ${m.length} vs JSON ${json}`);
    assert.deepEqual(expectOk(decodeShareFragment(m)).state, { q: matrix });
  });
  test('encode refuses bad embed ids and non-JSON state, naming the path', () => {
    const enc = (id: string, state: unknown) => () => encodeShareFragment(id, { calculator: 'attention', version: 1, state });
    for (const id of ['', 'Upper', 'has space', 'a'.repeat(41), 'a~b', 'a#b']) {
      assert.throws(enc(id, 1), (e) => e instanceof AttentionInputError && /embed id/.test(e.message), `refuses id ${JSON.stringify(id)}`);
    }
    const cases: [unknown, RegExp][] = [
      [{ q: [[1, 2], [3, 4], [5, NaN]] }, /state\.q\[2\]\[1\] is NaN/],
      [{ t: Infinity }, /state\.t is Infinity/],
      [[1, -Infinity], /state\[1\] is -Infinity/],
      [{ q: new Float32Array(2) }, /state\.q is a typed array/],
      [{ f: () => 1 }, /state\.f is a function/],
      [{ 'two words': undefined }, /state\["two words"\] is undefined/],
      [{ d: new Date(0) }, /state\.d is a Date/],
      [{ n: 1n }, /state\.n is a BigInt/],
    ];
    for (const [state, pattern] of cases) {
      assert.throws(enc('ok', state), (e) => e instanceof AttentionInputError && pattern.test(e.message), `refuses ${pattern}`);
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.throws(enc('ok', cyclic), /state\.self refers back to itself/);
    assert.throws(() => encodeShareFragment('ok', { calculator: 'attention', version: 1.5, state: 1 }), /version/);
    // 40 000 random-ish numbers do not fit in 16 KiB even deflated.
    const big = Array.from({ length: 40000 }, (_, i) => Math.sin(i) * 1000);
    assert.throws(enc('ok', big), (e) => e instanceof AttentionInputError && e.code === 'out-of-range');
  });
  test('shareUrl replaces the fragment and keeps the query', () => {
    const shared = { calculator: 'attention', version: 1, state: typicalState };
    const f = encodeShareFragment('e1', shared);
    assert.equal(shareUrl('https://x.test/lessons/a/?q=1#old~0abc', 'e1', shared), `https://x.test/lessons/a/?q=1#${f}`);
    assert.equal(shareUrl('/lessons/a/', 'e1', shared), `/lessons/a/#${f}`);
  });
});

describe('decodeShareFragment refuses damaged links without throwing', () => {
  const good = encodeShareFragment('calc', { calculator: 'attention', version: 2, state: { q: [[0.125, -1.5, 2], [3, 4.25, -0.75]], tokens: ['a', 'b'] } });
  const goodPlain = encodeShareFragment('calc', { calculator: 'attention', version: 2, state: 7 });
  test('the fixtures are what they claim', () => {
    assert.equal(good[5], '1', 'deflated fixture');
    assert.equal(goodPlain[5], '0', 'plain fixture');
  });
  test('missing separator, bad id, unknown tag, empty payload', () => {
    expectRefused(decodeShareFragment(''), /no calculator state/);
    expectRefused(decodeShareFragment('#section-2'), /no calculator state/);
    expectRefused(decodeShareFragment('BAD ID~0abc'), /malformed id/);
    const wrongTag = decodeShareFragment('calc~9' + good.slice(6));
    expectRefused(wrongTag, /newer version/);
    assert.equal(!wrongTag.ok && wrongTag.embedId, 'calc', 'the embed id is reported even when the state is not usable');
    expectRefused(decodeShareFragment('calc~'), /missing/);
    expectRefused(decodeShareFragment('calc~1'), /empty/);
  });
  test('truncated payloads', () => {
    // Every proper prefix of the payload must be refused (none is a complete deflate stream + JSON).
    for (let cut = 6; cut < good.length; cut++) {
      const d = decodeShareFragment(good.slice(0, cut));
      assert.equal(d.ok, false, `prefix of length ${cut} was accepted`);
    }
    for (let cut = 6; cut < goodPlain.length; cut++) assert.equal(decodeShareFragment(goodPlain.slice(0, cut)).ok, false, `plain prefix ${cut}`);
  });
  test('flipped characters: never throws; invalid characters always refused', () => {
    expectRefused(decodeShareFragment(good.slice(0, 10) + '*' + good.slice(11)), /cannot appear/);
    expectRefused(decodeShareFragment(good.slice(0, 10) + '+' + good.slice(11)), /cannot appear/);
    // Any single-character change within the alphabet: decoding returns, and when it still
    // succeeds (raw deflate has no checksum) the result is well-formed for the calculator to validate.
    let refused = 0;
    let total = 0;
    for (let i = 6; i < good.length; i++) {
      for (const ch of 'Aa0_') {
        if (ch === good[i]) continue;
        total++;
        const d = decodeShareFragment(good.slice(0, i) + ch + good.slice(i + 1));
        if (!d.ok) refused++;
        else assert.ok(typeof d.calculator === 'string' && Number.isInteger(d.version), 'a decoded link is well-formed');
      }
    }
    console.log(`  ${refused} of ${total} single-character changes to a deflated link were refused`);
    assert.ok(refused / total > 0.5, `most flips are caught (${refused}/${total})`);
  });
  test('not JSON, wrong shape, bad UTF-8', () => {
    expectRefused(decodeShareFragment('c~0' + b64('{"c":"x","v":1,"s":')), /not valid JSON/);
    expectRefused(decodeShareFragment('c~0' + b64('[1,2]')), /wrong shape/);
    expectRefused(decodeShareFragment('c~0' + b64('{"v":1,"s":1}')), /which calculator/);
    expectRefused(decodeShareFragment('c~0' + b64('{"c":"x","v":-1,"s":1}')), /version/);
    expectRefused(decodeShareFragment('c~0' + b64('{"c":"x","v":1}')), /missing/);
    expectRefused(decodeShareFragment('c~0' + encodeBase64url(new Uint8Array([0x7b, 0xff, 0x7d]))), /not valid JSON/);
    expectRefused(decodeShareFragment('c~1' + b64('this is not deflate at all')), /corrupt|JSON/);
  });
  test('huge fragments are refused before any work', () => {
    const huge = 'calc~0' + 'A'.repeat(MAX_FRAGMENT_LENGTH);
    expectRefused(decodeShareFragment(huge), /^This link is damaged or too long to open: it is longer than any link/);
    expectRefused(decodeShareFragment('calc~0' + 'A'.repeat(10 * MAX_FRAGMENT_LENGTH)), /damaged or too long to open: it is far longer than any link/);
    // Exactly at the limit is read (and refused only for what it holds).
    expectRefused(decodeShareFragment('calc~0' + 'A'.repeat(MAX_FRAGMENT_LENGTH - 'calc~0'.length)), /not valid JSON/);
  });
  test('a deflate bomb is stopped at the cap', () => {
    // 10 MB of spaces (valid around JSON) inflates from ~10 KB of deflate: under the 16 KiB
    // fragment cap, far over 64 KiB.
    const bomb = deflateSync(new Uint8Array(10_000_000).fill(0x20), { level: 9 });
    const fragment = 'calc~1' + encodeBase64url(bomb);
    assert.ok(fragment.length <= MAX_FRAGMENT_LENGTH, `bomb fragment fits: ${fragment.length}`);
    const before = process.memoryUsage().arrayBuffers;
    expectRefused(decodeShareFragment(fragment), /^This link is damaged or too long to open: its state unpacks to more than 64 KiB\.$/);
    const grew = process.memoryUsage().arrayBuffers - before;
    assert.ok(grew < 4 * 1024 * 1024, `did not allocate the bomb's output (grew ${grew} bytes)`);
  });
  test('the inflated size limit is exact: 64 KiB of JSON opens, one byte more does not', () => {
    const wrapped = (bytes: number) => {
      const head = '{"c":"x","v":1,"s":"';
      const json = head + 'a'.repeat(bytes - head.length - 2) + '"}';
      assert.equal(json.length, bytes);
      return 'calc~1' + encodeBase64url(deflateSync(bytesOf(json), { level: 9 }));
    };
    assert.equal(expectOk(decodeShareFragment(wrapped(MAX_STATE_BYTES))).calculator, 'x');
    expectRefused(decodeShareFragment(wrapped(MAX_STATE_BYTES + 1)), /unpacks to more than 64 KiB/);
  });
  test('a deeply nested state is refused before it is parsed', () => {
    // As deep as the size cap allows (about 32,000 levels of "[" … "]") in a few hundred
    // characters. Parsing such text is slow (0.2 s for 131,000 levels, once per calculator on the
    // page before decoding was shared) and what it builds overflows recursive readers.
    const levels = (MAX_STATE_BYTES - 40) / 2;
    const deep = '{"c":"x","v":1,"s":' + '['.repeat(levels) + ']'.repeat(levels) + '}';
    const fragment = 'calc~1' + encodeBase64url(deflateSync(bytesOf(deep), { level: 9 }));
    assert.ok(fragment.length < 1000, `a short link: ${fragment.length} characters`);
    const parse = JSON.parse;
    let parsed = 0;
    JSON.parse = ((...args: Parameters<typeof JSON.parse>) => (parsed++, parse(...args))) as typeof JSON.parse;
    let decoded: DecodedShare;
    try {
      decoded = decodeShareFragment(fragment);
    } finally {
      JSON.parse = parse;
    }
    expectRefused(decoded, /^This link is damaged: its state is nested more than 64 levels deep\.$/);
    assert.equal(!decoded.ok && decoded.embedId, 'calc', 'the notice goes to the calculator the link names');
    assert.equal(parsed, 0, 'JSON.parse was never called');
    // 10 MB of "[" is stopped by its depth while inflating, long before the 64 KiB size cap.
    const deepBomb = 'calc~1' + encodeBase64url(deflateSync(new Uint8Array(10_000_000).fill(0x5b), { level: 9 }));
    expectRefused(decodeShareFragment(deepBomb), /nested more than 64 levels deep/);
  });
  test('every state the encoder accepts decodes: the nesting limit matches encoding', () => {
    const nest = (levels: number): unknown => (levels === 0 ? 1 : [nest(levels - 1)]);
    const deepest = nest(MAX_DEPTH);
    assert.deepEqual(expectOk(decodeShareFragment(encodeShareFragment('c', { calculator: 'x', version: 1, state: deepest }))).state, deepest);
    assert.throws(() => encodeShareFragment('c', { calculator: 'x', version: 1, state: nest(MAX_DEPTH + 1) }), /nested more than 64/);
    // Written by hand one level past the limit, as a tampered link would be.
    const json = JSON.stringify({ c: 'x', v: 1, s: nest(MAX_DEPTH + 1) });
    expectRefused(decodeShareFragment('c~0' + b64(json)), /nested more than 64 levels/);
    expectRefused(decodeShareFragment('c~1' + encodeBase64url(deflateSync(bytesOf(json)))), /nested more than 64 levels/);
  });
  test('percent-encoded fragments decode; broken escapes are refused', () => {
    assert.deepEqual(decodeShareFragment(good.replace('~', '%7E')), decodeShareFragment(good));
    expectRefused(decodeShareFragment('calc%7~0AA'), /%-escape/);
  });
  test('never throws on arbitrary strings (fast-check)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ maxLength: 60 }).map((s) => 'calc~1' + s), fc.uint8Array({ maxLength: 60 }).map((b) => 'calc~1' + encodeBase64url(b))), (s) => {
        const d = decodeShareFragment(s);
        return typeof d.ok === 'boolean' && (d.ok || typeof d.reason === 'string');
      }),
      { numRuns: 500 },
    );
  });
});

describe('routeShareFragment: every damaged link gets a notice on the page', () => {
  const page = ['walkthrough', 'step-through-2', 'step-through-3'];
  const good = encodeShareFragment('step-through-2', { calculator: 'step-through', version: 1, state: { n: 3 } });
  const noticeOn = (fragment: string, ids: readonly string[] = page) => {
    const action = routeShareFragment(fragment, ids);
    assert.ok(action !== null && 'notice' in action, `a notice for ${fragment.slice(0, 60)}`);
    return action;
  };

  test('a good link opens on the calculator it names', () => {
    const action = routeShareFragment('#' + good, page);
    assert.ok(action !== null && 'open' in action);
    assert.equal(action.embedId, 'step-through-2');
    assert.deepEqual(action.open.state, { n: 3 });
  });

  test('anchors and empty fragments are not share links; a page without calculators has nobody to tell', () => {
    for (const fragment of ['', '#', '#scaled-dot-product', '#walkthrough']) {
      assert.equal(looksLikeShareFragment(fragment), false, fragment);
      assert.equal(routeShareFragment(fragment, page), null, fragment);
    }
    assert.equal(looksLikeShareFragment('#a%7Eb'), true);
    assert.equal(routeShareFragment('#' + good, []), null);
  });

  test('over 16 KiB decoded: the notice goes to the calculator named, or else the first', () => {
    const long = 'step-through-2~0' + 'A'.repeat(MAX_FRAGMENT_LENGTH);
    const named = noticeOn('#' + long);
    assert.equal(named.embedId, 'step-through-2');
    assert.match(named.notice, /^This link is damaged or too long to open: it is longer than any link Attention Lab writes\. Showing this calculator's own example instead\.$/);
    // Percent-encoded so that it is short raw but long once decoded.
    assert.equal(noticeOn('#step-through-3%7E0' + '%41'.repeat(MAX_FRAGMENT_LENGTH)).embedId, 'step-through-3');
    const elsewhere = noticeOn('#lost-calculator~0' + 'A'.repeat(MAX_FRAGMENT_LENGTH));
    assert.equal(elsewhere.embedId, 'walkthrough');
    assert.match(elsewhere.notice, /longer than any link.*Every calculator on this page shows its own example\.$/);
  });

  test('over 48 KiB raw', () => {
    const action = noticeOn('#walkthrough~1' + 'A'.repeat(3 * MAX_FRAGMENT_LENGTH + 1));
    assert.equal(action.embedId, 'walkthrough');
    assert.match(action.notice, /far longer than any link/);
    assert.equal(noticeOn('#' + 'B'.repeat(3 * MAX_FRAGMENT_LENGTH) + '~1').embedId, 'walkthrough', 'unreadable id: the first calculator');
  });

  test('a broken %-escape', () => {
    const named = noticeOn('#step-through-3~1AAAA%E0%A4%A');
    assert.equal(named.embedId, 'step-through-3');
    assert.match(named.notice, /broken %-escape/);
    const encoded = noticeOn('#step-through-3%7E1AA%ZZ');
    assert.equal(encoded.embedId, 'step-through-3', 'the id is read before an encoded ~ too');
    const unnamed = noticeOn('#calc%7~0AA');
    assert.equal(unnamed.embedId, 'walkthrough');
    assert.match(unnamed.notice, /broken %-escape.*Every calculator/);
  });

  test('a malformed embed id: the first calculator says so', () => {
    for (const fragment of ['#Walk_Through~' + good.split('~')[1], '#BAD ID~0abc', '#' + 'x'.repeat(41) + '~0abc', '#~0abc']) {
      const action = noticeOn(fragment);
      assert.equal(action.embedId, 'walkthrough', fragment);
      assert.match(action.notice, /malformed id/);
    }
    assert.match(noticeOn('#BAD ID~0abc', ['only-one']).notice, /malformed id\. Showing this calculator's own example instead\.$/);
  });

  test('a sound link for a calculator this page does not have', () => {
    const action = noticeOn('#' + good.replace('step-through-2', 'mask-pattern-1'));
    assert.equal(action.embedId, 'walkthrough');
    assert.match(action.notice, /^This link is for a calculator \("mask-pattern-1"\) that is not on this page\./);
  });

  test('a link that arrives while the page is open says the calculators keep what they show', () => {
    const named = routeShareFragment('#step-through-3~9abc', page, 'changed');
    assert.ok(named !== null && 'notice' in named);
    assert.equal(named.embedId, 'step-through-3');
    assert.match(named.notice, /newer version.* This calculator keeps what it showed\.$/);
    const lost = routeShareFragment('#BAD ID~0abc', page, 'changed');
    assert.ok(lost !== null && 'notice' in lost);
    assert.match(lost.notice, /malformed id\. Every calculator on this page keeps what it showed\.$/);
    const open = routeShareFragment('#' + good, page, 'changed');
    assert.ok(open !== null && 'open' in open, 'a good link opens whenever it comes');
  });

  test('damaged links addressed to a calculator keep that address', () => {
    const action = noticeOn('#step-through-3~9abc');
    assert.equal(action.embedId, 'step-through-3');
    assert.match(action.notice, /newer version/);
  });

  test('whatever the fragment, a share-looking one is opened or reported, never ignored (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), (before, after) => {
        const fragment = `#${before}~${after}`;
        const action = routeShareFragment(fragment, page);
        return action !== null && page.includes(action.embedId) && ('open' in action || action.notice.length > 0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('createJsonNestingGauge', () => {
  const deeper = (json: string, limit: number) => createJsonNestingGauge(limit)(bytesOf(json));
  test('counts arrays and objects, not brackets inside strings', () => {
    assert.equal(deeper('1', 0), false);
    assert.equal(deeper('[]', 0), true);
    assert.equal(deeper('[]', 1), false);
    assert.equal(deeper('{"a":[[1],{"b":[]}]}', 4), false);
    assert.equal(deeper('{"a":[[1],{"b":[]}]}', 3), true);
    assert.equal(deeper('["[[[[", "{{{{"]', 1), false);
    assert.equal(deeper('["\\"[[[["]', 1), false, 'an escaped quote does not end the string');
    assert.equal(deeper('["\\\\", [[1]]]', 2), true, 'an escaped backslash does');
    assert.equal(deeper('["猫[", ["🐈"]]', 2), false, 'multi-byte characters are skipped whole');
  });
  test('agrees with the depth of parsed JSON (fast-check)', () => {
    const depthOf = (v: unknown): number =>
      typeof v === 'object' && v !== null ? 1 + Math.max(0, ...Object.values(v as Record<string, unknown>).map(depthOf)) : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.nat(7), (value, limit) => deeper(JSON.stringify(value), limit) === depthOf(value) > limit),
      { numRuns: 300 },
    );
  });
  test('fed in pieces, it answers as it would for the whole text (fast-check)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.nat(7), fc.array(fc.nat(), { maxLength: 6 }), (value, limit, cuts) => {
        const bytes = bytesOf(JSON.stringify(value));
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const gauge = createJsonNestingGauge(limit);
        let answer = false;
        let from = 0;
        for (const to of [...points, bytes.length]) {
          answer = gauge(bytes.subarray(from, to));
          from = to;
        }
        return answer === createJsonNestingGauge(limit)(bytes);
      }),
      { numRuns: 300 },
    );
    const gauge = createJsonNestingGauge(1);
    assert.equal(gauge(bytesOf('["a\\')), false);
    assert.equal(gauge(bytesOf('"[", "x"]')), false, 'an escape split between pieces still escapes the quote');
    assert.equal(gauge(bytesOf('[[')), true);
    assert.equal(gauge(bytesOf(']]')), true, 'once past the limit, always past it');
  });
});

describe('validateState', () => {
  const schema = {
    d: { kind: 'int', min: 1, max: 512 },
    temperature: { kind: 'number', min: 0.01, max: 100 },
    causal: { kind: 'boolean' },
    mask: { kind: 'choice', options: ['none', 'causal', 'window'] as const },
    prompt: { kind: 'text', maxLength: 10 },
    tokens: { kind: 'textList', minItems: 1, maxItems: 4, maxLength: 5 },
    q: { kind: 'numberMatrix', maxRows: 3, maxCols: 2 },
    bias: { kind: 'numberList', minItems: 2, maxItems: 3 },
  } satisfies StateSchema;
  const defaults = { d: 8, temperature: 1, causal: false, mask: 'none' as const, prompt: 'hi', tokens: ['a', 'b'], q: [[1, 0]], bias: [0, 0] };

  test('a valid state passes unchanged, typed, and is a copy', () => {
    const raw = { d: 512, temperature: 0.01, causal: true, mask: 'window', prompt: '0123456789', tokens: ['x'], q: [[1, 2], [3, 4], [5, 6]], bias: [1, 2, 3] };
    const { state, problems } = validateState(schema, raw, defaults);
    assert.deepEqual(problems, []);
    assert.deepEqual(state, raw);
    const mask: 'none' | 'causal' | 'window' = state.mask; // compiles only if the type is the union
    const d: number = state.d;
    assert.ok(mask === 'window' && d === 512, 'typed state');
    assert.notEqual(state.q, raw.q, 'matrix copied');
    assert.notEqual(state.q[0], raw.q[0], 'matrix rows copied');
  });
  test('each bad field falls back to its default with a message naming it', () => {
    const raw = {
      d: 8.5,
      temperature: 1000,
      causal: 'yes',
      mask: 'diagonal',
      prompt: 'far too long text',
      tokens: ['ok', 'toolong'],
      q: [[1, 2], [3]],
      bias: [1, null],
      extra: 1,
    };
    const { state, problems } = validateState(schema, raw, defaults);
    assert.deepEqual(state, defaults);
    assert.deepEqual(problems, [
      'd must be a whole number from 1 to 512; using 8.',
      'temperature must be a number from 0.01 to 100; using 1.',
      'causal must be true or false; using false.',
      'mask must be one of "none", "causal", "window"; using "none".',
      'prompt must be text of at most 10 characters; using "hi".',
      'tokens must be a list of 1 to 4 texts of at most 5 characters each; using the default.',
      'q must be a rectangular matrix of finite numbers, at most 3×2; using the default.',
      'bias must be a list of 2 to 3 finite numbers; using the default.',
      'Ignored the unknown field "extra".',
    ]);
  });
  test('missing fields, non-object state, limits on unknown-key noise', () => {
    const { state, problems } = validateState(schema, { d: 3 }, defaults);
    assert.equal(state.d, 3);
    assert.equal(problems.length, 7);
    assert.equal(problems[0], 'temperature is missing; using 1.');
    assert.deepEqual(validateState(schema, null, defaults), { state: defaults, problems: ['The shared state is not a set of fields; using the defaults.'] });
    const noisy = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
    const many = validateState(schema, { ...defaults, ...noisy }, defaults).problems;
    assert.equal(many.length, 6, 'five listed, then one summary');
    assert.equal(many[5], 'Ignored 995 more unknown fields.');
  });
  test('NaN and non-finite numbers never pass', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const { state } = validateState(schema, { ...defaults, temperature: bad, q: [[bad, 1]], bias: [bad, 1] }, defaults);
      assert.deepEqual([state.temperature, state.q, state.bias], [1, [[1, 0]], [0, 0]], `refuses ${bad}`);
    }
  });
  test('a default that breaks its own schema is the author’s bug', () => {
    assert.throws(() => validateState(schema, {}, { ...defaults, d: 0 }), (e) => e instanceof AttentionInputError && /default d = 0/.test(e.message));
  });
  test('property: the validated state always fits the schema', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...Object.keys(schema), 'zz'), fc.jsonValue()), (raw) => {
        const { state } = validateState(schema, raw, defaults);
        const again = validateState(schema, state, defaults);
        assert.deepEqual(again.problems, [], 'validated state is valid');
      }),
      { numRuns: 300 },
    );
  });
});
