import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Element, Root, RootContent } from 'hast';
import { highlightCodeBlocks } from '../lib/content/rehypeShiki';

/** WCAG relative luminance and contrast, as axe computes them. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

function spans(node: Root | RootContent): Element[] {
  if (node.type !== 'root' && node.type !== 'element') return [];
  const own = node.type === 'element' && node.tagName === 'span' ? [node] : [];
  return [...own, ...node.children.flatMap(spans)];
}

test('every light-theme code colour reads at 4.5:1 on the white code background', async () => {
  // Parameters and keyword arguments are the tokens github-light colours too light (#E36209).
  const source = 'def attend(q, attn_mask=None, *, dim: int = -1):\n    return torch.softmax(q @ q.T, dim=dim)  # weights\n';
  const tree: Root = {
    type: 'root',
    children: [
      {
        type: 'element',
        tagName: 'pre',
        properties: {},
        children: [{ type: 'element', tagName: 'code', properties: { className: ['language-python'] }, children: [{ type: 'text', value: source }] }],
      },
    ],
  };
  await highlightCodeBlocks(tree);
  const colours = new Set(spans(tree).map((s) => /(?:^|;)color:(#[0-9a-f]{6})/i.exec(String(s.properties?.style ?? ''))?.[1]?.toLowerCase()).filter(Boolean) as string[]);
  assert.ok(colours.size >= 4, `several token colours, got ${[...colours]}`);
  for (const colour of colours) assert.ok(contrast(colour, '#ffffff') >= 4.5, `${colour}: ${contrast(colour, '#ffffff').toFixed(2)}:1`);
});
