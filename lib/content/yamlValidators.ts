/**
 * Small hand-written validators for YAML fields (no schema library: the shapes are few and the
 * messages matter more than generality). Each returns the typed value, or undefined after adding
 * a problem at the field's line (or the list item's line) to `problems`.
 */
import { ContentProblemList, describeValue } from './contentError';
import type { SourcePosition, YamlField, YamlSlice } from './yamlFields';

export interface FieldContext {
  slice: YamlSlice;
  problems: ContentProblemList;
}

function report(context: FieldContext, position: SourcePosition, detail: string): undefined {
  context.problems.add(context.slice.file, position.line, position.column, detail);
  return undefined;
}

export function readText(
  field: YamlField,
  context: FieldContext,
  limits: { minLength?: number; maxLength?: number; pattern?: RegExp; patternHint?: string } = {},
): string | undefined {
  const { value } = field;
  const minLength = limits.minLength ?? 1;
  if (typeof value !== 'string' || value.trim().length < minLength) {
    return report(context, field.keyPosition, `"${field.key}" must be text, got ${describeValue(value)}`);
  }
  if (limits.maxLength !== undefined && value.length > limits.maxLength) {
    return report(
      context,
      field.keyPosition,
      `"${field.key}" must be at most ${limits.maxLength} characters, got ${value.length}`,
    );
  }
  if (limits.pattern && !limits.pattern.test(value)) {
    return report(context, field.keyPosition, `"${field.key}" must be ${limits.patternHint}, got ${describeValue(value)}`);
  }
  return value.trim();
}

/** A whole number in [min, max]; `description` phrases the rule, e.g. "a positive whole number". */
export function readWholeNumber(
  field: YamlField,
  context: FieldContext,
  min: number,
  max: number,
  description = `a whole number from ${min} to ${max}`,
): number | undefined {
  const { value } = field;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return report(context, field.keyPosition, `"${field.key}" must be ${description}, got ${describeValue(value)}`);
  }
  return value;
}

export function readBoolean(field: YamlField, context: FieldContext): boolean | undefined {
  if (typeof field.value !== 'boolean') {
    return report(context, field.keyPosition, `"${field.key}" must be true or false, got ${describeValue(field.value)}`);
  }
  return field.value;
}

/** One of a fixed set of words. */
export function readChoice<T extends string>(
  field: YamlField,
  context: FieldContext,
  choices: readonly T[],
): T | undefined {
  if (typeof field.value !== 'string' || !(choices as readonly string[]).includes(field.value)) {
    return report(
      context,
      field.keyPosition,
      `"${field.key}" must be one of ${choices.map((c) => `"${c}"`).join(', ')}, got ${describeValue(field.value)}`,
    );
  }
  return field.value as T;
}

/**
 * A list of texts (`[a, b]` or one `- item` per line). Each bad item is reported at its own line;
 * `itemRule` phrases what an item must be. Duplicates are refused when `unique`.
 */
export function readTextList(
  field: YamlField,
  context: FieldContext,
  rules: {
    minItems?: number;
    maxItems?: number;
    item?: (text: string) => boolean;
    itemRule?: string;
    unique?: boolean;
  } = {},
): string[] | undefined {
  if (!field.items) {
    return report(context, field.keyPosition, `"${field.key}" must be a list like [a, b], got ${describeValue(field.value)}`);
  }
  const minItems = rules.minItems ?? 0;
  const maxItems = rules.maxItems ?? Number.POSITIVE_INFINITY;
  if (field.items.length < minItems || field.items.length > maxItems) {
    const range = Number.isFinite(maxItems) ? `${minItems} to ${maxItems}` : `at least ${minItems}`;
    return report(context, field.keyPosition, `"${field.key}" must have ${range} items, got ${field.items.length}`);
  }
  const texts: string[] = [];
  const seen = new Set<string>();
  let ok = true;
  for (const item of field.items) {
    const isText = typeof item.value === 'string' && item.value.length > 0;
    if (!isText || (rules.item && !rules.item(item.value as string))) {
      report(
        context,
        item.position,
        `each item of "${field.key}" must be ${rules.itemRule ?? 'text'}, got ${describeValue(item.value)}`,
      );
      ok = false;
      continue;
    }
    const text = item.value as string;
    if (rules.unique && seen.has(text)) {
      report(context, item.position, `"${field.key}" lists ${describeValue(text)} twice`);
      ok = false;
      continue;
    }
    seen.add(text);
    texts.push(text);
  }
  return ok ? texts : undefined;
}
