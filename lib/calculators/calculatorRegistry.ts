/**
 * Every calculator of the suite by the name an embed block uses. The content pipeline validates
 * embed blocks against these specs; the app maps the same names to components
 * (components/calculators/calculatorComponents.ts).
 */
import type { CalculatorSpec } from './calculatorSpec';
import { attentionSpec } from './attentionSpec';
import { maskPatternSpec } from './maskPatternSpec';
import { positionalEncodingSpec } from './positionalEncodingSpec';
import { scheduleSpec } from './scheduleSpec';
import { precisionPruningSpec } from './precisionPruningSpec';
import { metricsSpec } from './metricsSpec';
import { stepThroughSpec } from './stepThroughSpec';
import { scoringSpec } from './scoringSpec';
import { sqrtDSpec } from './sqrtDSpec';
import { multiHeadSpec } from './multiHeadSpec';
import { crossAttentionSpec } from './crossAttentionSpec';

// One line per calculator, in the order of the lessons.
const SPECS: CalculatorSpec<any>[] = [
  maskPatternSpec,
  positionalEncodingSpec,
  attentionSpec,
  stepThroughSpec,
  multiHeadSpec,
  crossAttentionSpec,
  scoringSpec,
  sqrtDSpec,
  precisionPruningSpec,
  metricsSpec,
  scheduleSpec,
];

export const CALCULATOR_SPECS: Readonly<Record<string, CalculatorSpec<any>>> = Object.fromEntries(SPECS.map((spec) => [spec.name, spec]));
