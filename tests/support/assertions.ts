import assert from 'node:assert/strict';
import { AttentionInputError } from '../../lib/errors';

/** Asserts that fn throws the core's AttentionInputError with a matching message (and input). */
export function throwsInput(fn: () => unknown, pattern: RegExp, input?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof AttentionInputError, `expected AttentionInputError, got ${String(e)}`);
    assert.match(e.message, pattern);
    if (input !== undefined) assert.equal(e.where?.input, input);
    return true;
  });
}
