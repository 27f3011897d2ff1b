'use client';
/** The review filters: topics, lessons, types, difficulties, and "only what I got wrong". Saved with the settings. */
import type { PracticeFilters } from '../../lib/practice/reviewQueue';
import type { PracticeQuestionInfo } from '../../lib/practice/progressTypes';
import { topicName } from '../../lib/practice/topicNames';

const TYPE_NAMES: Record<PracticeQuestionInfo['type'], string> = {
  'single-choice': 'Single choice',
  'multiple-choice': 'Multiple choice',
  numeric: 'Numeric',
  'free-recall': 'Free recall',
  'spot-the-bug': 'Spot the bug',
  ordering: 'Ordering',
};

export interface PracticeFilterPanelProps {
  questions: readonly PracticeQuestionInfo[];
  lessons: { slug: string; title: string }[];
  filters: PracticeFilters;
  onChange(filters: PracticeFilters): void;
  /** Until saved progress (which holds the filters) has been read. */
  disabled?: boolean;
}

export function PracticeFilterPanel({ questions, lessons, filters, onChange, disabled = false }: PracticeFilterPanelProps) {
  const topics = [...new Set(questions.map((q) => q.topic))];
  const types = [...new Set(questions.map((q) => q.type))];
  const lessonSlugs = new Set(questions.map((q) => q.lesson));
  const toggle = <K extends 'topics' | 'lessons' | 'types' | 'difficulties'>(key: K, value: PracticeFilters[K][number]) => {
    const list = filters[key] as PracticeFilters[K][number][];
    const next = list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
    onChange({ ...filters, [key]: next });
  };
  const active = filters.topics.length + filters.lessons.length + filters.types.length + filters.difficulties.length + (filters.onlyWrong ? 1 : 0);
  return (
    // A fieldset so one `disabled` covers every box; drawn as the plain container it replaces.
    <fieldset className="filter-panel" disabled={disabled} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
      <legend className="visually-hidden">Filters (kept with your saved progress)</legend>
      <label className="only-wrong">
        <input type="checkbox" checked={filters.onlyWrong} onChange={(e) => onChange({ ...filters, onlyWrong: e.target.checked })} /> Only what I got wrong
      </label>
      <fieldset>
        <legend>Difficulty</legend>
        {([1, 2, 3] as const).map((d) => (
          <label key={d}>
            <input type="checkbox" checked={filters.difficulties.includes(d)} onChange={() => toggle('difficulties', d)} /> {['Recall', 'Apply', 'Reason'][d - 1]} ({d})
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Type</legend>
        {types.map((t) => (
          <label key={t}>
            <input type="checkbox" checked={filters.types.includes(t)} onChange={() => toggle('types', t)} /> {TYPE_NAMES[t]}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Topic</legend>
        {topics.map((t) => (
          <label key={t}>
            <input type="checkbox" checked={filters.topics.includes(t)} onChange={() => toggle('topics', t)} /> {topicName(t)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Lesson</legend>
        {lessons
          .filter((l) => lessonSlugs.has(l.slug))
          .map((l) => (
            <label key={l.slug}>
              <input type="checkbox" checked={filters.lessons.includes(l.slug)} onChange={() => toggle('lessons', l.slug)} /> {l.title}
            </label>
          ))}
      </fieldset>
      <p className="meta">
        {active === 0 ? 'No filters: every question in the bank.' : 'Empty groups mean “any”.'}{' '}
        {active > 0 && (
          <button type="button" onClick={() => onChange({ topics: [], lessons: [], types: [], difficulties: [], onlyWrong: false })}>
            Clear filters
          </button>
        )}
      </p>
    </fieldset>
  );
}
