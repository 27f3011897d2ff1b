import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { shuffledOrder } from '../lib/content/questionOrder';

test('an ordering question shows a fixed permutation that is never the answer', () => {
  assert.deepEqual(shuffledOrder(0, 'x'), []);
  assert.deepEqual(shuffledOrder(1, 'x'), [0]);
  assert.deepEqual(shuffledOrder(2, 'a'), [1, 0]); // two steps: only one wrong order exists
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 12 }), fc.string({ minLength: 1, maxLength: 20 }), (n, id) => {
      const order = shuffledOrder(n, id);
      assert.deepEqual([...order].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
      assert.ok(order.some((x, i) => x !== i), 'shown in the right order');
      assert.deepEqual(shuffledOrder(n, id), order);
    }),
  );
});
