/**
 * /present/<slug>/static-html.json: the deck's static HTML by chunk id (app/staticPageContent.ts),
 * written into the exported page by the build as a lesson's is.
 */
import { getDeckCatalog } from '../../../presentCatalog';
import { chunkFileResponse, presentPageContent } from '../../../staticPageContent';

export const dynamic = 'force-static';
export const dynamicParams = false;

export function generateStaticParams(): { slug: string }[] {
  return getDeckCatalog().decks.map((deck) => ({ slug: deck.slug }));
}

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return chunkFileResponse(await presentPageContent((await params).slug));
}
