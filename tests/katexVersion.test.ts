/**
 * Lesson and question formulas are typeset at build time by rehype-katex, with whatever KaTeX npm
 * resolves from rehype-katex's folder; their stylesheet is the one app/layout.tsx imports. KaTeX
 * renames its layout classes between versions (0.16's `base`, `strut`, `sizing` are 0.19's
 * `katex-base`, `katex-strut`, `katex-sizing`), so markup from one version under the CSS of another
 * shows subscripts at full size, bars through denominators and `\neq` as "/=". These tests resolve
 * both the way the build does and check that they are one KaTeX.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Element, Root, RootContent } from 'hast';
import { renderLessonMarkdown } from '../lib/content/index';

const root = path.resolve(import.meta.dirname, '..');
const layoutFile = path.join(root, 'app/layout.tsx');

/** The package.json of the package that holds `file`. */
function packageJsonAbove(file: string): { name: string; version: string } {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (json.name && json.version) return { name: json.name, version: json.version };
    } catch {
      // no package.json here: keep climbing
    }
  }
  throw new Error(`no package.json above ${file}`);
}

/** The KaTeX stylesheet app/layout.tsx imports, resolved from app/ as the bundler does. */
function bundledKatexCss(): { file: string; text: string } {
  const specifier = /import\s+'(katex\/[^']+\.css)'/.exec(readFileSync(layoutFile, 'utf8'))?.[1];
  assert.ok(specifier, 'app/layout.tsx imports a KaTeX stylesheet');
  const file = createRequire(layoutFile).resolve(specifier);
  return { file, text: readFileSync(file, 'utf8') };
}

/** The KaTeX that rehype-katex imports, resolved from rehype-katex's own folder. */
function renderingKatexFile(): string {
  const fromLib = createRequire(path.join(root, 'lib/content/renderLesson.ts'));
  const rehypeKatex = fromLib.resolve('rehype-katex');
  return createRequire(rehypeKatex).resolve('katex');
}

test('the KaTeX that renders lesson markup is the KaTeX whose stylesheet is bundled', async () => {
  const css = bundledKatexCss();
  const rendering = renderingKatexFile();
  const cssPackage = packageJsonAbove(css.file);
  const renderingPackage = packageJsonAbove(rendering);
  assert.equal(cssPackage.name, 'katex');
  assert.equal(renderingPackage.name, 'katex');
  assert.equal(renderingPackage.version, cssPackage.version, `rehype-katex renders with KaTeX ${renderingPackage.version} (${rendering}), the CSS is KaTeX ${cssPackage.version}`);
  // The stylesheet names its own version; it must be the version the package claims.
  const cssVersion = /\.katex-version:after\{content:"([^"]+)"\}/.exec(css.text)?.[1];
  assert.equal(cssVersion, cssPackage.version, 'the version written in the stylesheet');
  const katex = (await import(rendering)) as { default?: { version: string }; version?: string };
  assert.equal(katex.default?.version ?? katex.version, cssPackage.version, 'the version the rendering module reports');
});

function classesOf(node: Element): string[] {
  const value: unknown = node.properties?.className;
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : [];
}

function collectClasses(node: Root | RootContent, into: Set<string>): Set<string> {
  if (node.type === 'element') classesOf(node).forEach((c) => into.add(c));
  if ('children' in node) node.children.forEach((child) => collectClasses(child, into));
  return into;
}

/**
 * KaTeX's atom classes (mord, mbin, …) label the maths for the renderer and carry no style of their
 * own; every other class in its markup is a layout class the stylesheet must know.
 */
const UNSTYLED_ATOM_CLASSES = new Set(['mord', 'mbin', 'mrel', 'mop', 'mopen', 'mclose', 'mpunct', 'minner', 'mtight', 'nobreak']);

test('every layout class in rendered lesson formulas has a rule in the bundled KaTeX stylesheet', async () => {
  const markdown = [
    'Inline $q_A \\cdot k_B$, $\\sum_B w_{AB} v_B$, $a \\neq b$ and $\\tfrac{1}{\\sqrt{d_k}}$.',
    '',
    '$$',
    '\\operatorname{softmax}\\!\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V, \\quad \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}',
    '$$',
  ].join('\n');
  const { tree } = await renderLessonMarkdown(markdown, { file: 'katex-check.md', bodyStartLine: 1 });
  const classes = [...collectClasses(tree, new Set())].filter((c) => !UNSTYLED_ATOM_CLASSES.has(c));
  assert.ok(classes.includes('katex'), 'the markdown was typeset');
  const css = bundledKatexCss().text;
  const unstyled = classes.filter((c) => !new RegExp(`\\.${c.replace(/[-]/g, '\\-')}(?![\\w-])`).test(css));
  assert.deepEqual(unstyled, [], 'classes in the lesson markup that the bundled KaTeX stylesheet never styles');
});
