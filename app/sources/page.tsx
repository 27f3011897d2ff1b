import type { Metadata } from 'next';
import { LessonBody } from '../../components/LessonBody';
import { StaticHtmlSource } from '../../components/StaticHtml';
import { TableOfContents } from '../../components/TableOfContents';
import { getContentPage } from '../pageCatalog';
import { sourcesPageContent } from '../staticPageContent';

const page = () => getContentPage('sources');

export function generateMetadata(): Metadata {
  const { title, summary } = page().frontMatter;
  return { title, description: summary };
}

/** /sources/: the article the course was built from, its errors, and the papers and libraries used. */
export default async function SourcesPage() {
  const source = page();
  const { body, toc } = (await sourcesPageContent('sources'))!;
  return (
    <StaticHtmlSource src="/sources/static-html.json">
      <article className="lesson page-narrow sources-page">
        <h1>{source.frontMatter.title}</h1>
        <p className="lead">{source.frontMatter.summary}</p>
        <TableOfContents tree={toc} />
        <div className="lesson-body">
          <LessonBody tree={body} />
        </div>
      </article>
    </StaticHtmlSource>
  );
}
