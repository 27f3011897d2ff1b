'use client';
/**
 * The frame every suite calculator sits in: its title, presets and reset, "copy link" (the exact
 * example, see lib/share/shareLink.ts), "copy as" NumPy / PyTorch / CSV, a toggle for more digits,
 * a progress line for slow computations, and the notice of a share link that could not be opened.
 * The calculator inside supplies the exports, because only it knows its numbers.
 */
import { createContext, useContext, useId, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { presetState, type CalculatorSpec } from '../../lib/calculators/calculatorSpec';
import { shareUrl } from '../../lib/share/shareLink';
import type { StateSchema } from '../../lib/share/stateSchema';
import { calculatorStateStore } from '../../lib/stores/calculatorStateStore';
import { formatDigits } from '../../lib/heatmap/format';
import { PrecomputedResults, useCalculatorRun, useResultSource } from './CalculatorRun';

export interface CalculatorExports {
  numpy?: () => string;
  pytorch?: () => string;
  /** The weights (or the calculator's main table) as CSV. */
  csv?: () => string;
}

interface NumberFormat {
  digits: number;
  /** A value at the current precision: 4 significant digits, or 8 with "more digits". */
  format(x: number): string;
  setDigits(digits: number): void;
}

// One formatter for the cells, readouts, tooltips and titles of every calculator.
const formatWith = (digits: number) => (x: number) => formatDigits(x, digits);

const NumberFormatContext = createContext<NumberFormat>({ digits: 4, format: formatWith(4), setDigits: () => {} });

/** How numbers are shown inside a calculator (its "more digits" toggle). */
export function useNumberFormat(): NumberFormat {
  return useContext(NumberFormatContext);
}

/**
 * Holds one calculator's "more digits" choice. It wraps the calculator component itself (see
 * CalculatorEmbed), above its CalculatorFrame, so the calculator's own top level can format too.
 */
export function NumberFormatProvider({ children }: { children: ReactNode }) {
  const [digits, setDigits] = useState(4);
  const value = useMemo(() => ({ digits, format: formatWith(digits), setDigits }), [digits]);
  return <NumberFormatContext.Provider value={value}>{children}</NumberFormatContext.Provider>;
}

export interface CalculatorFrameProps<S extends StateSchema> {
  embedId: string;
  spec: CalculatorSpec<S>;
  /** A line under the title: what this calculator shows. */
  description?: ReactNode;
  exports?: CalculatorExports;
  /** A computation has run longer than about 200 ms. */
  slow?: boolean;
  children: ReactNode;
}

type CopyStatus = { what: string; ok: boolean; text?: string } | null;

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

const subscribeNothing = () => () => {};

export function CalculatorFrame<S extends StateSchema>({ embedId, spec, description, exports = {}, slow = false, children }: CalculatorFrameProps<S>) {
  const domId = useId();
  const entry = useStore(calculatorStateStore, (s) => s.entries[embedId]);
  const { digits, setDigits } = useNumberFormat();
  const [copied, setCopied] = useState<CopyStatus>(null);
  const store = calculatorStateStore.getState();
  const presetNames = Object.keys(spec.presets);
  const resultSource = useResultSource();
  // The store is empty in the build's render and during hydration: the embed's own preset then.
  const run = useCalculatorRun();

  const copy = async (what: string, make: () => string) => {
    let text: string;
    try {
      text = make();
    } catch (error) {
      setCopied({ what: `${what}: ${error instanceof Error ? error.message : String(error)}`, ok: false });
      return;
    }
    const ok = await copyText(text);
    // Without clipboard access (an insecure origin, a denied permission) the text is shown to copy by hand.
    setCopied({ what, ok, text: ok ? undefined : text });
  };
  const live = useSyncExternalStore(subscribeNothing, () => true, () => false);
  const copyLink = () =>
    copy('Link', () => shareUrl(window.location.href, embedId, { calculator: spec.name, version: spec.stateVersion, state: entry?.state ?? {} }));

  return (
    <section className="calculator suite-calculator" id={embedId} aria-labelledby={`${domId}-title`} data-calculator={spec.name} data-result={resultSource ?? undefined}>
      {/* The prerendered calculator shows its numbers long before it hydrates (it waits until it
          comes near the viewport). Until then its controls are disabled, so a click or a keystroke
          is refused visibly instead of being silently undone when React takes over. */}
      <fieldset className="calculator-live" disabled={!live} role="presentation">
        {/* One block between the fieldset and the content, which never changes: Chromium lays out
            a fieldset's whole content again whenever its own list of children changes (11-14 ms
            for a result appearing or an error line going, on every recompute). */}
        <div className="calculator-body">
          <header className="calculator-header">
            <h3 id={`${domId}-title`}>{spec.title}</h3>
            <div className="calculator-toolbar" role="toolbar" aria-label={`${spec.title}: presets and sharing`}>
              {presetNames.length > 1 && (
                <label>
                  <span className="visually-hidden">Preset</span>
                  <select
                    value={entry?.preset ?? run?.preset ?? spec.defaultPreset}
                    onChange={(e) => {
                      store.replace(embedId, presetState(spec, e.target.value) as Record<string, unknown>, e.target.value);
                      store.setNotice(embedId, null);
                    }}
                  >
                    {presetNames.map((name) => (
                      <option key={name} value={name}>
                        Preset: {name}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <button type="button" onClick={() => store.reset(embedId)}>
                Reset
              </button>
              <button type="button" onClick={copyLink}>
                Copy link
              </button>
              {exports.numpy && (
                <button type="button" onClick={() => copy('NumPy code', exports.numpy!)}>
                  Copy NumPy
                </button>
              )}
              {exports.pytorch && (
                <button type="button" onClick={() => copy('PyTorch code', exports.pytorch!)}>
                  Copy PyTorch
                </button>
              )}
              {exports.csv && (
                <button type="button" onClick={() => copy('CSV', exports.csv!)}>
                  Copy CSV
                </button>
              )}
              <label className="calculator-digits">
                <input type="checkbox" checked={digits > 4} onChange={(e) => setDigits(e.target.checked ? 8 : 4)} /> More digits
              </label>
            </div>
          </header>
          {description && <p className="calculator-hint">{description}</p>}
          {entry?.notice && (
            <div className="calculator-notice" role="status">
              <p>{entry.notice}</p>
              <button type="button" onClick={() => store.setNotice(embedId, null)}>
                Dismiss
              </button>
            </div>
          )}
          <p className="calculator-status" role="status" aria-live="polite">
            {copied && (copied.ok ? `${copied.what} copied to the clipboard.` : copied.text ? `${copied.what}: the clipboard is not available here; copy it from the box below.` : copied.what)}
            {slow && ' Computing in the background…'}
          </p>
          {copied?.text && (
            <textarea className="calculator-copy-box" readOnly value={copied.text} aria-label={`${copied.what} to copy`} rows={4} onFocus={(e) => e.currentTarget.select()} />
          )}
          {children}
        </div>
      </fieldset>
      <PrecomputedResults />
    </section>
  );
}
