import type { Metadata } from 'next';
import { LessonBody } from '../../components/LessonBody';
import { TableOfContents } from '../../components/TableOfContents';
import { renderLesson } from '../../lib/content';
import { getGlossary, getSitePaths } from '../lessonCatalog';
import { getContentPage } from '../pageCatalog';

const page = () => getContentPage('sources');

export function generateMetadata(): Metadata {
  const { title, summary } = page().frontMatter;
  return { title, description: summary };
}

/** /sources/: the article the course was built from, its errors, and the papers and libraries used. */
export default async function SourcesPage() {
  const source = page();
  // Rendered with the site's paths, so a link to a page that does not exist fails the build.
  const { tree, toc } = await renderLesson(source, getGlossary().index, getSitePaths());
  return (
    <article className="lesson page-narrow sources-page">
      <h1>{source.frontMatter.title}</h1>
      <p className="lead">{source.frontMatter.summary}</p>
      <TableOfContents entries={toc} />
      <div className="lesson-body">
        <LessonBody tree={tree} slug="sources" />
      </div>
    </article>
  );
}
