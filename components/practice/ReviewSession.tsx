'use client';
/**
 * /practice: today's review queue, one question at a time. Answer, see why, rate how well you
 * knew it (Again/Hard/Good/Easy; the site suggests one for objective types and from the rubric),
 * and FSRS schedules the next time. The queue is recomputed from the store after each rating
 * (lib/practice/reviewQueue.ts), so a question failed a minute ago comes back once it is due.
 */
import { IntentLink } from '../IntentLink';
import { useEffect, useMemo, useRef, useState } from 'react';
import { previewDue } from '../../lib/practice/fsrsScheduler';
import { formatInterval } from '../../lib/practice/formatInterval';
import { suggestRating } from '../../lib/practice/gradeAnswer';
import { buildReviewQueue, filtersInBank, NO_FILTERS, noFilters, type PracticeFilters } from '../../lib/practice/reviewQueue';
import { MAX_ANSWER_SECONDS } from '../../lib/practice/progressSchema';
import { MAX_NEW_PER_DAY, RATING_NAMES, type ReviewRating } from '../../lib/practice/progressTypes';
import { progressStore } from '../../lib/stores/progressStore';
import type { PracticeQuestionInfo } from '../../lib/practice/progressTypes';
import { PracticeFilterPanel } from './PracticeFilterPanel';
import { PracticeQuestion, type AnswerOutcome } from './PracticeQuestion';
import { ProgressSync } from './ProgressSync';
import { StorageNotices } from './StorageNotices';
import { loadQuestion, useQuestionContents } from './useQuestionContent';
import { useNow, useProgress, useTimeZoneOffset } from './useProgress';

export interface ReviewSessionProps {
  /** The bank in teaching order; each question's text is loaded when it comes up. */
  questions: PracticeQuestionInfo[];
  lessons: { slug: string; title: string }[];
}

const RATINGS: ReviewRating[] = [1, 2, 3, 4];

export function ReviewSession({ questions, lessons }: ReviewSessionProps) {
  const hydrated = useProgress((s) => s.hydrated);
  const data = useProgress((s) => s.data);
  const [now, refreshNow] = useNow();
  const offset = useTimeZoneOffset();
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [lastRated, setLastRated] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<AnswerOutcome | null>(null);
  const [shownAt, setShownAt] = useState<number>(0);
  const [reviewedThisVisit, setReviewedThisVisit] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);

  const byId = useMemo(() => new Map(questions.map((q) => [q.id, q])), [questions]);
  const infos = questions;
  // Filters live in the saved settings, so a reload (or another tab) keeps them.
  const saved = data.settings.filters;
  const filters = useMemo(() => (saved ? filtersInBank(saved, infos) : NO_FILTERS), [saved, infos]);
  const setFilters = (next: PracticeFilters) => progressStore.getState().setFilters(next, new Date().toISOString());
  const filtered = !noFilters(filters);

  const queue = useMemo(() => {
    if (!hydrated || !now) return null;
    return buildReviewQueue({ questions: infos, progress: data, now, timeZoneOffsetMinutes: offset, filters });
  }, [hydrated, now, infos, data, offset, filters]);

  // Pin the question on screen: a write from another tab must not swap it mid-answer. But a
  // question reviewed in another tab before this one answered it is done: move on.
  const reviewedWhenShown = useRef<string | null>(null);
  const reviewedElsewhere = currentId !== null && !outcome && (data.cards[currentId]?.lastReview ?? null) !== reviewedWhenShown.current;
  useEffect(() => {
    if (!queue) return;
    if (currentId !== null && outcome) return; // answered and waiting for a rating: keep it
    if (currentId !== null && queue.sessionOrder.includes(currentId) && !reviewedElsewhere) return;
    const skip = reviewedElsewhere ? currentId : lastRated;
    const next = queue.sessionOrder.find((id) => id !== skip) ?? (reviewedElsewhere ? null : (queue.sessionOrder[0] ?? null));
    reviewedWhenShown.current = next ? (data.cards[next]?.lastReview ?? null) : null;
    if (reviewedElsewhere) setLastRated(currentId);
    setCurrentId(next);
    setOutcome(null);
  }, [queue, currentId, lastRated, outcome, reviewedElsewhere, data.cards]);

  const currentInfo = currentId ? byId.get(currentId) : undefined;
  // Progress has loaded but the effect above has not picked the first question yet: not "all done".
  const choosing = queue !== null && currentId === null && lastRated === null && queue.sessionOrder.length > 0;
  const content = useQuestionContents(currentInfo ? [currentInfo.id] : []);
  const current = content.status === 'ready' && currentInfo ? content.questions.get(currentInfo.id) : undefined;
  // The answer's time starts when the question is on screen, not while it loads.
  useEffect(() => {
    if (current) setShownAt(Date.now());
  }, [current]);
  // Fetch the next question while this one is answered.
  const upNext = queue?.sessionOrder.find((id) => id !== currentId);
  useEffect(() => {
    if (upNext) loadQuestion(upNext).catch(() => undefined);
  }, [upNext]);
  const card = currentId ? data.cards[currentId] : undefined;
  const previews = useMemo(() => (current && now && outcome ? previewDue(card, now) : null), [current, card, now, outcome]);
  const seconds = Math.min(MAX_ANSWER_SECONDS, Math.max(0, (Date.now() - shownAt) / 1000));
  // Speed earns "Easy" only on a question seen before: a quick right answer at first sight may
  // be a lucky pick, and Easy would put it away for a week.
  const suggested =
    outcome && !(outcome.kind === 'self' && outcome.fraction === null)
      ? suggestRating(outcome.kind === 'self' ? { kind: 'self', fraction: outcome.fraction ?? 0 } : outcome, card ? seconds : undefined)
      : null;

  const rate = (rating: ReviewRating) => {
    if (!current || !outcome) return;
    const reviewedAt = new Date().toISOString();
    progressStore.getState().recordReview({
      questionId: current.id,
      reviewedAt,
      rating,
      correct: outcome.kind === 'objective' ? outcome.correct : null,
      seconds: Math.round(Math.min(MAX_ANSWER_SECONDS, (Date.now() - shownAt) / 1000)),
    });
    setReviewedThisVisit((n) => n + 1);
    setLastRated(current.id);
    reviewedWhenShown.current = null;
    setCurrentId(null);
    setOutcome(null);
    refreshNow();
    heading.current?.focus();
  };

  // 1–4 rate, Enter takes the suggestion, once the answer is in.
  const rateRef = useRef(rate);
  rateRef.current = rate;
  useEffect(() => {
    if (!outcome) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'TEXTAREA' || (t.tagName === 'INPUT' && !['radio', 'checkbox'].includes((t as HTMLInputElement).type)))) return;
      if (/^[1-4]$/.test(e.key)) {
        e.preventDefault();
        rateRef.current(Number(e.key) as ReviewRating);
      } else if (e.key === 'Enter' && suggested && !(t instanceof HTMLButtonElement)) {
        e.preventDefault();
        rateRef.current(suggested);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [outcome, suggested]);

  return (
    <div className="practice">
      <ProgressSync />
      <StorageNotices />
      <div className="practice-bar">
        <h1 ref={heading} tabIndex={-1}>
          Review
        </h1>
        {queue ? (
          <p className="practice-counts" aria-live="polite">
            <span>
              <strong>{queue.dueNow}</strong> due
            </span>
            <span>
              <strong>{queue.fresh.length}</strong> new
            </span>
            {queue.dueLater.length > 0 && (
              <span>
                <strong>{queue.dueLater.length}</strong> in learning
              </span>
            )}
            <span>
              <strong>{reviewedThisVisit}</strong> done this visit
            </span>
            {filtered && <span className="meta">(counts match your filters)</span>}
          </p>
        ) : (
          <p className="practice-counts" aria-busy="true">
            Loading your progress…
          </p>
        )}
      </div>

      <details className="practice-options">
        <summary>Filters and daily limit{filtered ? ' (filters on)' : ''}</summary>
        <PracticeFilterPanel questions={infos} lessons={lessons} filters={filters} onChange={setFilters} disabled={!hydrated} />
        <NewPerDayField value={data.settings.newPerDay} disabled={!hydrated} />
      </details>

      {/* The question's stage keeps its height from the first paint (globals.css), so the help and the
          footer below it do not move while progress and the question load. */}
      <div className="practice-stage">
        {queue && current && (
          <section aria-label="Current question" key={`${current.id}-${reviewedThisVisit}`}>
            <PracticeQuestion question={current} mode="review" active onGraded={setOutcome} />
            <p className="meta">
              From <IntentLink href={`/lessons/${current.lesson}/`}>{lessons.find((l) => l.slug === current.lesson)?.title ?? current.lesson}</IntentLink>
              {card ? ` · reviewed ${card.reps} time${card.reps === 1 ? '' : 's'}` : ' · new'}
            </p>
            {outcome && previews && (
              <fieldset className="rating-bar">
                <legend>
                  How well did you know it?{' '}
                  {suggested ? (
                    <span id="rating-suggestion">
                      Suggested: <strong>{RATING_NAMES[suggested]}</strong> (Enter)
                    </span>
                  ) : (
                    <span>Grade yourself (keys 1–4).</span>
                  )}
                </legend>
                {RATINGS.map((r) => (
                  <button
                    key={r}
                    type="button"
                    className={r === suggested ? 'rating suggested' : 'rating'}
                    aria-describedby={r === suggested ? 'rating-suggestion' : undefined}
                    onClick={() => rate(r)}
                  >
                    <span className="practice-key" aria-hidden="true">
                      {r}
                    </span>{' '}
                    {RATING_NAMES[r]}
                    <span className="rating-interval">{formatInterval(now!, previews[r])}</span>
                  </button>
                ))}
              </fieldset>
            )}
          </section>
        )}

        {queue && currentInfo && content.status === 'loading' && <div className="practice-placeholder" aria-busy="true" aria-label="Loading the question" />}
        {queue && currentInfo && content.status === 'error' && (
          <div className="storage-notices">
            <div className="notice" role="alert">
              <p>{content.message}</p>
              <p>
                <button type="button" onClick={content.retry}>
                  Try again
                </button>
              </p>
            </div>
          </div>
        )}

        {queue && !currentInfo && !choosing && <AllDone queue={queue} now={now!} filtered={filtered} />}

        {(!queue || choosing) && <div className="practice-placeholder" aria-hidden="true" />}
      </div>

      <p className="meta practice-help">
        Keys: <kbd>1</kbd>–<kbd>9</kbd> choose, <kbd>Enter</kbd> submits, <kbd>Space</kbd> reveals a model answer, then <kbd>1</kbd>–<kbd>4</kbd> rate (Again, Hard, Good,
        Easy). <IntentLink href="/practice/mock/">Mock interview</IntentLink> · <IntentLink href="/progress/">Your progress</IntentLink>
      </p>
    </div>
  );
}

function AllDone({ queue, now, filtered }: { queue: { dueLater: { due: string }[]; newLeftToday: number }; now: string; filtered: boolean }) {
  return (
    <section className="all-done" aria-labelledby="all-done">
      <h2 id="all-done">{filtered ? 'Nothing left that matches the filters' : 'All done for now'}</h2>
      <p>
        {queue.newLeftToday === 0 ? 'You have met today’s limit of new questions. ' : ''}
        {queue.dueLater.length > 0 ? `The next question in learning comes back in ${formatInterval(now, queue.dueLater[0].due)}. ` : ''}
        Come back tomorrow for what is due, or raise the daily limit for more new questions.
      </p>
      <p>
        <IntentLink href="/practice/mock/">Try a mock interview</IntentLink> or <IntentLink href="/progress/">see your progress</IntentLink>.
      </p>
    </section>
  );
}

function NewPerDayField({ value, disabled }: { value: number; disabled: boolean }) {
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(String(value)), [value]);
  const commit = () => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > MAX_NEW_PER_DAY) {
      setError(`Enter a whole number from 0 to ${MAX_NEW_PER_DAY}.`);
      return;
    }
    setError(null);
    if (n !== value) progressStore.getState().setNewPerDay(n, new Date().toISOString());
  };
  return (
    <p className="new-per-day">
      <label htmlFor="new-per-day">New questions per day</label>{' '}
      <input
        id="new-per-day"
        type="number"
        min={0}
        max={MAX_NEW_PER_DAY}
        value={text}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'new-per-day-error' : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {error && (
        <span id="new-per-day-error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </p>
  );
}
