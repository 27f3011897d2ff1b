/**
 * Reading what a learner typed into a calculator field: the pure half of every number field and
 * draft field (components/calculators/NumberField.tsx, useDraftField.ts). The state keeps the last
 * good value; these functions say whether the typed text is a good value and, when it is not,
 * what to tell the learner.
 */
import { fits, type FieldSchema, type StateOf, type StateSchema } from '../share/stateSchema';
import { fieldLabel, type CalculatorSpec } from './calculatorSpec';

/** The range a typed number must fall in (an int or number field of a state schema is one). */
export interface NumberRange {
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
}

export type ParsedField<V> = { ok: true; value: V } | { ok: false; message: string };

/** The range of an int or number field of a schema. */
export function rangeOf(schema: FieldSchema & { kind: 'int' | 'number' }): NumberRange {
  return { min: schema.min, max: schema.max, integer: schema.kind === 'int' };
}

/** The number the text says when it is one in range (blank text is not 0), otherwise null. */
export function numberInRange(text: string, range: NumberRange): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < range.min || value > range.max) return null;
  if (range.integer && !Number.isInteger(value)) return null;
  return value;
}

/** "a whole number from 1 to 64" / "a number from 0 to 1": what a range asks for. */
export function describeRange(range: NumberRange): string {
  return `${range.integer ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}`;
}

/** "n must be a whole number from 8 to 4096.": the message of a draft field out of range. */
export function mustBeMessage(label: string, range: NumberRange): string {
  return `${label} must be ${describeRange(range)}.`;
}

/**
 * "Tokens n: enter a whole number from 2 to 16.": the message of a number field out of range
 * (`sentenceCase` writes "Enter", as the scoring and √d calculators say it).
 */
export function enterMessage(label: string, range: NumberRange, sentenceCase = false): string {
  return `${label}: ${sentenceCase ? 'Enter' : 'enter'} ${describeRange(range)}.`;
}

/**
 * Reads a typed field value: a number for int/number fields, a list of numbers for a numberList
 * (written "0, 5, 9"). Returns the value, or a message naming the field by its label and the range;
 * cross-field rules of the spec are checked on the state with the new value in place.
 */
export function parseFieldInput<S extends StateSchema>(
  spec: CalculatorSpec<S>,
  state: StateOf<S>,
  field: keyof S & string,
  text: string,
  label: string = fieldLabel(spec, field),
): ParsedField<unknown> {
  const schema = spec.schema[field];
  let value: unknown;
  if (schema.kind === 'int' || schema.kind === 'number') {
    value = numberInRange(text, rangeOf(schema));
    if (value === null) return { ok: false, message: mustBeMessage(label, rangeOf(schema)) };
  } else if (schema.kind === 'numberList') {
    const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
    value = parts.map(Number);
    if (!fits(schema, value)) {
      return { ok: false, message: `${label} must be a list of at most ${schema.maxItems} numbers separated by commas.` };
    }
  } else {
    return { ok: false, message: `${label} cannot be typed as text.` };
  }
  // A rule across fields (d a multiple of heads) blames one field, but typing either may break it:
  // refuse any problem the new value brings that the state did not already have.
  const before = new Set((spec.check?.(state) ?? []).map((p) => p.message));
  const after = spec.check?.({ ...state, [field]: value }) ?? [];
  const fresh = after.find((p) => p.field === field) ?? after.find((p) => !before.has(p.message));
  if (fresh) return { ok: false, message: fresh.message };
  return { ok: true, value };
}

/** "d must be below n" → "D must be below n.": a rule's clause shown as a message of its own. */
export function asSentence(clause: string): string {
  return `${clause.charAt(0).toUpperCase()}${clause.slice(1)}.`;
}
