/**
 * What every calculator of the suite declares about its state, apart from how it is drawn: the
 * fields (a StateSchema, lib/share/stateSchema.ts), named presets, and the version of the state's
 * shape. One declaration serves three readers:
 * - the content pipeline, which validates an ```embed block's preset and overrides (with file and
 *   line, see lib/content/calculatorEmbed.ts);
 * - the share link, whose state is checked against the same fields when a link is opened;
 * - the component, which starts from the preset and can reset to it.
 */
import { fits, validateState, type StateOf, type StateSchema } from '../share/stateSchema';

export interface CalculatorSpec<S extends StateSchema = StateSchema> {
  /** The name written after `calculator:` in an embed block, e.g. "step-through". */
  name: string;
  /** Heading shown on the calculator. */
  title: string;
  /** Bumped when the state's fields change meaning; links of another version open the preset. */
  stateVersion: number;
  schema: S;
  /**
   * What the page calls each field ("Real keys" for validKeys): the text of its label, and the
   * name every message about the field uses, so no learner reads an internal key.
   */
  labels: { readonly [K in keyof S]: string };
  presets: Readonly<Record<string, StateOf<S>>>;
  defaultPreset: string;
  /** Rules across fields ("window radius below n"); each problem names the field to blame, by its label. */
  check?(state: StateOf<S>): FieldProblem[];
}

export interface FieldProblem {
  field: string;
  message: string;
}

export function defineCalculator<S extends StateSchema>(spec: CalculatorSpec<S>): CalculatorSpec<S> {
  const unlabelled = Object.keys(spec.schema).filter((field) => typeof spec.labels?.[field] !== 'string' || spec.labels[field].trim() === '');
  if (unlabelled.length > 0) throw new Error(`calculator "${spec.name}": fields without a label: ${unlabelled.join(', ')}`);
  if (!Object.hasOwn(spec.presets, spec.defaultPreset)) {
    throw new Error(`calculator "${spec.name}": default preset "${spec.defaultPreset}" is not among its presets`);
  }
  for (const [name, preset] of Object.entries(spec.presets)) {
    const problems = Object.keys(spec.schema)
      .filter((field) => !fits(spec.schema[field], (preset as Record<string, unknown>)[field]))
      .map((field) => `${field} = ${JSON.stringify((preset as Record<string, unknown>)[field])} does not fit its schema`);
    const cross = problems.length === 0 ? (spec.check?.(preset) ?? []) : [];
    if (problems.length > 0 || cross.length > 0) {
      throw new Error(`calculator "${spec.name}", preset "${name}": ${[...problems, ...cross.map((p) => p.message)].join('; ')}`);
    }
  }
  return spec;
}

/** The name the page shows for a field (its label), e.g. validKeys → "Real keys". */
export function fieldLabel<S extends StateSchema>(spec: CalculatorSpec<S>, field: keyof S & string): string {
  return Object.hasOwn(spec.labels, field) ? spec.labels[field] : field;
}

/** The state a preset gives, as a fresh copy the caller may change. */
export function presetState<S extends StateSchema>(spec: CalculatorSpec<S>, preset: string = spec.defaultPreset): StateOf<S> {
  const chosen = Object.hasOwn(spec.presets, preset) ? spec.presets[preset] : spec.presets[spec.defaultPreset];
  return structuredClone(chosen);
}

/**
 * A preset with some fields replaced. Each bad override is a problem naming its field (the
 * preset's value stays); cross-field rules are checked on the result.
 */
export function overridePreset<S extends StateSchema>(
  spec: CalculatorSpec<S>,
  preset: string,
  overrides: Readonly<Record<string, unknown>>,
): { state: StateOf<S>; problems: FieldProblem[] } {
  const base = presetState(spec, preset);
  const problems: FieldProblem[] = [];
  const state = { ...base } as Record<string, unknown>;
  for (const [field, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(spec.schema, field)) {
      problems.push({ field, message: `"${field}" is not a setting of the ${spec.name} calculator (known: ${Object.keys(spec.schema).join(', ')})` });
      continue;
    }
    const one = { [field]: spec.schema[field] } as StateSchema;
    const checked = validateState(one, { [field]: value }, { [field]: base[field] } as never);
    if (checked.problems.length > 0) problems.push(...checked.problems.map((message) => ({ field, message })));
    else state[field] = (checked.state as Record<string, unknown>)[field];
  }
  const typed = state as StateOf<S>;
  if (problems.length === 0) problems.push(...(spec.check?.(typed) ?? []));
  return { state: typed, problems };
}

/**
 * The state a share link carries, checked as strictly as an embed: anything wrong and the link
 * opens the fallback (the embed's own example) with the reasons, never half of a tampered state.
 */
export function stateFromLink<S extends StateSchema>(
  spec: CalculatorSpec<S>,
  shared: { calculator: string; version: number; state: unknown },
  fallback: StateOf<S>,
): { state: StateOf<S>; problems: string[] } {
  if (shared.calculator !== spec.name) {
    return { state: fallback, problems: [`the link is for the "${shared.calculator}" calculator, not "${spec.name}"`] };
  }
  if (shared.version !== spec.stateVersion) {
    return { state: fallback, problems: [`the link was made by another version of this calculator (${shared.version}, this is ${spec.stateVersion})`] };
  }
  const { state, problems } = validateState(spec.schema, shared.state, fallback, spec.labels);
  const cross = problems.length === 0 ? (spec.check?.(state) ?? []).map((p) => p.message) : [];
  if (problems.length > 0 || cross.length > 0) return { state: fallback, problems: [...problems, ...cross] };
  return { state, problems: [] };
}
