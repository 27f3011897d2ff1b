/**
 * A copy of a big typed array made a slice at a time, pausing between slices, so that no single
 * task on the page copies tens of megabytes (a 4096 × 4096 float32 matrix is 64 MiB; copied in
 * one go into fresh memory it held the page for hundreds of milliseconds). The copy can then be
 * handed over to a worker (CallOptions.handOver) without a second copy.
 */
import type { FloatArray } from '../matrix';

/** Elements per slice: 256 Ki (1 MiB of float32), a few milliseconds each even into fresh memory. */
export const COPY_SLICE_LENGTH = 1 << 18;

export interface CopyInSlicesOptions {
  /** Lets other work run between slices (in the browser: a macrotask). */
  pause: () => Promise<void>;
  /** Checked after each pause: true abandons the copy (null). */
  cancelled?: () => boolean;
  sliceLength?: number;
}

export async function copyInSlices<T extends FloatArray | Uint8Array>(data: T, { pause, cancelled = () => false, sliceLength = COPY_SLICE_LENGTH }: CopyInSlicesOptions): Promise<T | null> {
  const Type = data.constructor as { new (length: number): T };
  const copy = new Type(data.length);
  for (let start = 0; start < data.length; start += sliceLength) {
    if (start > 0) {
      await pause();
      if (cancelled()) return null;
    }
    copy.set(data.subarray(start, start + sliceLength) as never, start);
  }
  return copy;
}
