import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { contentSecurityPolicy, inlineScripts, scriptHash, withContentSecurityPolicy } from '../lib/build/contentSecurityPolicy';

const PAGE =
  '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><link rel="stylesheet" href="/a.css"/>' +
  '<script src="/_next/static/chunks/a.js" async=""></script><script>(function(){document.documentElement.dataset.theme="dark"})()</script>' +
  '</head><body><p style="height:1em">x</p><script>self.__next_f.push([1,"é \\u003c/script"])</script>' +
  '<script src="/b.js" noModule=""></script></body></html>';

test('inline scripts are found with their exact text; scripts with src are not', () => {
  assert.deepEqual(inlineScripts(PAGE), ['(function(){document.documentElement.dataset.theme="dark"})()', 'self.__next_f.push([1,"é \\u003c/script"])']);
});

test('a hash is the base64 SHA-256 of the UTF-8 text, as browsers compute it', () => {
  const text = 'self.__next_f.push([1,"é"])';
  assert.equal(scriptHash(text), `'sha256-${createHash('sha256').update(Buffer.from(text, 'utf8')).digest('base64')}'`);
  // The CSP spec's example: alert('Hello, world.');
  assert.equal(scriptHash("alert('Hello, world.');"), "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
});

test('the policy: same-origin only, WebAssembly allowed, eval and inline scripts not (hashes aside)', () => {
  const policy = contentSecurityPolicy(["'sha256-a'", "'sha256-b'", "'sha256-a'"]);
  const directives = new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
  assert.deepEqual(directives.get('default-src'), ["'self'"]);
  assert.deepEqual(directives.get('script-src'), ["'self'", "'wasm-unsafe-eval'", "'sha256-a'", "'sha256-b'"]);
  assert.deepEqual(directives.get('worker-src'), ["'self'"]);
  assert.deepEqual(directives.get('style-src'), ["'self'"]);
  assert.deepEqual(directives.get('object-src'), ["'none'"]);
  assert.deepEqual(directives.get('style-src-attr'), ["'unsafe-inline'"], 'KaTeX positions glyphs with style attributes');
  const sources = [...directives.values()].flat();
  for (const loose of ["'unsafe-eval'", 'blob:', 'data:', '*']) assert.ok(!sources.includes(loose), loose);
  assert.deepEqual(sources.filter((s) => s === "'unsafe-inline'").length, 1, 'only for style attributes');
});

test('the meta tag goes right after the charset, hashes every inline script, and is replaced on a second run', () => {
  const once = withContentSecurityPolicy(PAGE);
  assert.match(once, /^<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"\/><meta http-equiv="Content-Security-Policy" content="[^"]+"\/><link/);
  const content = /content="([^"]+)"/.exec(once)![1];
  for (const text of inlineScripts(PAGE)) assert.ok(content.includes(scriptHash(text)), text);
  assert.equal(withContentSecurityPolicy(once), once);
  assert.equal(once.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''), PAGE);
});

test('a page without a charset gets the tag first in its head', () => {
  const out = withContentSecurityPolicy('<html><head><title>t</title></head><body></body></html>');
  assert.match(out, /^<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; /);
  assert.throws(() => withContentSecurityPolicy('<p>no head</p>'), /no <head>/);
});
