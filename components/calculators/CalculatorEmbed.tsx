'use client';
/**
 * The element a suite calculator's ```embed block becomes (`<calculator-embed data-embed="…">`, see
 * lib/content/calculatorEmbed.ts), turned into the live calculator it names.
 */
import type { CalculatorEmbedProps } from '../../lib/content/calculatorEmbed';
import { CALCULATOR_COMPONENTS } from './calculatorComponents';
import { NumberFormatProvider } from './CalculatorFrame';

export function CalculatorEmbed({ json, embedId }: { json: string; embedId: string }) {
  const props = JSON.parse(json) as CalculatorEmbedProps;
  const Calculator = CALCULATOR_COMPONENTS[props.calculator];
  if (!Calculator) {
    // The build validates every embed, so only a stale page can get here.
    return <p className="field-error">This page embeds a calculator ({props.calculator}) that this version of the site does not have.</p>;
  }
  return (
    <NumberFormatProvider>
      <Calculator embedId={props.id ?? embedId} preset={props.preset} initial={props.state} />
    </NumberFormatProvider>
  );
}
