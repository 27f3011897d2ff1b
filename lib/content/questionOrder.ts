/**
 * The order in which an ordering question shows its steps: shuffled, but the same for a question
 * on every render (no Math.random: the server and the browser must agree, and a reload must not
 * reshuffle under the learner), and never already in the right order (a free point).
 */
export function shuffledOrder(n: number, id: string): number[] {
  let h = 2166136261;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
    const j = h % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  if (order.every((x, i) => x === i) && n > 1) [order[0], order[1]] = [order[1], order[0]];
  return order;
}

/** What each question type asks of the learner, as the cards label it. */
export const QUESTION_TYPE_LABEL = {
  'single-choice': 'Choose one',
  'multiple-choice': 'Choose all that apply',
  numeric: 'Numeric answer',
  'free-recall': 'Answer in your own words',
  'spot-the-bug': 'Spot the bug',
  ordering: 'Put in order',
} as const;
