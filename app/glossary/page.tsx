import type { Metadata } from 'next';
import { getGlossary } from '../lessonCatalog';

export const metadata: Metadata = {
  title: 'Glossary',
  description: 'Every term the lessons introduce, with a one-sentence definition and a link to where it is first used.',
};

export default function GlossaryPage() {
  const { entries } = getGlossary();
  const letters = [...new Set(entries.map((e) => e.term[0].toUpperCase()))];
  return (
    <div className="page-narrow">
      <h1>Glossary</h1>
      <p className="lead">
        {entries.length} terms, each defined where a lesson first uses it. Follow &ldquo;first used in&rdquo; to read it in context.
      </p>
      <nav aria-label="Letters" className="glossary-letters">
        {letters.map((l) => (
          <a key={l} href={`#letter-${l}`}>
            {l}
          </a>
        ))}
      </nav>
      <dl className="glossary">
        {entries.map((entry, i) => {
          const letter = entry.term[0].toUpperCase();
          const firstOfLetter = i === 0 || entries[i - 1].term[0].toUpperCase() !== letter;
          return (
            <div key={entry.slug} id={`glossary-${entry.slug}`} className="glossary-entry">
              {/* The letter's anchor is the term itself: a <dl> group may hold only <dt> and <dd>. */}
              <dt id={firstOfLetter ? `letter-${letter}` : undefined}>{entry.term}</dt>
              <dd>
                {entry.definition}{' '}
                <span className="meta">
                  {/* A full page load, not a client-side one: only then does the term match :target and show highlighted. */}
                  First used in <a href={`/lessons/${entry.lessonSlug}/#term-${entry.slug}`}>{entry.lessonTitle}</a>.
                </span>
              </dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}
