/**
 * /lessons/<slug>/static-html.json: the lesson's static HTML by chunk id (app/staticPageContent.ts).
 * The build writes it into the exported page (scripts/static-html-fill.ts); after a client-side
 * navigation the page's chunks read it (components/StaticHtml.tsx).
 */
import { getLessonSummaries } from '../../../lessonCatalog';
import { chunkFileResponse, lessonPageContent } from '../../../staticPageContent';

export const dynamic = 'force-static';
export const dynamicParams = false;

export function generateStaticParams(): { slug: string }[] {
  return getLessonSummaries().map((lesson) => ({ slug: lesson.slug }));
}

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return chunkFileResponse(await lessonPageContent((await params).slug));
}
