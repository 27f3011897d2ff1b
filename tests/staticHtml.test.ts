import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { renderLessonMarkdown } from '../lib/content';
import { CALCULATOR_EMBED_TAG } from '../lib/content/embedRegistry';
import { tableOfContentsTree } from '../lib/content/rehypeHeadings';
import { noIslands, separateStaticHtml, STATIC_HTML_TAG, staticHtmlId, type StaticHtmlChunks } from '../lib/content/staticHtml';
import { chunkIdsIn, fillStaticHtml } from '../lib/build/staticHtmlFill';
import { laterChunkFile } from '../lib/content/laterChunkFile';
import { isGatedRoute, payloadShare } from '../lib/build/payloadRatio';

const isEmbed = (element: Element) => element.tagName === CALCULATOR_EMBED_TAG;
const LOCATION = { file: 'lesson.md', bodyStartLine: 1 };

const MARKDOWN = [
  '## Scores',
  '',
  'The score is $q \\cdot k / \\sqrt{d}$, and:',
  '',
  '```embed',
  'calculator: attention',
  '```',
  '',
  '- a list item',
  '',
  '```python',
  'print(1)',
  '```',
].join('\n');

/** The skeleton rendered back to HTML with every chunk put in its element's place, as the browser gets it. */
function reassemble(skeleton: Root, chunks: StaticHtmlChunks): string {
  return toHtml(skeleton).replace(/<static-html data-id="([^"]+)"><\/static-html>/g, (_, id: string) => chunks.get(id)!);
}

test('static runs become chunk elements; the calculator stays in the skeleton; the HTML is unchanged', async () => {
  const { tree } = await renderLessonMarkdown(MARKDOWN, LOCATION);
  const chunks: StaticHtmlChunks = new Map();
  const skeleton = separateStaticHtml(tree, isEmbed, chunks);
  const kinds = skeleton.children.filter((n) => n.type === 'element').map((n) => (n as Element).tagName);
  assert.deepEqual(kinds, [STATIC_HTML_TAG, CALCULATOR_EMBED_TAG, STATIC_HTML_TAG]);
  assert.equal(chunks.size, 2);
  assert.equal(reassemble(skeleton, chunks), toHtml(tree));
  // The chunks hold the formula (HTML and MathML) and the highlighted code; the skeleton does not.
  const [before, after] = [...chunks.values()];
  assert.match(before, /class="katex"/);
  assert.match(before, /<math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML"/);
  assert.match(after, /<pre [^>]*class="shiki/);
  assert.doesNotMatch(JSON.stringify(skeleton), /katex|shiki/);
  assert.ok(tree.children.length > skeleton.children.length, 'the input tree is left as it was');
});

test('an island nested in a block keeps its ancestors; their other children become chunks', () => {
  const embed: Element = { type: 'element', tagName: CALCULATOR_EMBED_TAG, properties: { dataEmbed: '{}' }, children: [] };
  const tree: Root = {
    type: 'root',
    children: [
      {
        type: 'element',
        tagName: 'blockquote',
        properties: {},
        children: [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: 'before' }] }, embed, { type: 'text', value: '\n' }],
      },
    ],
  };
  const chunks: StaticHtmlChunks = new Map();
  const skeleton = separateStaticHtml(tree, isEmbed, chunks);
  const quote = skeleton.children[0] as Element;
  assert.equal(quote.tagName, 'blockquote');
  assert.deepEqual(
    quote.children.map((n) => (n.type === 'element' ? n.tagName : n.type)),
    [STATIC_HTML_TAG, CALCULATOR_EMBED_TAG, 'text'],
    'a run of whitespace stays text rather than become a chunk',
  );
  assert.deepEqual([...chunks.values()], ['<p>before</p>']);
  assert.equal(reassemble(skeleton, chunks), toHtml(tree));
});

test('a chunk id is a hash of its HTML: equal HTML, one chunk; any difference, another id', () => {
  const paragraph = (text: string): Root => ({ type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: text }] }] });
  const chunks: StaticHtmlChunks = new Map();
  const a = separateStaticHtml(paragraph('same'), noIslands, chunks);
  const b = separateStaticHtml(paragraph('same'), noIslands, chunks);
  separateStaticHtml(paragraph('Same'), noIslands, chunks);
  assert.deepEqual(a, b);
  assert.equal(chunks.size, 2);
  assert.match(staticHtmlId('<p>x</p>'), /^[A-Za-z0-9_-]{12}$/);
});

test('the table of contents is plain in-page links, one chunk', () => {
  const chunks: StaticHtmlChunks = new Map();
  separateStaticHtml(tableOfContentsTree([{ id: 'a', text: 'A & B', depth: 2 }, { id: 'b', text: 'C', depth: 3 }]), noIslands, chunks);
  assert.deepEqual([...chunks.values()], [
    '<nav class="lesson-toc" aria-label="On this page"><ol><li class="toc-depth-2"><a href="#a">A &#x26; B</a></li><li class="toc-depth-3"><a href="#b">C</a></li></ol></nav>',
  ]);
  assert.deepEqual(tableOfContentsTree([]).children, []);
});

const PAGE = (body: string) => `<!DOCTYPE html><html><head><meta charSet="utf-8"/></head><body>${body}<script>self.__next_f.push([1,"x"])</script></body></html>`;

test('the fill writes shown chunks into their elements (every copy) and hands the rest to the later file', () => {
  const html = PAGE('<div data-static-html="A" class="static-html"></div><p>island</p><div data-static-html="A" class="static-html"></div><div hidden="" data-static-html-store=""></div>');
  assert.deepEqual(chunkIdsIn(html), ['A', 'A']);
  const filled = fillStaticHtml(html, { A: '<p>shown</p>', B: '<p>later</p>', C: '<p>also later</p>' });
  assert.equal(filled.placed, 2);
  assert.deepEqual(filled.later, { B: '<p>later</p>', C: '<p>also later</p>' });
  assert.equal(
    filled.html,
    PAGE(
      '<div data-static-html="A" class="static-html"><p>shown</p></div><p>island</p><div data-static-html="A" class="static-html"><p>shown</p></div>' +
        '<div hidden="" data-static-html-store="later"></div>',
    ),
    'the later chunks are not in the page; its store says where they are',
  );
  const again = fillStaticHtml(filled.html, { A: '<p>shown</p>', B: '<p>later</p>' });
  assert.equal(again.html, filled.html, 'a second run changes nothing');
  assert.equal(again.later, null, 'and hands nothing to write');
  assert.deepEqual(chunkIdsIn(filled.html), [], 'no empty chunk element is left');
});

test('a page that shows every chunk says it has no later file', () => {
  const filled = fillStaticHtml(PAGE('<div data-static-html="A" class="static-html"></div><div hidden="" data-static-html-store=""></div>'), { A: '<p>a</p>' });
  assert.deepEqual(filled.later, {});
  assert.match(filled.html, /data-static-html-store="none"/);
});

test('the later file sits beside the chunk file', () => {
  assert.equal(laterChunkFile('/lessons/masking/static-html.json'), '/lessons/masking/static-html-later.json');
  assert.equal(laterChunkFile('out/lessons/masking/static-html.json'), 'out/lessons/masking/static-html-later.json');
  assert.throws(() => laterChunkFile('/lessons/masking/'), /static-html\.json/);
});

test('the fill refuses a page whose chunks the file lacks, or chunks to keep without a store', () => {
  assert.throws(() => fillStaticHtml(PAGE('<div data-static-html="A" class="static-html"></div>'), {}), /lacks: A/);
  assert.throws(() => fillStaticHtml(PAGE(''), { B: '<p>later</p>' }), /no data-static-html-store/);
});

test('the payload share counts the inline self.__next_f scripts against the rest of the file', () => {
  const html = '<html><body><p>ab</p><script>(self.__next_f=self.__next_f||[]).push([0])</script><script>self.__next_f.push([1,"é"])</script><script>other()</script></body></html>';
  const share = payloadShare(html);
  const payload = Buffer.byteLength('(self.__next_f=self.__next_f||[]).push([0])') + Buffer.byteLength('self.__next_f.push([1,"é"])');
  assert.equal(share.payloadBytes, payload);
  assert.equal(share.markupBytes, Buffer.byteLength(html) - payload);
  assert.equal(share.ratio, payload / share.markupBytes);
  // The page's later file is its content too: it counts with the markup.
  assert.equal(payloadShare(html, 1000).markupBytes, share.markupBytes + 1000);
  assert.equal(payloadShare(html, 1000).ratio, payload / (share.markupBytes + 1000));
  assert.ok(isGatedRoute('/lessons/masking/'));
  assert.ok(!isGatedRoute('/lessons/'));
  assert.ok(!isGatedRoute('/practice/'));
});
