/**
 * The Markdown pages (lessons, calculator pages, /sources/) as their pages and their
 * static-html.json files both need them: the React skeleton with the islands (calculators,
 * question cards) and every chunk of static HTML (lib/content/staticHtml.ts says why).
 *
 * The page and its JSON file are separate renders; both call these functions, memoised per slug
 * for the whole production build (as buildOnce does) and per render in development.
 */
import { cache } from 'react';
import type { Element } from 'hast';
import { renderLesson, renderLessonMarkdown, type HastRoot, type TocEntry } from '../lib/content';
import { tableOfContentsTree } from '../lib/content/rehypeHeadings';
import { CALCULATOR_EMBED_TAG } from '../lib/content/embedRegistry';
import { mapQuestionTrees, renderQuestion, type RenderedQuestion } from '../lib/content/renderQuestion';
import { noIslands, separateStaticHtml, type StaticHtmlChunks } from '../lib/content/staticHtml';
import { getCalculatorPages } from './calculatorCatalog';
import { getGlossary, getLessons, getQuestions, getSitePaths } from './lessonCatalog';
import { getContentPage } from './pageCatalog';
import { getDeckCatalog } from './presentCatalog';
import { firstParagraphMarkdown } from '../lib/present/deckOutline';

export interface StaticPageContent {
  /** The body with its static runs replaced by chunk elements; calculators stay. */
  body: HastRoot;
  /** "On this page" (with "Check yourself" when the page has questions), as a skeleton. */
  toc: HastRoot;
  /** "Check yourself", every tree a skeleton. */
  questions: RenderedQuestion[];
  chunks: StaticHtmlChunks;
}

const isCalculatorEmbed = (element: Element) => element.tagName === CALCULATOR_EMBED_TAG;

function memoBySlug<T = StaticPageContent>(load: (slug: string) => Promise<T | null>): (slug: string) => Promise<T | null> {
  if (process.env.NODE_ENV !== 'production') return cache(load);
  const memo = new Map<string, Promise<T | null>>();
  return (slug) => {
    if (!memo.has(slug)) memo.set(slug, load(slug));
    return memo.get(slug)!;
  };
}

function separate(rendered: { tree: HastRoot; toc: TocEntry[] }, questions: RenderedQuestion[] = []): StaticPageContent {
  const chunks: StaticHtmlChunks = new Map();
  const toc: TocEntry[] = questions.length > 0 ? [...rendered.toc, { id: 'check-yourself', text: 'Check yourself', depth: 2 }] : rendered.toc;
  return {
    body: separateStaticHtml(rendered.tree, isCalculatorEmbed, chunks),
    toc: separateStaticHtml(tableOfContentsTree(toc), noIslands, chunks),
    questions: questions.map((q) => mapQuestionTrees(q, (tree) => separateStaticHtml(tree, noIslands, chunks))),
    chunks,
  };
}

export const lessonPageContent = memoBySlug(async (slug) => {
  const source = getLessons().find((candidate) => candidate.frontMatter.slug === slug);
  if (!source) return null;
  const { index } = getGlossary();
  const paths = getSitePaths();
  const rendered = await renderLesson(source, index, paths);
  const questions = await Promise.all(getQuestions().filter((q) => q.lesson === slug).map((q) => renderQuestion(q, index, paths)));
  return separate(rendered, questions);
});

export const calculatorPageContent = memoBySlug(async (slug) => {
  const source = getCalculatorPages().find((candidate) => candidate.frontMatter.slug === slug);
  return source ? separate(await renderLesson(source)) : null;
});

/** /sources/, rendered with the site's paths, so a link to a page that does not exist fails the build. */
export const sourcesPageContent = memoBySlug(async () => separate(await renderLesson(getContentPage('sources'), getGlossary().index, getSitePaths())));

/** The body of a static-html.json file: every chunk of the page by id. */
export function chunkFileResponse(content: Pick<StaticPageContent, 'chunks'> | null): Response {
  if (!content) return new Response('not found', { status: 404 });
  return Response.json(Object.fromEntries(content.chunks));
}

export interface PresentStepContent {
  /** The title alone, typeset (formulas in titles are common), for the step list and the next-step box. */
  title: HastRoot;
  /** The step as its slide shows it: its `## ` title, then its body, calculator embed included. */
  body: HastRoot;
  /** Speaker notes (presenter view only); null when the step has none. */
  notes: HastRoot | null;
  /** The step's first paragraph, typeset, for the presenter's "next" box; null when it has none. */
  preview: HastRoot | null;
}

export interface PresentPageContent {
  steps: PresentStepContent[];
  chunks: StaticHtmlChunks;
}

/**
 * A deck's steps for /present/<slug>/, rendered as a lesson's body is (the same checks
 * scripts/content-check.ts runs on walkthroughs): the title as the step's heading, so the slide
 * and its file:line errors read as the author wrote them.
 */
export const presentPageContent = memoBySlug<PresentPageContent>(async (slug) => {
  const deck = getDeckCatalog().bySlug.get(slug);
  if (!deck) return null;
  const options = { glossary: getGlossary().index, knownPaths: getSitePaths() };
  const chunks: StaticHtmlChunks = new Map();
  const steps: PresentStepContent[] = [];
  for (const step of deck.steps) {
    const body = await renderLessonMarkdown(`## ${step.title}\n${step.markdown}`, { file: step.file, bodyStartLine: step.line }, options);
    const notes =
      step.notesStartLine === null ? null : await renderLessonMarkdown(step.notes, { file: step.file, bodyStartLine: step.notesStartLine }, options);
    const title = await renderLessonMarkdown(step.title, { file: step.file, bodyStartLine: step.line }, options);
    const firstParagraph = firstParagraphMarkdown(step.markdown);
    const preview = firstParagraph === null ? null : await renderLessonMarkdown(firstParagraph, { file: step.file, bodyStartLine: step.bodyStartLine }, options);
    // The title's paragraph unwrapped: it goes inside a button and a heading-like line.
    const inline = title.tree.children.flatMap((node) => (node.type === 'element' && node.tagName === 'p' ? node.children : [node]));
    steps.push({
      title: separateStaticHtml({ type: 'root', children: inline }, noIslands, chunks),
      body: separateStaticHtml(body.tree, isCalculatorEmbed, chunks),
      notes: notes && separateStaticHtml(notes.tree, noIslands, chunks),
      preview: preview && separateStaticHtml(preview.tree, noIslands, chunks),
    });
  }
  return { steps, chunks };
});
