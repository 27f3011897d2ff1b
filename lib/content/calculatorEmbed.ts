/**
 * Validation of an embed block for any calculator of the suite (lib/calculators/calculatorRegistry.ts):
 *
 *   ```embed
 *   calculator: step-through     # which calculator
 *   preset: causal               # optional: one of its presets (else its default)
 *   id: causal-walkthrough       # optional: the name share links use (else calculator-N)
 *   temperature: 0.5             # optional: any of its settings, replacing the preset's
 *   ```
 *
 * Problems carry the file line of the offending key. The result is what the component receives.
 */
import type { CalculatorSpec } from '../calculators/calculatorSpec';
import { overridePreset } from '../calculators/calculatorSpec';
import type { ContentProblemList } from './contentError';
import { describeValue } from './contentError';
import type { YamlField, YamlSlice } from './yamlFields';
import { EMBED_ID_PATTERN } from '../share/shareLink';

export interface CalculatorEmbedProps {
  calculator: string;
  preset: string;
  /** The preset with the block's overrides: every field of the calculator's state. */
  state: Record<string, unknown>;
  /** The block's `id`, if it gave one. */
  id?: string;
}


/** Keys every calculator block may have besides its settings. */
export const CALCULATOR_EMBED_META_KEYS = ['preset', 'id'] as const;

export function resolveCalculatorEmbed(
  spec: CalculatorSpec,
  fields: Map<string, YamlField>,
  slice: YamlSlice,
  problems: ContentProblemList,
): CalculatorEmbedProps | undefined {
  const before = problems.problems.length;
  const at = (field: YamlField, message: string) => problems.add(slice.file, field.keyPosition.line, field.keyPosition.column, message);

  let preset = spec.defaultPreset;
  const presetField = fields.get('preset');
  if (presetField) {
    const names = Object.keys(spec.presets);
    if (typeof presetField.value === 'string' && names.includes(presetField.value)) preset = presetField.value;
    else at(presetField, `"preset" of the ${spec.name} calculator must be one of ${names.map((n) => `"${n}"`).join(', ')}, got ${describeValue(presetField.value)}`);
  }
  let id: string | undefined;
  const idField = fields.get('id');
  if (idField) {
    if (typeof idField.value === 'string' && EMBED_ID_PATTERN.test(idField.value)) id = idField.value;
    else at(idField, `"id" must be 1 to 40 lowercase letters, digits and dashes, got ${describeValue(idField.value)}`);
  }

  const overrides: Record<string, unknown> = {};
  for (const [key, field] of fields) {
    if (!(CALCULATOR_EMBED_META_KEYS as readonly string[]).includes(key)) overrides[key] = field.value;
  }
  const { state, problems: found } = overridePreset(spec, preset, overrides);
  for (const problem of found) {
    const field = fields.get(problem.field);
    if (field) at(field, problem.message);
    else problems.add(slice.file, slice.firstLine, 1, problem.message);
  }
  if (problems.problems.length > before) return undefined;
  return { calculator: spec.name, preset, state, ...(id ? { id } : {}) };
}
