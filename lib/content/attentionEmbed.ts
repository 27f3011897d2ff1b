/**
 * Validation of an `attention` embed block: the author's YAML fields → complete props for the
 * scaled dot-product calculator component (preset values merged with the author's overrides).
 */
import type { ContentProblemList } from './contentError';
import {
  ATTENTION_OUTPUT_PANELS,
  ATTENTION_PRESETS,
  ATTENTION_PRESET_NAMES,
  ATTENTION_SCALE_WORDS,
  DEFAULT_ATTENTION_PRESET,
  type AttentionOutputPanel,
  type AttentionPreset,
  type AttentionPresetName,
  type AttentionScaleSetting,
} from './attentionPresets';
import type { YamlField, YamlSlice } from './yamlFields';
import {
  readBoolean,
  readChoice,
  readPositiveNumber,
  readTextList,
  readWholeNumber,
  type FieldContext,
} from './yamlValidators';

/**
 * What the calculator component receives, every field filled. This object is what
 * `JSON.parse(props['data-embed'])` gives in the app (see remarkEmbeds.ts for the element).
 */
export interface AttentionEmbedProps {
  /** The preset the values started from (DEFAULT_ATTENTION_PRESET when the block names none). */
  preset: AttentionPresetName;
  /** One row of Q, K and V per token; 1–64 tokens of 1–24 characters. */
  tokens: string[];
  /** Seed of the random Q, K, V (lib/random.ts), 0 … 2³¹−1. */
  seed: number;
  /** Width of Q and K, 1–512. */
  d: number;
  /** Width of V, 1–512 (d unless given). */
  dv: number;
  causal: boolean;
  /** Keys 0 … paddingValidKeys−1 are real, the rest padding; tokens.length = no padding. */
  paddingValidKeys: number;
  scale: AttentionScaleSetting;
  /** Softmax temperature, 0 < T ≤ 100. */
  temperature: number;
  /** Which panels to show, in canonical order (scores, weights, output), at least one. */
  show: AttentionOutputPanel[];
}

export const ATTENTION_EMBED_KEYS = [
  'preset',
  'tokens',
  'seed',
  'd',
  'dv',
  'causal',
  'paddingValidKeys',
  'scale',
  'temperature',
  'show',
] as const;

const MAX_TOKENS = 64;
const MAX_TOKEN_LENGTH = 24;
const MAX_SEED = 2 ** 31 - 1;
const MAX_WIDTH = 512;
const MAX_TEMPERATURE = 100;
const MAX_SCALE = 1000;

/**
 * Resolves the fields of one block (the `calculator` key already removed). Adds problems and
 * returns undefined when anything is wrong.
 */
export function resolveAttentionEmbed(
  fields: Map<string, YamlField>,
  slice: YamlSlice,
  problems: ContentProblemList,
): AttentionEmbedProps | undefined {
  const context: FieldContext = { slice, problems };
  const before = problems.problems.length;
  const field = (key: (typeof ATTENTION_EMBED_KEYS)[number]) => fields.get(key);

  const presetField = field('preset');
  const presetName = presetField ? readChoice(presetField, context, ATTENTION_PRESET_NAMES) : DEFAULT_ATTENTION_PRESET;
  const preset: AttentionPreset = ATTENTION_PRESETS[presetName ?? DEFAULT_ATTENTION_PRESET];

  const tokensField = field('tokens');
  const tokens = tokensField
    ? readTextList(tokensField, context, {
        minItems: 1,
        maxItems: MAX_TOKENS,
        item: (text) => text.length <= MAX_TOKEN_LENGTH,
        itemRule: `text of 1 to ${MAX_TOKEN_LENGTH} characters`,
      })
    : [...preset.tokens];
  const seedField = field('seed');
  const seed = seedField ? readWholeNumber(seedField, context, 0, MAX_SEED) : preset.seed;
  const dField = field('d');
  const d = dField ? readWholeNumber(dField, context, 1, MAX_WIDTH) : preset.d;
  const dvField = field('dv');
  const dv = dvField ? readWholeNumber(dvField, context, 1, MAX_WIDTH) : (preset.dv ?? d);
  const causalField = field('causal');
  const causal = causalField ? readBoolean(causalField, context) : preset.causal;
  const temperatureField = field('temperature');
  const temperature = temperatureField
    ? readPositiveNumber(temperatureField, context, MAX_TEMPERATURE)
    : preset.temperature;

  const scaleField = field('scale');
  let scale: AttentionScaleSetting | undefined = preset.scale;
  if (scaleField) {
    scale =
      typeof scaleField.value === 'number'
        ? readPositiveNumber(scaleField, context, MAX_SCALE)
        : readChoice(scaleField, context, ATTENTION_SCALE_WORDS);
  }

  const showField = field('show');
  let show: AttentionOutputPanel[] | undefined = [...preset.show];
  if (showField) {
    const listed = readTextList(showField, context, {
      minItems: 1,
      unique: true,
      item: (text) => (ATTENTION_OUTPUT_PANELS as readonly string[]).includes(text),
      itemRule: `one of ${ATTENTION_OUTPUT_PANELS.map((p) => `"${p}"`).join(', ')}`,
    });
    show = listed && ATTENTION_OUTPUT_PANELS.filter((panel) => listed.includes(panel));
  }

  // Checked against the merged token count, so a preset's tokens count as well as overrides.
  const paddingField = field('paddingValidKeys');
  let paddingValidKeys = tokens?.length;
  if (paddingField && tokens) {
    paddingValidKeys = readWholeNumber(
      paddingField,
      context,
      1,
      tokens.length,
      `a whole number from 1 to the number of tokens (${tokens.length})`,
    );
  }

  if (problems.problems.length > before) return undefined;
  return {
    preset: presetName!,
    tokens: tokens!,
    seed: seed!,
    d: d!,
    dv: dv!,
    causal: causal!,
    paddingValidKeys: paddingValidKeys!,
    scale: scale!,
    temperature: temperature!,
    show: show!,
  };
}
