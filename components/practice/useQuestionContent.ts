'use client';
/**
 * Loads questions' rendered parts on demand from the static JSON the build writes
 * (app/practice-data/questions/[file]/route.ts) and turns them into React nodes, cached for the
 * visit. A failed load (offline, a stale page after a deploy) is an error the page can show and
 * retry, never a crash.
 */
import { useCallback, useEffect, useState } from 'react';
import type { RenderedQuestion } from '../../lib/content/renderQuestion';
import { questionContent, type QuestionContent } from '../questions/questionContent';

const cache = new Map<string, Promise<QuestionContent>>();

export function loadQuestion(id: string): Promise<QuestionContent> {
  let pending = cache.get(id);
  if (!pending) {
    pending = fetch(`/practice-data/questions/${encodeURIComponent(id)}.json`)
      .then(async (response) => {
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        const question = (await response.json()) as RenderedQuestion;
        if (question?.id !== id) throw new Error('the file holds a different question');
        return questionContent(question);
      })
      .catch((error: unknown) => {
        cache.delete(id); // let a retry fetch again
        throw error;
      });
    cache.set(id, pending);
  }
  return pending;
}

export type QuestionsState = { status: 'loading' } | { status: 'error'; message: string; retry(): void } | { status: 'ready'; questions: Map<string, QuestionContent> };

/** The questions with these ids, loaded together (a mock report needs all of its session's). */
export function useQuestionContents(ids: readonly string[]): QuestionsState {
  const key = ids.join('\u0000');
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<QuestionsState>({ status: 'loading' });
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  useEffect(() => {
    let live = true;
    const list = key === '' ? [] : key.split('\u0000');
    setState({ status: 'loading' });
    Promise.all(list.map(loadQuestion)).then(
      (loaded) => live && setState({ status: 'ready', questions: new Map(loaded.map((q) => [q.id, q])) }),
      (error: unknown) => live && setState({ status: 'error', message: `Could not load the question${list.length === 1 ? '' : 's'}: ${(error as Error).message}. Check your connection and try again.`, retry }),
    );
    return () => {
      live = false;
    };
  }, [key, attempt, retry]);
  return state;
}
