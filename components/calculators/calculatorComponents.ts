'use client';
/**
 * Calculator name → component. Each is loaded as its own chunk, so a lesson ships only the
 * calculators it embeds. Every name in lib/calculators/calculatorRegistry.ts needs an entry.
 */
import dynamic from 'next/dynamic';
import type { ComponentType } from 'react';

export interface CalculatorComponentProps {
  /** Unique on the page; the element id, the store key and the share link's address. */
  embedId: string;
  preset: string;
  /** The embed's example: its preset with the block's overrides, already validated. */
  initial: Record<string, unknown>;
}

export const CALCULATOR_COMPONENTS: Readonly<Record<string, ComponentType<CalculatorComponentProps>>> = {
  'mask-pattern': dynamic(() => import('./MaskPatternCalculator').then((m) => m.MaskPatternCalculator)),
  'positional-encoding': dynamic(() => import('./PositionalEncodingCalculator').then((m) => m.PositionalEncodingCalculator)),
  attention: dynamic(() => import('./AttentionCalculator').then((m) => m.AttentionCalculator)),
  'step-through': dynamic(() => import('./StepThroughCalculator').then((m) => m.StepThroughCalculator)),
  'multi-head': dynamic(() => import('./MultiHeadCalculator').then((m) => m.MultiHeadCalculator)),
  'cross-attention': dynamic(() => import('./CrossAttentionCalculator').then((m) => m.CrossAttentionCalculator)),
  'scoring-functions': dynamic(() => import('./ScoringCalculator').then((m) => m.ScoringCalculator)),
  'why-sqrt-d': dynamic(() => import('./SqrtDCalculator').then((m) => m.SqrtDCalculator)),
  'precision-pruning': dynamic(() => import('./PrecisionPruningCalculator').then((m) => m.PrecisionPruningCalculator)),
  'evaluation-metrics': dynamic(() => import('./MetricsCalculator').then((m) => m.MetricsCalculator)),
  'learning-rate-schedules': dynamic(() => import('./ScheduleCalculator').then((m) => m.ScheduleCalculator)),
};
