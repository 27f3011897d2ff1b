import type { Metadata } from 'next';
import { ProgressDashboardView } from '../../components/practice/ProgressDashboard';
import { questionInfo } from '../../components/questions/questionContent';
import { getPracticeQuestions, getLessonTitles } from '../practiceCatalog';

export const metadata: Metadata = {
  title: 'Your progress',
  description: 'Mastery per topic, questions due, review history and streak, and your saved data.',
};

export default async function ProgressPage() {
  const questions = (await getPracticeQuestions()).map(questionInfo);
  return <ProgressDashboardView questions={questions} lessonTitles={getLessonTitles()} />;
}
