/** What learners read for each question topic (the bank's `topic` field). */
import type { QUESTION_TOPICS } from '../content/questionSource';

export const TOPIC_NAMES: Readonly<Record<(typeof QUESTION_TOPICS)[number], string>> = {
  foundations: 'Foundations',
  'scoring-functions': 'Scoring functions',
  'scaled-dot-product': 'Scaled dot-product',
  'self-attention': 'Self-attention',
  masking: 'Masking',
  'multi-head': 'Multi-head attention',
  'cross-attention': 'Cross-attention',
  'positional-encoding': 'Positional encoding',
  'long-sequences': 'Long sequences',
  evaluation: 'Evaluation',
  'improving-models': 'Improving models',
  adaptation: 'Adaptation',
  training: 'Training',
  applications: 'Applications',
  coding: 'Coding',
};

export function topicName(topic: string): string {
  return (TOPIC_NAMES as Record<string, string>)[topic] ?? topic;
}
