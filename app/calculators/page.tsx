import type { Metadata } from 'next';
import { IntentLink } from '../../components/IntentLink';
import { getCalculatorPageSummaries } from '../calculatorCatalog';

export const metadata: Metadata = {
  title: 'Calculators',
  description: 'Every attention idea of the course as a live calculator: step through it, change it, share the exact example.',
};

export default function CalculatorsPage() {
  const pages = getCalculatorPageSummaries();
  return (
    <div className="page-narrow">
      <h1>Calculators</h1>
      <p className="lead">
        Each calculator computes in the background, so the page never freezes. Every one can copy a link that opens the exact example
        on another screen, and copy its numbers as NumPy or PyTorch code.
      </p>
      <ol className="lesson-index">
        {pages.map((page) => (
          <li key={page.slug} className="lesson-card">
            <h2>
              <IntentLink href={`/calculators/${page.slug}/`}>{page.title}</IntentLink>
            </h2>
            <p className="lesson-summary">{page.summary}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}
