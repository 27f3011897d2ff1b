/**
 * Pacing for the presenter: elapsed time against the deck's planned minutes, spread evenly over its
 * steps. Pure, with the clock passed in (`now` in ms, from Date.now() in the view), so a test can
 * walk through a whole talk in microseconds and a reload can resume from a stored start time.
 *
 * On pace means being on the step the plan has for this moment: step i (0-based) owns the window
 * [i·budget, (i+1)·budget). Leaving step i later than its window's end is being behind by the
 * overrun; reaching it before its window starts is being ahead by the difference. Inside the window
 * the presenter is on pace, so the display does not flicker between ahead and behind every second.
 */

/** A stopwatch that can pause (a question from the room should not count against the plan). */
export interface PresentTimer {
  /** When it was started (ms), null before. */
  startedAt: number | null;
  /** When it was paused (ms), null while running. */
  pausedAt: number | null;
  /** Time spent paused before `pausedAt`. */
  pausedMs: number;
}

export const IDLE_TIMER: PresentTimer = { startedAt: null, pausedAt: null, pausedMs: 0 };

export function startTimer(now: number): PresentTimer {
  return { startedAt: now, pausedAt: null, pausedMs: 0 };
}

export function pauseTimer(timer: PresentTimer, now: number): PresentTimer {
  return timer.startedAt === null || timer.pausedAt !== null ? timer : { ...timer, pausedAt: now };
}

export function resumeTimer(timer: PresentTimer, now: number): PresentTimer {
  if (timer.pausedAt === null) return timer;
  return { ...timer, pausedAt: null, pausedMs: timer.pausedMs + Math.max(0, now - timer.pausedAt) };
}

/** Running time; never negative (a clock set back does not make time run backwards here). */
export function elapsedMs(timer: PresentTimer, now: number): number {
  if (timer.startedAt === null) return 0;
  const end = timer.pausedAt ?? now;
  return Math.max(0, end - timer.startedAt - timer.pausedMs);
}

export type PaceStatus = 'ahead' | 'on-pace' | 'behind';

export interface Pace {
  plannedMs: number;
  /** Planned time per step. */
  stepBudgetMs: number;
  status: PaceStatus;
  /** How far ahead or behind (0 on pace). */
  byMs: number;
  /** Planned time left; negative once over time. */
  remainingMs: number;
}

export function pace(input: { elapsedMs: number; plannedMinutes: number; stepCount: number; step: number }): Pace {
  const plannedMs = Math.max(0, input.plannedMinutes) * 60_000;
  const steps = Math.max(1, Math.floor(input.stepCount));
  const step = Math.min(Math.max(0, Math.floor(input.step)), steps - 1);
  const stepBudgetMs = plannedMs / steps;
  const windowStart = step * stepBudgetMs;
  const windowEnd = (step + 1) * stepBudgetMs;
  const elapsed = Math.max(0, input.elapsedMs);
  const remainingMs = plannedMs - elapsed;
  if (elapsed > windowEnd) return { plannedMs, stepBudgetMs, status: 'behind', byMs: elapsed - windowEnd, remainingMs };
  if (elapsed < windowStart) return { plannedMs, stepBudgetMs, status: 'ahead', byMs: windowStart - elapsed, remainingMs };
  return { plannedMs, stepBudgetMs, status: 'on-pace', byMs: 0, remainingMs };
}

const MINUS = '\u2212';
const two = (n: number) => String(n).padStart(2, '0');

/**
 * A duration as a clock reads: "07:05" under an hour, "1:02:03" from an hour on, whole seconds
 * rounded down (a clock shows 00:59 until the minute is full); negative with a minus sign.
 */
export function formatClock(ms: number): string {
  if (!Number.isFinite(ms)) return '--:--';
  const sign = ms < 0 ? MINUS : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${sign}${hours}:${two(minutes)}:${two(seconds)}` : `${sign}${two(minutes)}:${two(seconds)}`;
}

/** The wall clock, "14:05", in the presenter's own time zone (the Date's local time). */
export function formatWallClock(date: Date): string {
  return `${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** The pace in words, for the presenter view and its screen reader alike: "02:10 behind". */
export function describePace(p: Pace): string {
  if (p.status === 'on-pace') return 'on pace';
  return `${formatClock(p.byMs)} ${p.status}`;
}
