import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import jsQR from 'jsqr';
import { QUIET_ZONE, qrCode } from '../lib/share/qrCode';

/**
 * Paints the code's SVG path (not its module grid) into pixels, `scale` per module, with the quiet
 * zone, and reads it back with jsQR, a decoder written apart from the encoder: what a phone would do.
 */
function decodePath(code: ReturnType<typeof qrCode>, scale = 4): string | null {
  const side = (code.size + 2 * QUIET_ZONE) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  const runs = code.path.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g);
  let painted = 0;
  for (const [whole, xs, ys, ws, back] of runs) {
    painted += whole.length;
    const [x, y, w] = [Number(xs), Number(ys), Number(ws)];
    assert.equal(Number(back), w, 'each run closes on itself');
    for (let py = (y + QUIET_ZONE) * scale; py < (y + 1 + QUIET_ZONE) * scale; py++) {
      for (let px = (x + QUIET_ZONE) * scale; px < (x + w + QUIET_ZONE) * scale; px++) {
        const i = (py * side + px) * 4;
        pixels[i] = pixels[i + 1] = pixels[i + 2] = 0;
      }
    }
  }
  assert.equal(painted, code.path.length, 'the path is only runs');
  return jsQR(pixels, side, side, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

test('a step link becomes a code that decodes to the same link', () => {
  const link = 'https://attention-lab.example/present/sdpa-stage-by-stage/?step=3';
  const code = qrCode(link);
  assert.equal(decodePath(code), link);
  assert.equal(code.modules.length, code.size);
  assert.equal(code.size, 17 + 4 * code.version, 'a version-v code has 17 + 4v modules a side');
  assert.equal(code.viewBox, `-4 -4 ${code.size + 8} ${code.size + 8}`);
});

test('the path covers exactly the dark modules', () => {
  const code = qrCode('/present/masking-in-practice/?step=12');
  const painted = code.modules.map((row) => row.map(() => false));
  for (const [, x, y, w] of code.path.matchAll(/M(\d+) (\d+)h(\d+)v1/g)) {
    for (let i = Number(x); i < Number(x) + Number(w); i++) {
      assert.equal(painted[Number(y)][i], false, `module ${i},${y} is painted once`);
      painted[Number(y)][i] = true;
    }
  }
  // Module by module, not only decodable: error correction would read past a few misplaced ones.
  assert.deepEqual(painted, code.modules);
  // The three finder patterns' outer corners are dark.
  for (const [x, y] of [[0, 0], [code.size - 1, 0], [0, code.size - 1]]) assert.equal(code.modules[y][x], true);
});

test('a link with a calculator state (a long fragment) still decodes, in a bigger version', () => {
  const long = `https://attention-lab.example/present/sdpa-stage-by-stage/?step=4#sdpa-step-4~1.${'AbC-_9'.repeat(80)}`;
  const short = qrCode('https://attention-lab.example/present/x/?step=1');
  const code = qrCode(long);
  assert.ok(code.version > short.version);
  assert.equal(decodePath(code, 3), long);
});

test('any link decodes to itself (property)', () => {
  fc.assert(
    fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
      assert.equal(decodePath(qrCode(url), 2), url);
    }),
    { numRuns: 15 },
  );
});
