import type { MatmulKernel, SdpaBlockJob, SdpaKernel } from './sdpaKernel';
import { typescriptMatmulKernel, typescriptSdpaKernel } from './typescriptKernel';
import { wasmMatmulKernel, wasmSdpaKernel } from './wasmSimdKernel';

export type KernelPreference = 'auto' | 'typescript';

let preference: KernelPreference = 'auto';

/**
 * 'auto' uses the WebAssembly SIMD kernels for float32 work where the engine supports them and
 * the TypeScript kernels otherwise; 'typescript' forces the readable kernels (tests, benchmarks,
 * and a way to rule the SIMD path out when chasing a discrepancy).
 */
export function setKernelPreference(p: KernelPreference): void {
  preference = p;
}

export function getKernelPreference(): KernelPreference {
  return preference;
}

export function sdpaKernelFor(job: SdpaBlockJob): SdpaKernel {
  return preference === 'auto' && wasmSdpaKernel.accepts(job) ? wasmSdpaKernel : typescriptSdpaKernel;
}

export function matmulKernelFor(...args: Parameters<MatmulKernel['accepts']>): MatmulKernel {
  return preference === 'auto' && wasmMatmulKernel.accepts(...args) ? wasmMatmulKernel : typescriptMatmulKernel;
}
