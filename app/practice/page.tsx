import type { Metadata } from 'next';
import { questionInfo } from '../../components/questions/questionContent';
import { ReviewSession } from '../../components/practice/ReviewSession';
import { getLessonSummaries } from '../lessonCatalog';
import { getPracticeQuestions } from '../practiceCatalog';

export const metadata: Metadata = {
  title: 'Review',
  description: 'Spaced-repetition review of the interview question bank, scheduled with FSRS, kept in your browser.',
};

export default async function PracticePage() {
  const questions = (await getPracticeQuestions()).map(questionInfo);
  const lessons = getLessonSummaries().map(({ slug, title }) => ({ slug, title }));
  return <ReviewSession questions={questions} lessons={lessons} />;
}
