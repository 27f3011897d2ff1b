/**
 * The lessons, read and validated once per build render rather than once per call: every page
 * (home, index, each lesson with its params and metadata) asks for them. React's cache() scopes the
 * memo to a server render, so `next dev` still picks up edits to content/.
 */
import { cache } from 'react';
import { loadLessons } from '../lib/content';
import { lessonSummaries } from '../lib/content/lessonSummaries';

export const getLessons = cache(() => loadLessons());
export const getLessonSummaries = cache(() => lessonSummaries(getLessons()));
