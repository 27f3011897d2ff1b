/**
 * Lighthouse's targets (issue 13) and the arithmetic of judging runs against them, apart from the
 * browser (scripts/lighthouse.ts runs Lighthouse and prints).
 *
 * Targets, in Lighthouse's default mobile profile against the built export served compressed:
 * performance ≥ 95 on home and every lesson, ≥ 90 on calculator pages and /practice; LCP ≤ 2.5 s,
 * TBT ≤ 200 ms and CLS ≤ 0.1 everywhere. Lighthouse's simulated throttling scales the tasks it
 * observes, so on a shared 2-core machine the score and TBT move with the load: the CI gate holds
 * two pages to floors below the targets (CI_FLOORS, chosen from the spread of repeated runs,
 * docs/PERFORMANCE.md), and `npm run bench:lighthouse` reports the targets themselves.
 */

export type PageKind = 'home' | 'lesson' | 'calculator' | 'practice';

/** One Lighthouse run's figures: the performance score 0–100, LCP and TBT in ms, CLS unitless. */
export interface LighthouseFigures {
  score: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
}

/** The least score and the most LCP, TBT and CLS a page may have. */
export type Limits = LighthouseFigures;

const PAGE_LIMITS = { lcpMs: 2500, tbtMs: 200, cls: 0.1 } as const;

export const TARGETS: Readonly<Record<PageKind, Limits>> = {
  home: { score: 95, ...PAGE_LIMITS },
  lesson: { score: 95, ...PAGE_LIMITS },
  calculator: { score: 90, ...PAGE_LIMITS },
  practice: { score: 90, ...PAGE_LIMITS },
};

/**
 * What `npm test` holds its pages to, one run each. In one sitting on the shared 2-core machine
 * (load average 12-28) the worst runs were: home 57, a calculator page 44, /practice 30, lessons
 * 32; LCP up to 3.8, 5.4, 9.1 and 6.8 s; TBT up to 30 s, which there is time spent waiting for a
 * core. So score and LCP floors sit below the worst run and catch a page that gets several times
 * heavier, TBT is held only to what no load explains, and CLS, which does not depend on the load,
 * keeps its target (/practice 0.3 until its placeholders stop shifting: 0.11-0.26 today).
 * docs/PERFORMANCE.md has the runs.
 */
export const CI_FLOORS: Readonly<Record<PageKind, Limits>> = {
  home: { score: 40, lcpMs: 6000, tbtMs: 20_000, cls: 0.1 },
  lesson: { score: 20, lcpMs: 10_000, tbtMs: 40_000, cls: 0.1 },
  calculator: { score: 30, lcpMs: 8000, tbtMs: 40_000, cls: 0.1 },
  practice: { score: 20, lcpMs: 12_000, tbtMs: 40_000, cls: 0.3 },
};

/** The kind of page a site path is, for its targets; null for pages without one. */
export function pageKind(route: string): PageKind | null {
  if (route === '/') return 'home';
  if (/^\/lessons\/[^/]+\/$/.test(route)) return 'lesson';
  if (/^\/calculators\/[^/]+\/$/.test(route)) return 'calculator';
  if (route === '/practice/') return 'practice';
  return null;
}

/** The median (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Each figure's median over runs. */
export function medianFigures(runs: readonly LighthouseFigures[]): LighthouseFigures {
  return {
    score: median(runs.map((r) => r.score)),
    lcpMs: median(runs.map((r) => r.lcpMs)),
    tbtMs: median(runs.map((r) => r.tbtMs)),
    cls: median(runs.map((r) => r.cls)),
  };
}

export type Figure = keyof LighthouseFigures;

/** Whether each figure is within its limit: the score at least, the others at most. */
export function within(figures: LighthouseFigures, limits: Limits): Record<Figure, boolean> {
  return {
    score: figures.score >= limits.score,
    lcpMs: figures.lcpMs <= limits.lcpMs,
    tbtMs: figures.tbtMs <= limits.tbtMs,
    cls: figures.cls <= limits.cls,
  };
}

const NAMES: Record<Figure, string> = { score: 'performance', lcpMs: 'LCP', tbtMs: 'TBT', cls: 'CLS' };

/** One sentence per figure outside its limit, e.g. "TBT 640 ms > 600 ms"; empty when all are within. */
export function misses(figures: LighthouseFigures, limits: Limits): string[] {
  const ok = within(figures, limits);
  return (Object.keys(NAMES) as Figure[])
    .filter((figure) => !ok[figure])
    .map((figure) => `${NAMES[figure]} ${formatFigure(figure, figures[figure])} ${figure === 'score' ? '<' : '>'} ${formatFigure(figure, limits[figure])}`);
}

export function formatFigure(figure: Figure, value: number): string {
  switch (figure) {
    case 'score':
      return value.toFixed(0);
    case 'lcpMs':
      return `${(value / 1000).toFixed(2)} s`;
    case 'tbtMs':
      return `${value.toFixed(0)} ms`;
    case 'cls':
      return value.toFixed(3);
  }
}
