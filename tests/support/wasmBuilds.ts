/**
 * Both builds of the SIMD kernel under test. Node 20 has WebAssembly relaxed SIMD only behind
 * --experimental-wasm-relaxed-simd; this module turns the flag on for the test process before any
 * kernel is compiled (import it before calling the kernel), so the relaxed build runs here too.
 * On an engine that has relaxed SIMD already, nothing is changed; on one that cannot run it at
 * all, only the plain build is listed.
 */
import { after, before, describe } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { RELAXED_MADD_PROBE } from '../../lib/kernels/relaxedSimd';
import { setWasmKernelBuild, type WasmKernelBuild } from '../../lib/kernels/wasmSimdKernel';

if (!WebAssembly.validate(RELAXED_MADD_PROBE)) setFlagsFromString('--experimental-wasm-relaxed-simd');

/** The builds this engine runs: plain always, relaxed where it validates. */
export const WASM_BUILDS: readonly WasmKernelBuild[] = WebAssembly.validate(RELAXED_MADD_PROBE) ? ['plain', 'relaxed'] : ['plain'];

/** A describe block per build, with that build forced for its tests (and 'auto' again after). */
export function describeEachWasmBuild(name: string, body: (build: WasmKernelBuild) => void): void {
  for (const build of WASM_BUILDS) {
    describe(`${name} [${build} SIMD build]`, () => {
      before(() => setWasmKernelBuild(build));
      after(() => setWasmKernelBuild('auto'));
      body(build);
    });
  }
}
