/**
 * What an attention worker can do: op name → core function. The worker calls
 * `operations[op](...args)`, and the client's types come from this table, so exposing another
 * core function to workers is one line here.
 */
import {
  additiveAttention,
  attentionRowBlock,
  multiHeadAttention,
  multiHeadAttentionHeads,
  scaledDotProductAttention,
} from '../attention';
import { computeMaskCost, computeMaskPattern, maskCostCurve, timeMaskedAttention } from '../calculators/maskExplorer';
import { maskPatternView } from '../calculators/maskPatternSpec';
import { computeMetricsCurves, metricsAtThreshold, syntheticClassifier } from '../calculators/metricsExplorer';
import { computeSinusoidalTable, positionSimilarity, rotaryOffsetInvariance, rotaryPairDemo } from '../calculators/positionalExplorer';
import { computePrecisionComparison, pruningSweep } from '../calculators/precisionPruning';
import { scheduleSeries } from '../calculators/scheduleExplorer';
import { computeMultiHeadExplorer } from '../calculators/multiHeadExplorer';
import { computeCrossAttention } from '../calculators/crossAttentionExplorer';
import { computeAttentionStages } from '../calculators/stepThrough';
import { computeScoringComparison } from '../calculators/scoringComparison';
import { computeSqrtDExperiment, computeSqrtDSweep } from '../calculators/sqrtDExperiment';
import { rasterizeHeatmap } from '../heatmap/raster';
import { typesetFormula } from '../formulas/typesetFormula';
import { randomNormalMatrix } from '../random';
import { runCalibrationJob } from './calibrationJob';

export const operations = {
  scaledDotProductAttention,
  attentionRowBlock,
  multiHeadAttention,
  multiHeadAttentionHeads,
  additiveAttention,
  // Pooling and colouring a big heatmap (components/AttentionHeatmap.tsx).
  rasterizeHeatmap,
  // Random inputs of a long sequence (components/AttentionAtScale.tsx), drawn off the page.
  randomNormalMatrix,
  // The calculator suite (lib/calculators): anything that may take more than a frame.
  computeAttentionStages,
  computeScoringComparison,
  computeSqrtDExperiment,
  computeSqrtDSweep,
  computeMaskPattern,
  computeMaskCost,
  maskCostCurve,
  timeMaskedAttention,
  maskPatternView,
  computeSinusoidalTable,
  positionSimilarity,
  rotaryPairDemo,
  rotaryOffsetInvariance,
  computePrecisionComparison,
  pruningSweep,
  syntheticClassifier,
  metricsAtThreshold,
  computeMetricsCurves,
  scheduleSeries,
  computeMultiHeadExplorer,
  computeCrossAttention,
  // A calculator's formula that changed with its settings (components/KatexFormula.tsx); async,
  // since KaTeX loads on first use.
  typesetFormula,
  // The pool's start-up measurement of when splitting pays (splitCalibration.ts).
  runCalibrationJob,
};

export type Operations = typeof operations;
export type OpName = keyof Operations;
export type OpArgs<K extends OpName> = Parameters<Operations[K]>;
/** What an op's answer is once it arrives (an async op's promise, resolved). */
export type OpResult<K extends OpName> = Awaited<ReturnType<Operations[K]>>;
