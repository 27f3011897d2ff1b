'use client';
/**
 * The element a lesson's ```embed block becomes (`<attention-embed data-embed="…">`, see
 * lib/content/remarkEmbeds.ts): validated props as JSON, turned into a live calculator here.
 */
import type { AttentionEmbedProps } from '../lib/content/attentionEmbed';
import { inputsFromEmbed } from '../lib/calculator/attentionCalculatorModel';
import { AttentionCalculator } from './AttentionCalculator';

export function AttentionEmbed({ 'data-embed': json, id }: { 'data-embed': string; id: string }) {
  const props = JSON.parse(json) as AttentionEmbedProps;
  return <AttentionCalculator id={id} initial={inputsFromEmbed(props)} show={props.show} />;
}
