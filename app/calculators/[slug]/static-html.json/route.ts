/** /calculators/<slug>/static-html.json: the page's static HTML by chunk id, as for lessons. */
import { getCalculatorPageSummaries } from '../../../calculatorCatalog';
import { calculatorPageContent, chunkFileResponse } from '../../../staticPageContent';

export const dynamic = 'force-static';
export const dynamicParams = false;

export function generateStaticParams(): { slug: string }[] {
  return getCalculatorPageSummaries().map((page) => ({ slug: page.slug }));
}

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return chunkFileResponse(await calculatorPageContent((await params).slug));
}
