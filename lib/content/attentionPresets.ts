/**
 * Named starting points for the scaled dot-product attention calculator embedded in lessons.
 * A lesson names one (`preset: causal-lm`) and overrides a few fields; the embed validator merges
 * them into a complete `AttentionEmbedProps`. Kept small so an embed renders instantly.
 */

export const ATTENTION_OUTPUT_PANELS = ['scores', 'weights', 'output'] as const;
export type AttentionOutputPanel = (typeof ATTENTION_OUTPUT_PANELS)[number];

/** 'inv-sqrt-d' = the usual 1/√d, 'one' = no scaling (to show why the scale matters), or a number. */
export type AttentionScaleSetting = 'inv-sqrt-d' | 'one' | number;
export const ATTENTION_SCALE_WORDS = ['inv-sqrt-d', 'one'] as const;

/** What a preset fixes. dv defaults to d when absent; paddingValidKeys to "no padding". */
export interface AttentionPreset {
  description: string;
  tokens: readonly string[];
  seed: number;
  d: number;
  dv?: number;
  causal: boolean;
  scale: AttentionScaleSetting;
  temperature: number;
  show: readonly AttentionOutputPanel[];
}

const SENTENCE = ['the', 'cat', 'sat', 'on', 'the', 'mat'] as const;

export const ATTENTION_PRESETS = {
  'sdpa-basic': {
    description: 'Six tokens, d = 4, no mask: the plain softmax(QKᵀ/√d)·V.',
    tokens: SENTENCE,
    seed: 7,
    d: 4,
    causal: false,
    scale: 'inv-sqrt-d',
    temperature: 1,
    show: ATTENTION_OUTPUT_PANELS,
  },
  'causal-lm': {
    description: 'The same sentence with a causal mask: each token sees only itself and earlier ones.',
    tokens: SENTENCE,
    seed: 7,
    d: 4,
    causal: true,
    scale: 'inv-sqrt-d',
    temperature: 1,
    show: ATTENTION_OUTPUT_PANELS,
  },
  'large-d': {
    // Unscaled dot products grow like √d, so with d = 64 and scale 'one' the softmax saturates to
    // near one-hot rows; overriding `scale: inv-sqrt-d` shows the fix.
    description: 'd = 64 without the 1/√d scale: the softmax saturates.',
    tokens: SENTENCE,
    seed: 7,
    d: 64,
    causal: false,
    scale: 'one',
    temperature: 1,
    show: ['scores', 'weights'],
  },
} as const satisfies Record<string, AttentionPreset>;

export type AttentionPresetName = keyof typeof ATTENTION_PRESETS;
export const ATTENTION_PRESET_NAMES = Object.keys(ATTENTION_PRESETS) as AttentionPresetName[];
/** The preset whose values fill an embed that names none. */
export const DEFAULT_ATTENTION_PRESET: AttentionPresetName = 'sdpa-basic';
