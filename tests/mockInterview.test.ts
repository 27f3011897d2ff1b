import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { drawMockInterview, expectedMinutes, mockInterviewReport, MOCK_LENGTHS } from '../lib/practice/mockInterview';
import type { MockAnswer, MockInterviewRecord, PracticeQuestionInfo } from '../lib/practice/progressTypes';

type Q = PracticeQuestionInfo;
const TYPES: Q['type'][] = ['single-choice', 'multiple-choice', 'numeric', 'ordering', 'spot-the-bug', 'free-recall'];
const DIFFS: (1 | 2 | 3)[] = [1, 2, 3];

/** Every topic has one question of each type × difficulty: 18 per topic. */
function balancedBank(topics: number): Q[] {
  const bank: Q[] = [];
  for (let t = 0; t < topics; t++) {
    for (const type of TYPES) for (const difficulty of DIFFS) bank.push({ id: `t${t}-${type}-${difficulty}`, topic: `topic${t}`, lesson: `lesson${t}`, type, difficulty });
  }
  return bank;
}

/** 100 questions: 5 topics × 20, types and difficulties cycling. */
const bank100: Q[] = Array.from({ length: 100 }, (_, i) => ({
  id: `q${i}`,
  topic: `topic${i % 5}`,
  lesson: `lesson${i % 7}`,
  type: TYPES[i % 6],
  difficulty: ((Math.floor(i / 6) % 3) + 1) as 1 | 2 | 3,
}));

const byId = (bank: Q[]) => new Map(bank.map((q) => [q.id, q]));
const minutesOf = (ids: string[], bank: Q[]) => {
  const m = byId(bank);
  return ids.reduce((s, id) => s + expectedMinutes(m.get(id)!.type, m.get(id)!.difficulty), 0);
};

describe('expectedMinutes', () => {
  test('type budgets × difficulty factor, by hand', () => {
    assert.equal(expectedMinutes('single-choice', 1), 1.2); // 1.5 × 0.8
    assert.equal(expectedMinutes('single-choice', 2), 1.5);
    assert.equal(expectedMinutes('multiple-choice', 3), 2.5); // 2 × 1.25
    assert.equal(expectedMinutes('numeric', 1), 2); // 2.5 × 0.8
    assert.equal(expectedMinutes('numeric', 3), 3.125);
    assert.equal(expectedMinutes('ordering', 2), 2);
    assert.equal(expectedMinutes('spot-the-bug', 1), 2.8);
    assert.equal(expectedMinutes('spot-the-bug', 3), 4.375);
    assert.equal(expectedMinutes('free-recall', 1), 3.2);
    assert.equal(expectedMinutes('free-recall', 3), 5);
  });
  test('throws on an unknown type or difficulty', () => {
    assert.throws(() => expectedMinutes('essay' as Q['type'], 1), /unknown question type/);
    assert.throws(() => expectedMinutes('numeric', 4 as 1), /difficulty must be 1, 2 or 3/);
  });
});

describe('drawMockInterview', () => {
  test('same seed, same list; different seeds, different lists (100-question bank)', () => {
    for (const minutes of MOCK_LENGTHS) {
      const a = drawMockInterview(bank100, { minutes, seed: 42 });
      assert.deepEqual(drawMockInterview(bank100, { minutes, seed: 42 }), a);
      const others = [1, 2, 3, 4, 5].map((seed) => drawMockInterview(bank100, { minutes, seed }).join());
      assert.ok(others.some((o) => o !== a.join()), `seeds 1–5 all drew the same ${minutes}-minute list as seed 42`);
      assert.ok(new Set(others).size >= 4, `only ${new Set(others).size} distinct lists from 5 seeds`);
    }
  });

  test('no repeats, every id from the bank, difficulty rising', () => {
    const ids = new Set(bank100.map((q) => q.id));
    for (let seed = 0; seed < 30; seed++) {
      for (const minutes of MOCK_LENGTHS) {
        const drawn = drawMockInterview(bank100, { minutes, seed });
        assert.equal(new Set(drawn).size, drawn.length);
        for (const id of drawn) assert.ok(ids.has(id), `${id} is not in the bank`);
        const diffs = drawn.map((id) => byId(bank100).get(id)!.difficulty);
        for (let i = 1; i < diffs.length; i++) assert.ok(diffs[i - 1] <= diffs[i], `difficulty falls at ${i}: ${diffs}`);
      }
    }
  });

  test('time budget: at most `minutes`, and within one question (5 min) of it when the bank is large', () => {
    for (let seed = 0; seed < 30; seed++) {
      for (const minutes of MOCK_LENGTHS) {
        const used = minutesOf(drawMockInterview(bank100, { minutes, seed }), bank100);
        assert.ok(used <= minutes + 1e-9, `${used} > ${minutes}`);
        assert.ok(used > minutes - 5, `only ${used} of ${minutes} minutes used`);
      }
    }
  });

  test('hand-worked fill: 1.5-minute questions give 10 in 15 min, all 20 in 30 min', () => {
    const bank: Q[] = Array.from({ length: 20 }, (_, i) => ({ id: `s${i}`, topic: 'x', lesson: 'l', type: 'single-choice', difficulty: 2 }));
    assert.equal(drawMockInterview(bank, { minutes: 15, seed: 7 }).length, 10);
    assert.equal(drawMockInterview(bank, { minutes: 30, seed: 7 }).length, 20);
    assert.equal(drawMockInterview(bank, { minutes: 45, seed: 7 }).length, 20);
    // A 5-minute free recall (d3) leaves 10 minutes: 6 more at 1.5 (9 min), then 1 minute left fits nothing.
    const withRecall: Q[] = [...bank, { id: 'fr', topic: 'x', lesson: 'l', type: 'free-recall', difficulty: 3 }];
    const drawn = drawMockInterview(withRecall, { minutes: 15, seed: 7 });
    assert.equal(drawn.length, 7);
    assert.equal(drawn[6], 'fr', 'the hardest question is asked last');
  });

  test('topic coverage: each topic gets ⌊k/T⌋ or ⌈k/T⌉ on a balanced bank', () => {
    for (const T of [3, 4, 7]) {
      const bank = balancedBank(T);
      for (let seed = 0; seed < 40; seed++) {
        for (const minutes of MOCK_LENGTHS) {
          const drawn = drawMockInterview(bank, { minutes, seed });
          const k = drawn.length;
          const counts = new Map<string, number>(Array.from({ length: T }, (_, t) => [`topic${t}`, 0]));
          for (const id of drawn) counts.set(byId(bank).get(id)!.topic, counts.get(byId(bank).get(id)!.topic)! + 1);
          for (const [topic, c] of counts) {
            assert.ok(c === Math.floor(k / T) || c === Math.ceil(k / T), `T=${T} seed=${seed} ${minutes} min: ${topic} has ${c} of k=${k}`);
          }
        }
      }
    }
  });

  test('a 30-minute session mixes difficulties 1, 2 and 3, spread nearly evenly', () => {
    const bank = balancedBank(5);
    for (let seed = 0; seed < 40; seed++) {
      const drawn = drawMockInterview(bank, { minutes: 30, seed });
      const counts = [1, 2, 3].map((d) => drawn.filter((id) => byId(bank).get(id)!.difficulty === d).length);
      assert.ok(counts.every((c) => c >= 2), `seed ${seed}: difficulty counts ${counts}`);
      // Even until the last minutes, when only cheaper (easy) questions still fit: at most 2 apart.
      assert.ok(Math.max(...counts) - Math.min(...counts) <= 2, `seed ${seed}: difficulty counts ${counts}`);
    }
  });

  test('includes an explanation question when the bank has one', () => {
    // 10 topics × 12 choice questions of every difficulty, and one medium spot-the-bug among them:
    // topic turns and difficulty mixing alone would pick it in few sessions (its topic gets 1–4
    // questions out of 13), so this checks the rule itself.
    const choices: Q[] = Array.from({ length: 120 }, (_, i) => ({ id: `c${i}`, topic: `t${i % 10}`, lesson: 'l', type: 'single-choice', difficulty: ((Math.floor(i / 10) % 3) + 1) as 1 | 2 | 3 }));
    const bank = [...choices, { id: 'bug', topic: 't7', lesson: 'l', type: 'spot-the-bug', difficulty: 2 } as Q];
    for (let seed = 0; seed < 30; seed++) {
      for (const minutes of MOCK_LENGTHS) assert.ok(drawMockInterview(bank, { minutes, seed }).includes('bug'), `seed ${seed}, ${minutes} min`);
    }
    // And none when there is none to include: the draw still works.
    assert.ok(drawMockInterview(choices, { minutes: 15, seed: 1 }).length > 0, 'nothing drawn from a bank without explanation questions');
  });

  test('excludeIds are never drawn; an explanation question left over is still included', () => {
    const exclude = new Set(bank100.filter((_, i) => i % 2 === 0).map((q) => q.id));
    // Odd indices keep TYPES[1,3,5]: multiple-choice, ordering, free-recall.
    for (let seed = 0; seed < 20; seed++) {
      for (const minutes of MOCK_LENGTHS) {
        const drawn = drawMockInterview(bank100, { minutes, seed, excludeIds: exclude });
        for (const id of drawn) assert.ok(!exclude.has(id), `${id} was excluded`);
        assert.ok(drawn.some((id) => byId(bank100).get(id)!.type === 'free-recall'), `seed ${seed}, ${minutes} min: no free recall`);
      }
    }
    assert.deepEqual(drawMockInterview(bank100, { minutes: 15, seed: 1, excludeIds: new Set(bank100.map((q) => q.id)) }), []);
  });

  test('throws on an empty bank, a bad length or seed, and duplicate ids', () => {
    assert.throws(() => drawMockInterview([], { minutes: 15, seed: 1 }), /question bank is empty/);
    assert.throws(() => drawMockInterview(bank100, { minutes: 20 as 15, seed: 1 }), /minutes must be one of 15, 30, 45/);
    assert.throws(() => drawMockInterview(bank100, { minutes: 15, seed: NaN }), /seed must be a finite number/);
    assert.throws(() => drawMockInterview([bank100[0], bank100[0]], { minutes: 15, seed: 1 }), /appears twice/);
  });

  test('properties over random banks: no repeats, within budget, subset of the bank, balance, explanation', () => {
    const question = fc.record({
      topic: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      type: fc.constantFrom(...TYPES),
      difficulty: fc.constantFrom(1 as const, 2 as const, 3 as const),
      excluded: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(question, { minLength: 1, maxLength: 80 }), fc.constantFrom(...MOCK_LENGTHS), fc.integer(), (rows, minutes, seed) => {
        const bank: Q[] = rows.map((r, i) => ({ id: `q${i}`, topic: r.topic, lesson: 'l', type: r.type, difficulty: r.difficulty }));
        const excludeIds = new Set(bank.filter((_, i) => rows[i].excluded).map((q) => q.id));
        const drawn = drawMockInterview(bank, { minutes, seed, excludeIds });
        const m = byId(bank);
        assert.equal(new Set(drawn).size, drawn.length);
        for (const id of drawn) assert.ok(m.has(id) && !excludeIds.has(id), `${id} is excluded or not in the bank`);
        assert.ok(minutesOf(drawn, bank) <= minutes + 1e-9, `${minutesOf(drawn, bank)} minutes drawn for ${minutes}`);
        const eligible = bank.filter((q) => !excludeIds.has(q.id));
        if (eligible.some((q) => q.type === 'free-recall' || q.type === 'spot-the-bug')) {
          assert.ok(drawn.some((id) => ['free-recall', 'spot-the-bug'].includes(m.get(id)!.type)), 'no explanation question drawn');
        }
        // A topic two questions behind another must have had all its questions drawn.
        const count = (t: string) => drawn.filter((id) => m.get(id)!.topic === t).length;
        const topics = [...new Set(eligible.map((q) => q.topic))];
        for (const a of topics) for (const b of topics) {
          if (count(a) >= count(b) + 2) assert.equal(count(b), eligible.filter((q) => q.topic === b).length, `${a}:${count(a)} vs ${b}:${count(b)}`);
        }
        // Nothing left out that would still have fitted, when nobody ran out of questions.
        if (eligible.length > 0 && drawn.length === 0) assert.fail('nothing drawn from a non-empty pool (every question fits 15 min)');
      }),
      { numRuns: 300 },
    );
  });
});

describe('mockInterviewReport', () => {
  const bank: Q[] = [
    { id: 'a1', topic: 'scaling', lesson: 'L1', type: 'single-choice', difficulty: 1 },
    { id: 'a2', topic: 'scaling', lesson: 'L1', type: 'free-recall', difficulty: 2 },
    { id: 'b1', topic: 'masks', lesson: 'L2', type: 'numeric', difficulty: 2 },
    { id: 'b2', topic: 'masks', lesson: 'L3', type: 'spot-the-bug', difficulty: 3 },
    { id: 'c1', topic: 'heads', lesson: 'L3', type: 'ordering', difficulty: 1 },
    { id: 'c2', topic: 'heads', lesson: 'L3', type: 'free-recall', difficulty: 3 },
    { id: 'p1', topic: 'positional', lesson: 'L4', type: 'free-recall', difficulty: 1 },
  ];
  const ans = (questionId: string, correct: boolean | null, selfScore: number | null, answered: boolean, seconds: number): MockAnswer => ({
    questionId,
    correct,
    selfScore,
    gradedAt: selfScore === null ? null : '2026-11-20T10:20:00.000Z',
    answered,
    seconds,
  });
  const record: MockInterviewRecord = {
    id: '2026-11-20T10:00:00.000Z#5',
    startedAt: '2026-11-20T10:00:00.000Z',
    finishedAt: '2026-11-20T10:12:00.000Z',
    minutes: 15,
    seed: 5,
    timedOut: true,
    answers: [
      ans('a1', true, null, true, 30), // right
      ans('a2', null, 0.5, true, 200), // self-graded at exactly half: right
      ans('b1', false, null, true, 90), // wrong (L2, masks)
      ans('b2', null, 0.25, true, 150), // self-graded under half: wrong (L3, masks)
      ans('c1', null, null, false, 0), // unanswered: wrong (L3, heads)
      ans('z9', true, null, true, 40), // retired question, right
      ans('c2', null, null, true, 120), // answered, not graded yet
      ans('p1', null, null, true, 60), // answered, not graded yet
    ],
  };

  test('hand-worked report', () => {
    const r = mockInterviewReport(record, bank);
    // Graded: a1 ✓, a2 ✓, b1 ✗, b2 ✗, c1 ✗, z9 ✓ → 3 of 6.
    assert.deepEqual(r.score, { correct: 3, graded: 6, fraction: 0.5 });
    assert.equal(r.totalSeconds, 30 + 200 + 90 + 150 + 0 + 40 + 120 + 60);
    assert.deepEqual(r.ungraded, ['c2', 'p1']);
    // masks 0/2 and heads 0/1 tie at 0 (first asked first), scaling 2/2, positional nothing graded (last).
    assert.deepEqual(r.byTopic, [
      { topic: 'masks', correct: 0, graded: 2, total: 2, fraction: 0 },
      { topic: 'heads', correct: 0, graded: 1, total: 2, fraction: 0 },
      { topic: 'scaling', correct: 2, graded: 2, total: 2, fraction: 1 },
      { topic: 'positional', correct: 0, graded: 0, total: 1, fraction: null },
    ]);
    assert.deepEqual(r.perQuestion, [
      { questionId: 'a1', topic: 'scaling', seconds: 30, correct: true, answered: true },
      { questionId: 'a2', topic: 'scaling', seconds: 200, correct: true, answered: true },
      { questionId: 'b1', topic: 'masks', seconds: 90, correct: false, answered: true },
      { questionId: 'b2', topic: 'masks', seconds: 150, correct: false, answered: true },
      { questionId: 'c1', topic: 'heads', seconds: 0, correct: false, answered: false },
      { questionId: 'z9', topic: 'retired', seconds: 40, correct: true, answered: true },
      { questionId: 'c2', topic: 'heads', seconds: 120, correct: null, answered: true },
      { questionId: 'p1', topic: 'positional', seconds: 60, correct: null, answered: true },
    ]);
    // L3: b2 (masks) and c1 (heads), tie on topic → masks, seen first; L2: b1.
    assert.deepEqual(r.studyNext, [
      { lesson: 'L3', topic: 'masks', missed: 2 },
      { lesson: 'L2', topic: 'masks', missed: 1 },
    ]);
  });

  test('self-score just under the line fails; nothing graded gives fraction 0', () => {
    const one = (a: MockAnswer) => mockInterviewReport({ ...record, answers: [a] }, bank);
    assert.equal(one(ans('a2', null, 0.49, true, 10)).score.correct, 0);
    assert.equal(one(ans('a2', null, 1, true, 10)).score.correct, 1);
    assert.deepEqual(one(ans('a2', null, null, true, 10)).score, { correct: 0, graded: 0, fraction: 0 });
    assert.deepEqual(mockInterviewReport({ ...record, answers: [] }, bank).byTopic, []);
  });

  test('throws on a self-score outside [0, 1]', () => {
    assert.throws(() => mockInterviewReport({ ...record, answers: [ans('a2', null, 1.5, true, 10)] }, bank), /selfScore of a2 must be in \[0, 1\]/);
  });
});
