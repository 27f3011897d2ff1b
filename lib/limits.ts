/**
 * Sizes the core accepts. They exist so that a typo like n = 40960 gets a clear refusal instead of
 * the tab running out of memory. A score matrix of MAX_SCORE_CELLS float32 values is 128 MiB; the
 * core holds at most two such buffers (scores and weights) per head.
 */
export const MAX_SEQUENCE_LENGTH = 8192;
export const MAX_MODEL_DIM = 4096;
export const MAX_HEADS = 64;
/** nq · nk · heads, summed over every score matrix a call returns. 4096 × 8192. */
export const MAX_SCORE_CELLS = 4096 * 8192;
