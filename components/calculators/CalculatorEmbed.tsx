'use client';
/**
 * The element a suite calculator's ```embed block becomes (`<calculator-embed data-embed="…">`, see
 * lib/content/calculatorEmbed.ts), turned into the live calculator it names.
 *
 * Two things make its first numbers fast (issue 12). The build computes the example's results and
 * the page carries them (CalculatorRun), so the static HTML already shows numbers. And a
 * calculator hydrates only when it comes near the viewport (hydrateWhenNear.ts): its HTML, numbers
 * included, stays in place until then, so nothing moves, and a lesson with three calculators
 * does not pay for all three in one long task at load.
 */
import { Suspense, use, useState, useSyncExternalStore } from 'react';
import type { CalculatorEmbedProps } from '../../lib/content/calculatorEmbed';
import { CALCULATOR_COMPONENTS } from './calculatorComponents';
import { NumberFormatProvider } from './CalculatorFrame';
import { CalculatorRunProvider, createBrowserRun, createBuildRun } from './CalculatorRun';
import { whenNear } from './hydrateWhenNear';
import { warmAttentionWorkers } from '../attentionWorkerClient';
import { warmCalculatorFonts } from './warmCalculatorFonts';

type Compute = (op: string, args: unknown[]) => unknown;

let buildCompute: Promise<Compute> | null = null;

/** The worker's operations table, run in the build's render. Never loaded in the browser. */
function loadBuildCompute(): Promise<Compute> {
  buildCompute ??= import('../../lib/worker/operations').then(({ operations }) => {
    const ops = operations as unknown as Record<string, (...args: unknown[]) => unknown>;
    return (op, args) => {
      if (!Object.hasOwn(ops, op)) throw new Error(`no operation ${op}`);
      return ops[op](...args);
    };
  });
  return buildCompute;
}

// The first result comes with the page; the workers and fonts get ready for the first change meanwhile.
warmAttentionWorkers();
warmCalculatorFonts();

const subscribeNothing = () => () => {};

/**
 * Holds back hydration of its children until the calculator comes near the viewport (or is
 * focused, clicked, or named by the address's fragment). Only while hydrating: a calculator
 * rendered after a client-side navigation has no HTML to keep and renders at once.
 */
function HydrateWhenNear({ embedId, children }: { embedId: string; children: React.ReactNode }) {
  const hydrating = useSyncExternalStore(subscribeNothing, () => false, () => true);
  if (hydrating && typeof window !== 'undefined') use(whenNear(embedId));
  return children;
}

export function CalculatorEmbed({ json, embedId }: { json: string; embedId: string }) {
  const props = JSON.parse(json) as CalculatorEmbedProps;
  const id = props.id ?? embedId;
  const compute = typeof window === 'undefined' ? use(loadBuildCompute()) : null;
  const [run] = useState(() => (compute ? createBuildRun(id, props.preset, compute) : createBrowserRun(id, props.preset)));
  const Calculator = CALCULATOR_COMPONENTS[props.calculator];
  if (!Calculator) {
    // The build validates every embed, so only a stale page can get here.
    return <p className="field-error">This page embeds a calculator ({props.calculator}) that this version of the site does not have.</p>;
  }
  return (
    <Suspense fallback={null}>
      <HydrateWhenNear embedId={id}>
        <CalculatorRunProvider value={run}>
          <NumberFormatProvider>
            <Calculator embedId={id} preset={props.preset} initial={props.state} />
          </NumberFormatProvider>
        </CalculatorRunProvider>
      </HydrateWhenNear>
    </Suspense>
  );
}
