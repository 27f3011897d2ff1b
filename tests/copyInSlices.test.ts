/**
 * copyInSlices (lib/worker/copyInSlices.ts) copies a big array a slice per task: the same values,
 * a pause between slices and none after the last, and it stops when told the copy is not wanted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyInSlices } from '../lib/worker/copyInSlices';

test('the copy equals the source, of the same type, with a pause between slices', async () => {
  const data = Float32Array.from({ length: 10 }, (_, i) => i / 3);
  let pauses = 0;
  const copy = await copyInSlices(data, { pause: async () => void pauses++, sliceLength: 4 });
  assert.ok(copy instanceof Float32Array);
  assert.notEqual(copy!.buffer, data.buffer);
  assert.deepEqual(copy, data);
  assert.equal(pauses, 2); // slices 0–3, 4–7, 8–9
});

test('an empty array and one slice need no pause', async () => {
  let pauses = 0;
  const pause = async () => void pauses++;
  assert.deepEqual(await copyInSlices(new Float64Array(0), { pause }), new Float64Array(0));
  assert.deepEqual(await copyInSlices(Float64Array.from([1, 2]), { pause, sliceLength: 2 }), Float64Array.from([1, 2]));
  assert.equal(pauses, 0);
});

test('a copy no longer wanted stops at the next pause', async () => {
  let wanted = true;
  let pauses = 0;
  const result = await copyInSlices(new Float32Array(100), {
    sliceLength: 10,
    pause: async () => {
      if (++pauses === 3) wanted = false;
    },
    cancelled: () => !wanted,
  });
  assert.equal(result, null);
  assert.equal(pauses, 3);
});
