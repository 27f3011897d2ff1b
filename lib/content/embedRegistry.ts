/**
 * The calculators a lesson may embed, by the name written after `calculator:` in an ```embed
 * block. Every one is a calculator of the suite, declared once in lib/calculators/calculatorRegistry.ts
 * and validated generically (calculatorEmbed.ts) into a `calculator-embed` element. To add one:
 * declare its spec there and map its name to a component in components/calculators/calculatorComponents.ts.
 */
import { ContentProblemList, ContentError, describeValue } from './contentError';
import { readYamlMapping, type YamlSlice } from './yamlFields';
import { CALCULATOR_SPECS } from '../calculators/calculatorRegistry';
import { resolveCalculatorEmbed, type CalculatorEmbedProps } from './calculatorEmbed';

/** Tag of the element every calculator becomes. */
export const CALCULATOR_EMBED_TAG = 'calculator-embed';

export const EMBED_CALCULATOR_NAMES: string[] = Object.keys(CALCULATOR_SPECS);

/** One validated embed block: which calculator, its complete props, and where it was written. */
export interface EmbedDeclaration {
  calculator: string;
  tagName: typeof CALCULATOR_EMBED_TAG;
  props: CalculatorEmbedProps;
  /** File line of the ```embed fence. */
  line: number;
}

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
  if (typeof name !== 'string' || !Object.hasOwn(CALCULATOR_SPECS, name)) {
    problems.add(
      file,
      calculatorField!.keyPosition.line,
      calculatorField!.keyPosition.column,
      `unknown calculator ${describeValue(name)} in embed block (known: ${EMBED_CALCULATOR_NAMES.join(', ')})`,
    );
    problems.throwIfAny();
  }
  fields.delete('calculator');
  const props = resolveCalculatorEmbed(CALCULATOR_SPECS[name as string], fields, slice, problems);
  problems.throwIfAny();
  return { calculator: name as string, tagName: CALCULATOR_EMBED_TAG, props: props!, line: fenceLine };
}
