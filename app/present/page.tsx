import type { Metadata } from 'next';
import { IntentLink } from '../../components/IntentLink';
import { getDeckCatalog } from '../presentCatalog';

export const metadata: Metadata = { title: 'Present', description: 'Walkthroughs and lessons to present to a room, with a presenter screen and a projector screen in sync.' };

export default function PresentIndexPage() {
  const { decks } = getDeckCatalog();
  const walkthroughs = decks.filter((deck) => deck.source === 'walkthrough');
  const lessons = decks.filter((deck) => deck.source === 'lesson');
  const list = (items: typeof decks) => (
    <ol className="lesson-index">
      {items.map((deck) => (
        <li key={deck.slug} className="lesson-card">
          <h3>
            <IntentLink href={`/present/${deck.slug}/`}>{deck.title}</IntentLink>
          </h3>
          {deck.summary ? <p className="lesson-summary">{deck.summary}</p> : null}
          <p className="meta">
            {deck.steps.length} steps · {deck.minutes} min
          </p>
        </li>
      ))}
    </ol>
  );
  return (
    <div className="page-narrow">
      <h1>Present</h1>
      <p className="lead">
        Each deck opens in the presenter view: the step, its notes, the clock and the next step. &ldquo;Open audience window&rdquo; puts the step alone on a second
        window for the projector, kept in sync; press ? there for the keys a clicker sends.
      </p>
      <h2>Walkthroughs</h2>
      {list(walkthroughs)}
      <h2>Lessons</h2>
      {list(lessons)}
    </div>
  );
}
