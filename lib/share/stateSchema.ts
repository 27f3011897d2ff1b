/**
 * A minimal declarative schema for the state a calculator puts in a share link, and the check
 * that reads such state back. A link can hold anything, so every field is checked against its
 * schema; a bad or missing field falls back to the calculator's default and yields one problem a
 * learner can read ("temperature must be a number from 0.01 to 100; using 1"). Keys the schema does
 * not know are ignored, with a problem, so an older page opening a newer link still shows something.
 *
 *   const schema = { d: { kind: 'int', min: 1, max: 512 }, mask: { kind: 'choice', options: ['none', 'causal'] as const } } satisfies StateSchema;
 *   const { state, problems } = validateState(schema, raw, defaults); // state: { d: number; mask: 'none' | 'causal' }
 *
 * (Write `as const` on choice options to get their union as the field's type; otherwise it is string.)
 */
import { AttentionInputError } from '../errors';

export type FieldSchema =
  | { kind: 'int'; min: number; max: number }
  | { kind: 'number'; min: number; max: number }
  | { kind: 'boolean' }
  | { kind: 'choice'; options: readonly string[] }
  | { kind: 'text'; maxLength: number }
  | { kind: 'textList'; minItems: number; maxItems: number; maxLength: number }
  | { kind: 'numberMatrix'; maxRows: number; maxCols: number }
  | { kind: 'numberList'; minItems: number; maxItems: number };

export type StateSchema = Record<string, FieldSchema>;

export type FieldValue<F extends FieldSchema> = F extends { kind: 'int' | 'number' }
  ? number
  : F extends { kind: 'boolean' }
    ? boolean
    : F extends { kind: 'choice'; options: readonly (infer O)[] }
      ? O
      : F extends { kind: 'text' }
        ? string
        : F extends { kind: 'textList' }
          ? string[]
          : F extends { kind: 'numberMatrix' }
            ? number[][]
            : F extends { kind: 'numberList' }
              ? number[]
              : never;

export type StateOf<S extends StateSchema> = { [K in keyof S]: FieldValue<S[K]> };

export interface ValidatedState<S extends StateSchema> {
  state: StateOf<S>;
  problems: string[];
}

/** Problems listed about unknown keys before the rest are summarised in one line. */
const MAX_UNKNOWN_KEYS_LISTED = 5;

/**
 * `labels` names the fields as the page shows them ("Real keys" for validKeys); without one a
 * problem names the field by its key.
 */
export function validateState<S extends StateSchema>(
  schema: S,
  raw: unknown,
  defaults: StateOf<S>,
  labels: Readonly<Partial<Record<string, string>>> = {},
): ValidatedState<S> {
  const labelOf = (name: string) => (Object.prototype.hasOwnProperty.call(labels, name) ? labels[name] : undefined) ?? name;
  assertSchema(schema, defaults);
  const problems: string[] = [];
  const state = {} as Record<string, unknown>;
  const isObject = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
  if (!isObject) problems.push('The shared state is not a set of fields; using the defaults.');
  const source = (isObject ? raw : {}) as Record<string, unknown>;
  for (const name of Object.keys(schema)) {
    const field = schema[name];
    const fallback = (defaults as Record<string, unknown>)[name];
    if (!isObject) {
      state[name] = copy(fallback);
      continue;
    }
    if (!Object.prototype.hasOwnProperty.call(source, name)) {
      state[name] = copy(fallback);
      problems.push(`${labelOf(name)} is missing; using ${describeValue(fallback)}.`);
      continue;
    }
    const value = source[name];
    if (fits(field, value)) {
      state[name] = copy(value);
    } else {
      state[name] = copy(fallback);
      problems.push(`${labelOf(name)} must be ${describeField(field)}; using ${describeValue(fallback)}.`);
    }
  }
  if (isObject) {
    const unknown = Object.keys(source).filter((key) => !Object.prototype.hasOwnProperty.call(schema, key));
    for (const key of unknown.slice(0, MAX_UNKNOWN_KEYS_LISTED)) problems.push(`Ignored the unknown field ${JSON.stringify(key.slice(0, 40))}.`);
    if (unknown.length > MAX_UNKNOWN_KEYS_LISTED) problems.push(`Ignored ${unknown.length - MAX_UNKNOWN_KEYS_LISTED} more unknown fields.`);
  }
  return { state: state as StateOf<S>, problems };
}

/** Whether `value` is a valid value of `field` (exported for calculators that check one field). */
export function fits(field: FieldSchema, value: unknown): boolean {
  switch (field.kind) {
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= field.min && value <= field.max;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= field.min && value <= field.max;
    case 'boolean':
      return typeof value === 'boolean';
    case 'choice':
      return typeof value === 'string' && field.options.includes(value);
    case 'text':
      return typeof value === 'string' && value.length <= field.maxLength;
    case 'textList':
      return (
        Array.isArray(value) &&
        value.length >= field.minItems &&
        value.length <= field.maxItems &&
        value.every((item) => typeof item === 'string' && item.length <= field.maxLength)
      );
    case 'numberList':
      return Array.isArray(value) && value.length >= field.minItems && value.length <= field.maxItems && value.every(isFiniteNumber);
    case 'numberMatrix': {
      if (!Array.isArray(value) || value.length < 1 || value.length > field.maxRows) return false;
      const first = value[0];
      if (!Array.isArray(first) || first.length < 1 || first.length > field.maxCols) return false;
      return value.every((row) => Array.isArray(row) && row.length === first.length && row.every(isFiniteNumber));
    }
    default:
      return false;
  }
}

function isFiniteNumber(x: unknown): boolean {
  return typeof x === 'number' && Number.isFinite(x);
}

function describeField(field: FieldSchema): string {
  switch (field.kind) {
    case 'int':
      return `a whole number from ${field.min} to ${field.max}`;
    case 'number':
      return `a number from ${field.min} to ${field.max}`;
    case 'boolean':
      return 'true or false';
    case 'choice':
      return `one of ${field.options.map((o) => JSON.stringify(o)).join(', ')}`;
    case 'text':
      return `text of at most ${field.maxLength} characters`;
    case 'textList':
      return `a list of ${field.minItems} to ${field.maxItems} texts of at most ${field.maxLength} characters each`;
    case 'numberList':
      return `a list of ${field.minItems} to ${field.maxItems} finite numbers`;
    case 'numberMatrix':
      return `a rectangular matrix of finite numbers, at most ${field.maxRows}×${field.maxCols}`;
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : 'the default text';
  return 'the default';
}

function copy<T>(value: T): T {
  return Array.isArray(value) ? (value.map((item) => copy(item)) as T) : value;
}

const KNOWN_KINDS = new Set(['int', 'number', 'boolean', 'choice', 'text', 'textList', 'numberMatrix', 'numberList']);

/** A schema or defaults that do not agree is the calculator author's bug: say so loudly. */
function assertSchema(schema: unknown, defaults: unknown): void {
  if (typeof schema !== 'object' || schema === null) {
    throw new AttentionInputError('invalid-argument', 'validateState needs a schema object.', { input: 'schema' });
  }
  if (typeof defaults !== 'object' || defaults === null) {
    throw new AttentionInputError('invalid-argument', 'validateState needs the default state.', { input: 'defaults' });
  }
  for (const [name, field] of Object.entries(schema as Record<string, FieldSchema>)) {
    if (typeof field !== 'object' || field === null || !KNOWN_KINDS.has(field.kind)) {
      throw new AttentionInputError('invalid-argument', `The schema of ${name} has no known kind.`, { input: 'schema' });
    }
    const fallback = (defaults as Record<string, unknown>)[name];
    if (!fits(field, fallback)) {
      throw new AttentionInputError('invalid-argument', `The default ${name} = ${describeValue(fallback)} is not ${describeField(field)}.`, {
        input: 'defaults',
      });
    }
  }
}
