import type { HastRoot } from '../lib/content';
import { skeletonToReact } from './skeletonToReact';

/**
 * "On this page" for a rendered Markdown page: lib/content's tableOfContentsTree taken out as
 * static HTML (app/staticPageContent.ts), so only a chunk id travels in the RSC payload.
 */
export function TableOfContents({ tree }: { tree: HastRoot }) {
  return skeletonToReact(tree);
}
