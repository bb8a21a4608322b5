import { RequestLoader } from '../kernel/request-loader';
import { manyByKey } from '../common/loader-results';
import { uniqueRowLoader } from '../db/row-loaders';
import { defineLoader, type DomainContext } from '../kernel/context';
import { QuizAttemptEntity, QuizEntity, QuizQuestionEntity } from './quiz.entity';

export const quizByLessonId = uniqueRowLoader(QuizEntity, 'lessonId');

export const quizQuestionById = uniqueRowLoader(QuizQuestionEntity, 'id');

export const quizAttemptById = uniqueRowLoader(QuizAttemptEntity, 'id');

/** A quiz's current questions (not the removed ones), in order. */
export const questionsByLessonId = defineLoader(
  (ctx) =>
    new RequestLoader<string, QuizQuestionEntity[]>(async (lessonIds) => {
      const rows = await ctx.db
        .getRepository(QuizQuestionEntity)
        .createQueryBuilder('q')
        .where('q.lesson_id IN (:...lessonIds) AND q.removed_at IS NULL', { lessonIds })
        .orderBy('q.position')
        .addOrderBy('q.id')
        .getMany();
      return manyByKey(rows, lessonIds, (q) => q.lessonId);
    }),
);

/** The signed-in viewer's attempts per quiz lesson, newest first (empty for anonymous callers). */
export const viewerAttemptsByLessonId = defineLoader(
  (ctx) =>
    new RequestLoader<string, QuizAttemptEntity[]>(async (lessonIds) => {
      if (!ctx.user) return lessonIds.map(() => []);
      const rows = await ctx.db
        .getRepository(QuizAttemptEntity)
        .createQueryBuilder('a')
        .where('a.lesson_id IN (:...lessonIds) AND a.user_id = :userId', { lessonIds, userId: ctx.user.id })
        .orderBy('a.attempt_number', 'DESC')
        .getMany();
      return manyByKey(rows, lessonIds, (a) => a.lessonId);
    }),
);

export interface QuizAnswerRow {
  attemptId: string;
  questionId: string;
  choiceIds: string[];
  textAnswer: string | null;
  correct: boolean;
  pointsAwarded: number;
}

export const answersByAttemptId = defineLoader(
  (ctx) =>
    new RequestLoader<string, QuizAnswerRow[]>(async (attemptIds) => {
      const rows: QuizAnswerRow[] = await ctx.db.query(
        `SELECT a.attempt_id AS "attemptId", a.question_id AS "questionId", a.choice_ids AS "choiceIds", a.text_answer AS "textAnswer",
              a.correct, a.points_awarded AS "pointsAwarded"
         FROM quiz_answers a JOIN quiz_questions q ON q.id = a.question_id
        WHERE a.attempt_id = ANY($1::uuid[]) ORDER BY q.position, q.id`,
        [attemptIds],
      );
      return manyByKey(rows, attemptIds, (r) => r.attemptId);
    }),
);

/** Attempts one enrollment made, per quiz lesson: for progress (QuizResult). */
export const attemptsByEnrollmentId = defineLoader(
  (ctx) =>
    new RequestLoader<string, QuizAttemptEntity[]>(async (enrollmentIds) => {
      const rows = await ctx.db
        .getRepository(QuizAttemptEntity)
        .createQueryBuilder('a')
        .where('a.enrollment_id IN (:...enrollmentIds)', { enrollmentIds })
        .orderBy('a.attempt_number', 'DESC')
        .getMany();
      return manyByKey(rows, enrollmentIds, (a) => a.enrollmentId);
    }),
);

export async function hasQuizQuestions(ctx: DomainContext, lesson: { id: string; kind: string }): Promise<boolean> {
  return lesson.kind === 'QUIZ' && (await ctx.loaders.get(questionsByLessonId).load(lesson.id)).length > 0;
}

/** A course's quiz lessons that count (not archived, with a quiz), in outline order. */
export const quizLessonIdsByCourseId = defineLoader(
  (ctx) =>
    new RequestLoader<string, Array<{ courseId: string; lessonId: string }>>(async (courseIds) => {
      const rows: Array<{ courseId: string; lessonId: string }> = await ctx.db.query(
        `SELECT l.course_id AS "courseId", l.id AS "lessonId" FROM lessons l JOIN sections s ON s.id = l.section_id JOIN quizzes z ON z.lesson_id = l.id
        WHERE l.course_id = ANY($1::uuid[]) AND l.kind = 'QUIZ' AND l.archived_at IS NULL ORDER BY s.position, l.position`,
        [courseIds],
      );
      return manyByKey(rows, courseIds, (r) => r.courseId);
    }),
);
