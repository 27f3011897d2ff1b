/**
 * The one error type the math core throws for bad input. Its message is written for a learner
 * ("K has 4 columns but Q has 3: ..."), and `where` lets a UI point at the offending field/cell.
 * It survives a trip through a worker: `toJSON` on one side, `fromJSON` on the other.
 */
export interface ErrorLocation {
  /** Which argument is wrong, as the learner knows it: "Q", "K", "mask", "heads", ... */
  input?: string;
  /** Zero-based row/column of the first bad cell, when the problem is a cell. */
  row?: number;
  col?: number;
}

export type AttentionErrorCode =
  | 'shape' // dimensions that must agree do not
  | 'not-finite' // NaN or ±Infinity where a finite number is required
  | 'not-a-matrix' // malformed matrix object, ragged rows, wrong data length
  | 'out-of-range' // a size or parameter outside what is allowed (n too large, temperature ≤ 0, ...)
  | 'invalid-argument'; // anything else about an argument

export interface SerializedAttentionInputError {
  name: 'AttentionInputError';
  code: AttentionErrorCode;
  message: string;
  where?: ErrorLocation;
}

export class AttentionInputError extends Error {
  override readonly name = 'AttentionInputError' as const;
  readonly code: AttentionErrorCode;
  readonly where: ErrorLocation | undefined;

  constructor(code: AttentionErrorCode, message: string, where?: ErrorLocation) {
    super(message);
    this.code = code;
    this.where = where;
  }

  toJSON(): SerializedAttentionInputError {
    return { name: this.name, code: this.code, message: this.message, ...(this.where ? { where: this.where } : {}) };
  }

  static fromJSON(json: SerializedAttentionInputError): AttentionInputError {
    return new AttentionInputError(json.code, json.message, json.where);
  }

  static isSerialized(value: unknown): value is SerializedAttentionInputError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'AttentionInputError' &&
      typeof (value as { message?: unknown }).message === 'string'
    );
  }
}

/** Ordinal used in messages: row 0 is "row 1" to a learner. */
export function human(index: number): number {
  return index + 1;
}
