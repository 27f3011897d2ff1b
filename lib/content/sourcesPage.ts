/**
 * The page about the course's sources (content/pages/sources.md, served at /sources/). The
 * "from the source article" badge links to its section on the article; a test checks that the
 * page really has a heading with this id, so the badge never points at nothing.
 */
export const SOURCES_PATH = '/sources/';
export const SOURCE_ARTICLE_SECTION_ID = 'the-source-article';
export const SOURCE_ARTICLE_HREF = `${SOURCES_PATH}#${SOURCE_ARTICLE_SECTION_ID}`;
