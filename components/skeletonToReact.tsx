/**
 * A skeleton tree (lib/content/staticHtml.ts) as React nodes, on the server: its `static-html`
 * elements become StaticHtml chunks, the rest is mapped as hast-util-to-jsx-runtime does, with
 * `components` for the islands.
 */
import { toJsxRuntime, type Components } from 'hast-util-to-jsx-runtime';
import type { ReactNode } from 'react';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import type { HastRoot } from '../lib/content';
import { STATIC_HTML_TAG } from '../lib/content/staticHtml';
import { StaticHtml } from './StaticHtml';

export function skeletonToReact(tree: HastRoot, components: Partial<Components> = {}): ReactNode {
  return toJsxRuntime(tree, { Fragment, jsx, jsxs, components: { [STATIC_HTML_TAG]: StaticHtml as never, ...components } });
}
