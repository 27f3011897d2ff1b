/** /sources/static-html.json: the page's static HTML by chunk id, as for lessons. */
import { chunkFileResponse, sourcesPageContent } from '../../staticPageContent';

export const dynamic = 'force-static';

export async function GET(): Promise<Response> {
  return chunkFileResponse(await sourcesPageContent('sources'));
}
