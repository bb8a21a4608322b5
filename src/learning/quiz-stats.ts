import { RequestLoader } from '../kernel/request-loader';
import { manyByKey } from '../common/loader-results';
import { defineLoader } from '../kernel/context';

export interface QuizStatsRow {
  courseId: string;
  lessonId: string;
  attemptCount: number;
  learnerCount: number;
  passedLearnerCount: number;
  averageScorePercent: number | null;
  hardestQuestions: Array<{ questionId: string; answerCount: number; correctRate: number }>;
}

const HARDEST = 5;

/**
 * Per course, each counting quiz's results across learners: attempts,
 * learners who tried and who passed, the mean score, and the questions
 * answered wrong most often. Two statements per batch of courses.
 */
export const quizStatsByCourseId = defineLoader(
  (ctx) =>
    new RequestLoader<string, QuizStatsRow[]>(async (courseIds) => {
      const quizzes: Array<Omit<QuizStatsRow, 'hardestQuestions'>> = await ctx.db.query(
        `SELECT l.course_id AS "courseId", l.id AS "lessonId",
              count(a.id)::int AS "attemptCount",
              count(DISTINCT a.enrollment_id)::int AS "learnerCount",
              count(DISTINCT a.enrollment_id) FILTER (WHERE a.passed)::int AS "passedLearnerCount",
              round(avg(a.score * 100.0 / nullif(a.max_score, 0)), 2)::float AS "averageScorePercent"
         FROM lessons l JOIN sections s ON s.id = l.section_id JOIN quizzes z ON z.lesson_id = l.id
         LEFT JOIN quiz_attempts a ON a.lesson_id = l.id
        WHERE l.course_id = ANY($1::uuid[]) AND l.kind = 'QUIZ' AND l.archived_at IS NULL
        GROUP BY l.course_id, l.id, s.position, l.position ORDER BY s.position, l.position`,
        [courseIds],
      );
      const questions: Array<{ lessonId: string; questionId: string; answerCount: number; correctRate: number }> = quizzes.length
        ? await ctx.db.query(
            `SELECT q.lesson_id AS "lessonId", q.id AS "questionId", count(*)::int AS "answerCount", avg(CASE WHEN ans.correct THEN 1.0 ELSE 0.0 END)::float AS "correctRate"
         FROM quiz_questions q JOIN quiz_answers ans ON ans.question_id = q.id
        WHERE q.lesson_id = ANY($1::uuid[]) AND q.removed_at IS NULL
        GROUP BY q.lesson_id, q.id, q.position ORDER BY "correctRate", "answerCount" DESC, q.position`,
            [quizzes.map((q) => q.lessonId)],
          )
        : [];
      const byLesson = manyByKey(
        questions,
        quizzes.map((q) => q.lessonId),
        (q) => q.lessonId,
      );
      const rows = quizzes.map((quiz, i) => ({
        ...quiz,
        hardestQuestions: byLesson[i].slice(0, HARDEST).map(({ questionId, answerCount, correctRate }) => ({ questionId, answerCount, correctRate })),
      }));
      return manyByKey(rows, courseIds, (r) => r.courseId);
    }),
);
