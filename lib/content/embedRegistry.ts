/**
 * The calculators a lesson may embed, by the name written after `calculator:` in an ```embed
 * block. `attention` (the first calculator) has its own validator here; every calculator of the
 * suite is declared once in lib/calculators/calculatorRegistry.ts and validated generically
 * (calculatorEmbed.ts) into a `calculator-embed` element. To add one: declare its spec there and
 * map its name to a component in components/calculators/calculatorComponents.ts.
 */
import { ContentProblemList, ContentError } from './contentError';
import { ATTENTION_EMBED_KEYS, resolveAttentionEmbed, type AttentionEmbedProps } from './attentionEmbed';
import { readYamlMapping, rejectUnknownKeys, type YamlField, type YamlSlice } from './yamlFields';
import { describeValue } from './contentError';
import { CALCULATOR_SPECS } from '../calculators/calculatorRegistry';
import { resolveCalculatorEmbed, type CalculatorEmbedProps } from './calculatorEmbed';

/** Tag of the element every calculator of the suite becomes. */
export const CALCULATOR_EMBED_TAG = 'calculator-embed';

interface EmbedDefinition<Props> {
  /** Tag of the hast element that replaces the block; the app maps it to a React component. */
  tagName: string;
  /** Keys allowed besides `calculator`. */
  keys: readonly string[];
  resolve(fields: Map<string, YamlField>, slice: YamlSlice, problems: ContentProblemList): Props | undefined;
}

/** Calculator name → props type. The registry below must have an entry for each. */
export interface EmbedPropsByCalculator {
  attention: AttentionEmbedProps;
}

export type EmbedCalculatorName = keyof EmbedPropsByCalculator;

export const EMBED_REGISTRY: { [Name in EmbedCalculatorName]: EmbedDefinition<EmbedPropsByCalculator[Name]> } = {
  attention: { tagName: 'attention-embed', keys: ATTENTION_EMBED_KEYS, resolve: resolveAttentionEmbed },
};

export const EMBED_CALCULATOR_NAMES: string[] = [...Object.keys(EMBED_REGISTRY), ...Object.keys(CALCULATOR_SPECS)];

/** One validated embed block: which calculator, its complete props, and where it was written. */
export type EmbedDeclaration =
  | {
      [Name in EmbedCalculatorName]: {
        calculator: Name;
        tagName: string;
        props: EmbedPropsByCalculator[Name];
        /** File line of the ```embed fence. */
        line: number;
      };
    }[EmbedCalculatorName]
  | { calculator: string; tagName: typeof CALCULATOR_EMBED_TAG; props: CalculatorEmbedProps; line: number };

/**
 * Validates the YAML inside one ```embed block. `fenceLine` is the file line of the opening
 * fence, so the YAML's first line is fenceLine + 1. Throws a ContentError with every problem.
 */
export function parseEmbedBlock(yamlText: string, file: string, fenceLine: number): EmbedDeclaration {
  const slice: YamlSlice = { file, firstLine: fenceLine + 1, what: 'embed block' };
  const problems = new ContentProblemList();
  const fields = readYamlMapping(yamlText, slice, problems);
  if (!fields) throw new ContentError(problems.problems);

  const calculatorField = fields.get('calculator');
  if (!calculatorField) {
    problems.add(
      file,
      fenceLine,
      1,
      `embed block is missing "calculator" (one of ${EMBED_CALCULATOR_NAMES.map((n) => `"${n}"`).join(', ')})`,
    );
    problems.throwIfAny();
  }
  const name = calculatorField!.value;
  if (typeof name === 'string' && Object.hasOwn(CALCULATOR_SPECS, name)) {
    fields.delete('calculator');
    const props = resolveCalculatorEmbed(CALCULATOR_SPECS[name], fields, slice, problems);
    problems.throwIfAny();
    return { calculator: name, tagName: CALCULATOR_EMBED_TAG, props: props!, line: fenceLine };
  }
  if (typeof name !== 'string' || !Object.hasOwn(EMBED_REGISTRY, name)) {
    problems.add(
      file,
      calculatorField!.keyPosition.line,
      calculatorField!.keyPosition.column,
      `unknown calculator ${describeValue(name)} in embed block (known: ${EMBED_CALCULATOR_NAMES.join(', ')})`,
    );
    problems.throwIfAny();
  }
  const calculator = name as EmbedCalculatorName;
  const definition = EMBED_REGISTRY[calculator];
  fields.delete('calculator');
  rejectUnknownKeys(fields, definition.keys, { ...slice, what: `"${calculator}" embed block` }, problems);
  const props = definition.resolve(fields, slice, problems);
  problems.throwIfAny();
  return { calculator, tagName: definition.tagName, props: props!, line: fenceLine };
}
