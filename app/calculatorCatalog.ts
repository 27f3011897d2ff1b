/**
 * The calculator pages: one Markdown file per calculator in content/calculators, written and
 * validated exactly like a lesson (front matter, embeds), so the gallery an instructor projects and
 * the lessons share one pipeline. `order` orders the gallery; `minutes` is how long a walkthrough takes.
 */
import { cache } from 'react';
import { loadLessons } from '../lib/content';
import { lessonSummaries } from '../lib/content/lessonSummaries';

export const CALCULATORS_DIR = 'content/calculators';

export const getCalculatorPages = cache(() => loadLessons(CALCULATORS_DIR));
export const getCalculatorPageSummaries = cache(() => lessonSummaries(getCalculatorPages()));
