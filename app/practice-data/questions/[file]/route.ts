/**
 * Each question's rendered parts as a static JSON file (`/practice-data/questions/<id>.json`),
 * written by the build. Practice pages load only the questions they show: the whole bank rendered
 * (KaTeX, highlighted code) is several megabytes, one question tens of kilobytes.
 */
import { getPracticeQuestions } from '../../../practiceCatalog';

export const dynamic = 'force-static';
export const dynamicParams = false;

export async function generateStaticParams(): Promise<{ file: string }[]> {
  return (await getPracticeQuestions()).map((q) => ({ file: `${q.id}.json` }));
}

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  const { file } = await params;
  const id = file.replace(/\.json$/, '');
  const question = (await getPracticeQuestions()).find((q) => q.id === id);
  if (!question) return new Response('not found', { status: 404 });
  // Source positions are for build errors only; leaving them out saves a tenth of the size.
  const body = JSON.stringify(question, (key, value) => (key === 'position' ? undefined : value));
  return new Response(body, { headers: { 'content-type': 'application/json; charset=utf-8' } });
}
