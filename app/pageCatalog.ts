/**
 * Stand-alone content pages (content/pages/*.md, e.g. the sources page): written and validated like
 * lessons, with the same front matter, so they share the one Markdown pipeline. Memoised like the
 * lessons (see buildOnce).
 */
import { loadLessons } from '../lib/content';
import { buildOnce } from './lessonCatalog';

export const PAGES_DIR = 'content/pages';

export const getContentPages = buildOnce(() => loadLessons(PAGES_DIR));

/** The page with `slug`; a missing page is a build error, not a 404. */
export function getContentPage(slug: string) {
  const page = getContentPages().find((candidate) => candidate.frontMatter.slug === slug);
  if (!page) throw new Error(`${PAGES_DIR}: no page with slug "${slug}"`);
  return page;
}
