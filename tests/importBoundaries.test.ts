/**
 * Which folders may import which: components/ and lib/ never import app/ (the routes). A route may
 * use a component, not the other way round; a component that imports a route module drags the
 * route's server-only code into client bundles and breaks when routes move.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mts|js|mjs)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every module specifier a file names: import/export … from '…', import('…'), require('…'), import '…'. */
function moduleSpecifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*import\s*['"]([^'"]+)['"]/gm];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]);
  return found;
}

/** The repository folder a specifier reaches (relative ones resolved from the importing file; '@/x' and '~/x' from the root). */
function targetOf(file: string, specifier: string): string | null {
  if (specifier.startsWith('.')) return path.resolve(path.dirname(file), specifier);
  if (/^[@~]\//.test(specifier)) return path.resolve(ROOT, specifier.slice(2));
  if (specifier === 'app' || specifier.startsWith('app/')) return path.resolve(ROOT, specifier);
  return null;
}

function importsOfApp(folder: string): string[] {
  const app = path.join(ROOT, 'app');
  const offenders: string[] = [];
  for (const file of sourceFiles(path.join(ROOT, folder))) {
    for (const specifier of moduleSpecifiers(readFileSync(file, 'utf8'))) {
      const target = targetOf(file, specifier);
      if (target !== null && (target === app || target.startsWith(app + path.sep))) offenders.push(`${path.relative(ROOT, file)} imports ${specifier}`);
    }
  }
  return offenders;
}

test('the scan sees every form of import', () => {
  const source = "import a from '../app/x';\nexport { b } from \"../../app/y\";\nconst c = import('../app/z');\nimport '../app/side';\nimport type { T } from '@/app/t';";
  assert.deepEqual(moduleSpecifiers(source).sort(), ['../app/x', '../../app/y', '../app/z', '../app/side', '@/app/t'].sort());
});

for (const folder of ['components', 'lib']) {
  test(`${folder}/ imports nothing from app/`, () => {
    assert.deepEqual(importsOfApp(folder), []);
  });
}
