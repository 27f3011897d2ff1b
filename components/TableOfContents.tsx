import type { TocEntry } from '../lib/content/rehypeHeadings';

/** "On this page" for a rendered Markdown page: one link per heading, indented by depth. */
export function TableOfContents({ entries }: { entries: readonly TocEntry[] }) {
  if (entries.length === 0) return null;
  return (
    <nav className="lesson-toc" aria-label="On this page">
      <ol>
        {entries.map((entry) => (
          <li key={entry.id} className={`toc-depth-${entry.depth}`}>
            <a href={`#${entry.id}`}>{entry.text}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
