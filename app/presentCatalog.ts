/**
 * Every presentable deck (lib/present/deckCatalog.ts), read once per build like the lessons: the
 * walkthroughs of content/walkthroughs/ and each lesson's own deck.
 */
import { deckCatalog } from '../lib/present/deckCatalog';
import { loadWalkthroughs } from '../lib/present/loadWalkthroughs';
import { buildOnce, getLessons } from './lessonCatalog';

export const getDeckCatalog = buildOnce(() => {
  const lessons = getLessons();
  return deckCatalog(lessons, loadWalkthroughs(lessons.map((lesson) => lesson.frontMatter.slug)));
});
