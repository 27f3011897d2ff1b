/**
 * Feature detection for WebAssembly relaxed SIMD, which the kernel's relaxed build needs
 * (f32x4.relaxed_madd, see assembly/microKernels.ts). Chromium ships it; Node 20 has it only behind
 * --experimental-wasm-relaxed-simd. Validating a tiny module costs microseconds and compiles
 * nothing, so the choice between the builds is made before either is compiled.
 */

/**
 * A module whose one function returns f32x4.relaxed_madd of a v128 local with itself:
 * (func (result v128) (local v128) local.get 0 local.get 0 local.get 0 f32x4.relaxed_madd).
 * scripts/build-wasm.mjs carries the same bytes.
 */
export const RELAXED_MADD_PROBE: Uint8Array<ArrayBuffer> = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type: () -> v128
  0x03, 0x02, 0x01, 0x00, // one function of type 0
  0x0a, 0x0f, 0x01, 0x0d, 0x01, 0x01, 0x7b, // code: one body, one v128 local
  0x20, 0x00, 0x20, 0x00, 0x20, 0x00, // local.get 0 (×3)
  0xfd, 0x85, 0x02, // f32x4.relaxed_madd (0xfd 0x105)
  0x0b, // end
]);

let supported: boolean | undefined;

/** Whether this engine accepts relaxed SIMD (checked once). */
export function relaxedSimdSupported(): boolean {
  if (supported === undefined) {
    try {
      supported = typeof WebAssembly === 'object' && WebAssembly.validate(RELAXED_MADD_PROBE);
    } catch {
      supported = false;
    }
  }
  return supported;
}
