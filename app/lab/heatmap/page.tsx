import type { Metadata } from 'next';
import { AttentionAtScale } from '../../../components/AttentionAtScale';

export const metadata: Metadata = {
  title: 'Attention at scale',
  description: 'The n × n attention weights of a long sequence, computed in Web Workers and drawn on a canvas.',
};

export default function AttentionAtScalePage() {
  return (
    <article className="lesson">
      <h1>Attention at scale</h1>
      <p>
        Full attention computes one weight for every pair of tokens: n² of them. At n = 4096 that is over 16 million
        weights per head — 64 MiB in float32 for the weights alone, and as much again for the scores. Pick a length
        and watch the pattern; the numbers are random queries and keys (d = {16}), so look at the shape, not the
        meaning. Large matrices are shown pooled, one pixel per block of cells; hover or use the arrow keys to read any
        single weight exactly.
      </p>
      <AttentionAtScale />
    </article>
  );
}
