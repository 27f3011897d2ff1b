import type { Metadata } from 'next';
import { MockInterview } from '../../../components/practice/MockInterview';
import { questionInfo } from '../../../components/questions/questionContent';
import { getLessonSummaries } from '../../lessonCatalog';
import { getPracticeQuestions } from '../../practiceCatalog';

export const metadata: Metadata = {
  title: 'Mock interview',
  description: 'A timed interview on attention: 15, 30 or 45 minutes, questions across the topics, a report at the end.',
};

export default async function MockInterviewPage() {
  const questions = (await getPracticeQuestions()).map(questionInfo);
  const lessons = getLessonSummaries().map(({ slug, title }) => ({ slug, title }));
  return <MockInterview questions={questions} lessons={lessons} />;
}
