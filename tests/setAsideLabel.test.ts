import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SET_ASIDE_PREFIX } from '../lib/practice/progressStorage';
import { setAsideLabel } from '../lib/practice/setAsideLabel';

const entry = (savedAt: string, tag: string, characters: number) => ({ key: `${SET_ASIDE_PREFIX}${savedAt}~${tag}`, savedAt, characters });

test('when, why and how big, in words', () => {
  assert.equal(setAsideLabel(entry('2026-12-07T16:20:03.120Z', 'unreadable', 40), 'UTC'), 'Set aside on 7 Dec 2026, 16:20: could not be read; 40 characters');
  assert.equal(
    setAsideLabel(entry('2026-12-07T16:20:03.120Z', 'unknown-fields-2', 5000), 'Asia/Shanghai'),
    'Set aside on 8 Dec 2026, 00:20: had fields this version of the site does not know (saved by a newer version?); 4.9 KB',
  );
  assert.equal(setAsideLabel(entry('2026-01-02T03:04:05.000Z', 'unreadable', 2_400_000), 'UTC'), 'Set aside on 2 Jan 2026, 03:04: could not be read; 2344 KB');
  assert.equal(setAsideLabel(entry('garbage', 'other', 1), 'UTC'), 'Set aside at an unknown time: could not be used; 1 character');
});
