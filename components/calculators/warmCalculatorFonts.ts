/**
 * Loads, while the page is idle, the font files a calculator may need later. The web fonts are
 * split by script (unicode-range), and KaTeX's big-delimiter face is its own file, so a glyph that
 * first appears on a preset switch or a stage change (Σ, ᵀ, a tall bracket) fetched a file then,
 * and its arrival made Chromium lay out the whole page again ("Fonts changed") in the middle of
 * the recompute: 40–75 ms of the step-through's longest task (issue 12). Loaded at idle, that
 * layout happens before anyone interacts, when it costs nobody a frame.
 */
import { afterLoadWhenIdle } from '../../lib/afterLoadWhenIdle';

/** One glyph of each subset the calculators' monospace text uses beyond Latin: Greek, Latin extended. */
const MONO_SAMPLE = 'Σσᵀ';

let warming = false;

/** Once per page, when it has loaded and is idle (at most 3 s after load). */
export function warmCalculatorFonts(): void {
  if (warming || typeof document === 'undefined' || !('fonts' in document)) return;
  warming = true;
  const load = () => {
    const mono = getComputedStyle(document.documentElement).getPropertyValue('--font-mono').trim() || 'monospace';
    // A rejected load (a face missing from this build) only means that file comes later, as before.
    void document.fonts.load(`1em ${mono}`, MONO_SAMPLE).catch(() => undefined);
    void document.fonts.load('1em KaTeX_Size1', '(').catch(() => undefined);
  };
  afterLoadWhenIdle(window, load, 3000);
}
