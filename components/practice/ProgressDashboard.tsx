'use client';
/**
 * /progress: what the learner knows (mastery per topic from the FSRS cards), what is coming
 * (questions due over the next 14 days), what they did (reviews and the step-through's
 * predictions per day, streak), what to study next, the predictions by stage, and their data
 * (export, import, anything set aside). All numbers come from
 * lib/practice/progressStats.ts; nothing shows until saved progress has been read.
 */
import { IntentLink } from '../IntentLink';
import { useMemo } from 'react';
import { dayAxisLabel, dayFullLabel, labelledDay } from '../../lib/practice/days';
import { dueSummary, dueTodaySummary } from '../../lib/practice/dueNow';
import { mockInterviewReport } from '../../lib/practice/mockInterview';
import { progressDashboard } from '../../lib/practice/progressStats';
import { PREDICTION_STAGE_NAMES, type PracticeQuestionInfo } from '../../lib/practice/progressTypes';
import { topicName } from '../../lib/practice/topicNames';
import { BarChart } from '../charts/BarChart';
import { ProgressSync } from './ProgressSync';
import { StorageNotices } from './StorageNotices';
import { useNow, useProgress, useTimeZoneOffset } from './useProgress';
import { YourData } from './YourData';

export interface ProgressDashboardProps {
  questions: PracticeQuestionInfo[];
  lessonTitles: Record<string, string>;
}

const percent = (v: number) => `${Math.round(v * 100)} %`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const STEP_THROUGH = '/calculators/step-through/';

export function ProgressDashboardView({ questions, lessonTitles }: ProgressDashboardProps) {
  const hydrated = useProgress((s) => s.hydrated);
  const data = useProgress((s) => s.data);
  const [now] = useNow(60_000);
  const offset = useTimeZoneOffset();
  const dashboard = useMemo(
    () => (hydrated && now ? progressDashboard({ questions, progress: data, now, timeZoneOffsetMinutes: offset, lessonTitles }) : null),
    [hydrated, now, questions, data, offset, lessonTitles],
  );
  const lastMock = data.mocks.at(-1);

  return (
    <div className="practice progress-page">
      <ProgressSync />
      <StorageNotices />
      <h1>Your progress</h1>
      {!dashboard ? (
        <p aria-busy="true" className="practice-placeholder">
          Reading your saved progress…
        </p>
      ) : (
        <>
          <section aria-labelledby="summary" className="progress-summary">
            <h2 id="summary" className="visually-hidden">
              Summary
            </h2>
            <p>
              <span className="big-number">{dashboard.streak.current}</span> day{dashboard.streak.current === 1 ? '' : 's'} in a row
              {dashboard.streak.reviewedToday ? ' (today done)' : dashboard.streak.current > 0 ? ' (review today to keep it)' : ''}; longest {dashboard.streak.longest}.
            </p>
            <p>
              <span className="big-number">{dashboard.totals.questionsSeen}</span> of {questions.length} questions seen, {dashboard.totals.reviews} review{dashboard.totals.reviews === 1 ? '' : 's'}
              ; <span className="due-summary">{dueSummary(dashboard.due)}</span> now.{' '}
              <IntentLink href="/practice/" className="button-link">
                Review now
              </IntentLink>
            </p>
            {dashboard.totals.predictions > 0 && (
              <p className="prediction-summary">
                <span className="big-number">{dashboard.totals.predictions}</span> {dashboard.totals.predictions === 1 ? 'prediction' : 'predictions'} in the step-through,{' '}
                {dashboard.totals.predictionsRight} right.
              </p>
            )}
            {dashboard.totals.retired > 0 && (
              <p className="meta">
                {dashboard.totals.retired} question{dashboard.totals.retired === 1 ? '' : 's'} you reviewed {dashboard.totals.retired === 1 ? 'has' : 'have'} left the bank; the history is
                kept (and comes back if the question does) but no longer counts here.
              </p>
            )}
          </section>

          {dashboard.totals.reviews === 0 && data.mocks.length === 0 && dashboard.totals.predictions === 0 ? (
            <p>
              Nothing yet. <IntentLink href="/practice/">Start reviewing</IntentLink> or <IntentLink href="/practice/mock/">try a mock interview</IntentLink>, and this page fills in.
            </p>
          ) : null}

          <section aria-labelledby="study-next">
            <h2 id="study-next">What to study next</h2>
            {dashboard.studyNext.length === 0 ? (
              <p>Every topic is where it should be. Keep up the daily reviews.</p>
            ) : (
              <ul>
                {dashboard.studyNext.map((s) => (
                  <li key={s.topic}>
                    <strong>{topicName(s.topic)}</strong>: {s.reason}. Read <IntentLink href={`/lessons/${s.lesson}/`}>{s.title}</IntentLink>.
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="mastery">
            <h2 id="mastery">Mastery by topic</h2>
            <p className="meta">The average chance you recall each topic’s questions today, by FSRS’s forgetting curve (questions never seen count as 0).</p>
            <BarChart
              title="Expected recall per topic"
              orientation="horizontal"
              max={1}
              format={percent}
              valueLabel="Expected recall"
              bars={dashboard.mastery.map((m) => ({
                label: topicName(m.topic),
                value: m.meanRecall,
                detail: `${m.seen} of ${m.questions} seen, ${m.mastered} mastered`,
              }))}
            />
          </section>

          <section aria-labelledby="forecast">
            <h2 id="forecast">Due in the next 14 days</h2>
            <p className="meta">
              Today’s bar, {dashboard.forecast[0]?.due ?? 0}, counts every question due before midnight: {dueTodaySummary(dashboard.forecast[0]?.due ?? 0, dashboard.due)}.
            </p>
            <BarChart
              title="Questions due per day (overdue ones count today)"
              orientation="vertical"
              valueLabel="Questions due"
              bars={dashboard.forecast.map((d, i, all) => ({
                label: dayFullLabel(d.day, all[0].day),
                tick: labelledDay(i, all.length, 2, true) ? dayAxisLabel(d.day, all[0].day) : '',
                value: d.due,
                emphasis: i === 0,
              }))}
            />
          </section>

          <section aria-labelledby="history">
            <h2 id="history">Reviews and predictions over the last 28 days</h2>
            <BarChart
              title="Reviews and predictions per day"
              orientation="vertical"
              valueLabel="Reviews and predictions"
              bars={dashboard.history.map((d, i, all) => ({
                label: dayFullLabel(d.day, all[all.length - 1].day),
                tick: labelledDay(i, all.length, 7) ? dayAxisLabel(d.day, all[all.length - 1].day) : '',
                value: d.reviews + d.predictions,
                detail: `${plural(d.reviews, 'review')} (${d.correct} right, ${d.again} rated Again), ${plural(d.predictions, 'prediction')} (${d.predictionsRight} right)`,
                emphasis: i === dashboard.history.length - 1,
              }))}
            />
          </section>

          <section aria-labelledby="predictions">
            <h2 id="predictions">Predictions in the step-through</h2>
            {dashboard.totals.predictions === 0 ? (
              <p>
                None yet. In the <IntentLink href={STEP_THROUGH}>step-through calculator</IntentLink>, tick “Predict, then check” and work out each stage before you see it.
              </p>
            ) : (
              <>
                <p>
                  {plural(dashboard.totals.predictions, 'cell')} predicted, {dashboard.totals.predictionsRight} right ({percent(dashboard.totals.predictionsRight / dashboard.totals.predictions)}).{' '}
                  <IntentLink href={STEP_THROUGH}>Predict again</IntentLink>
                </p>
                <table className="data-table prediction-stages">
                  <caption className="visually-hidden">Predictions by stage</caption>
                  <thead>
                    <tr>
                      <th scope="col">Stage</th>
                      <th scope="col">Predicted</th>
                      <th scope="col">Right</th>
                    </tr>
                  </thead>
                  <tbody>
                    {dashboard.predictionStages.map((s) => (
                      <tr key={s.stage}>
                        <th scope="row">{PREDICTION_STAGE_NAMES[s.stage]}</th>
                        <td>{s.predictions}</td>
                        <td>{s.right}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
            <p className="meta">
              Predictions count as study (the chart above, your streak) but are not scheduled for review: the cells come from each example’s numbers, so there is
              no fixed question to bring back.
            </p>
          </section>

          <section aria-labelledby="mocks">
            <h2 id="mocks">Mock interviews</h2>
            {lastMock ? (
              <p>
                {data.mocks.length} so far. Last: {new Date(lastMock.startedAt).toLocaleDateString()},{' '}
                {(() => {
                  const r = mockInterviewReport(lastMock, questions);
                  return `${r.score.correct} of ${r.score.graded} right`;
                })()}
                . <IntentLink href="/practice/mock/">All interviews</IntentLink>
              </p>
            ) : (
              <p>
                None yet. <IntentLink href="/practice/mock/">Try one</IntentLink>: 15, 30 or 45 minutes.
              </p>
            )}
          </section>
        </>
      )}
      <YourData />
    </div>
  );
}
