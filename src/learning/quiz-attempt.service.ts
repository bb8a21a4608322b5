import { courseById, lessonById } from '../catalog/catalog.loaders';
import { canSeeCourse } from '../catalog/course-visibility';
import { LessonKind, type LessonEntity } from '../catalog/lesson.entity';
import { requireUser } from '../common/auth-checker';
import { ErrorCode, invalidInput, notFound, UserFailure } from '../common/errors';
import { idOfType } from '../common/global-id';
import { inTransaction } from '../kernel/transaction';
import type { DomainContext } from '../kernel/context';
import { EnrollmentEntity } from './enrollment.entity';
import { enrollmentById, viewerEnrollmentByCourseId, certificateByEnrollmentId, completedLessonIdsByEnrollmentId } from './learning.loaders';
import { applyLessonProgress } from './lesson-progress';
import { learnerStanding, lockLearnerEnrollment } from './learner-enrollment';
import { assertCanUse } from './lesson-gate';
import { QuizAttemptEntity, type QuizEntity, type QuizQuestionEntity } from './quiz.entity';
import { answersDigest, type GivenAnswer, gradeAttempt } from './quiz-grading';
import { attemptsByEnrollmentId, questionsByLessonId, quizByLessonId, viewerAttemptsByLessonId } from './quiz.loaders';
import type { QuizAnswerInput, SubmitQuizAttemptInput } from './quiz.types';

interface OpenQuiz {
  lesson: LessonEntity;
  quiz: QuizEntity;
  questions: QuizQuestionEntity[];
}

async function openQuiz(ctx: DomainContext, lessonGlobalId: string): Promise<OpenQuiz & { courseId: string }> {
  const lessonId = idOfType(lessonGlobalId, 'Lesson');
  const lesson = lessonId ? await ctx.loaders.get(lessonById).load(lessonId) : null;
  const course = lesson ? await ctx.loaders.get(courseById).load(lesson.courseId) : null;
  if (!lesson || !course || !(await canSeeCourse(ctx, course))) throw notFound('No lesson with this ID.', ['input', 'lessonId']);
  if (lesson.kind !== LessonKind.QUIZ) throw invalidInput('This lesson is not a quiz.', ['input', 'lessonId']);
  await assertCanUse(ctx, lesson, course, ['input', 'lessonId']);
  if (lesson.archivedAt) throw new UserFailure(ErrorCode.CONFLICT, 'This quiz was archived by its creator and takes no more attempts.', ['input', 'lessonId']);
  const quiz = await ctx.loaders.get(quizByLessonId).load(lesson.id);
  const questions = await ctx.loaders.get(questionsByLessonId).load(lesson.id);
  if (!quiz || !questions.length) throw new UserFailure(ErrorCode.CONFLICT, 'This quiz has no questions yet.', ['input', 'lessonId']);
  return { lesson, quiz, questions, courseId: course.id };
}

function givenAnswers(answers: readonly QuizAnswerInput[], questions: readonly QuizQuestionEntity[]): GivenAnswer[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const seen = new Set<string>();
  return answers.map((answer, i) => {
    const field = ['input', 'answers', String(i)];
    const id = idOfType(answer.questionId, 'QuizQuestion');
    const question = id ? byId.get(id) : undefined;
    if (!question) throw invalidInput('Not a question of this quiz (it may have changed: load the quiz again).', [...field, 'questionId']);
    if (seen.has(question.id)) throw invalidInput('This question is answered twice.', [...field, 'questionId']);
    seen.add(question.id);
    const choiceIds = [...new Set(answer.choiceIds ?? [])];
    const known = new Set(question.choices.map((c) => c.id));
    if (choiceIds.some((c) => !known.has(c))) throw invalidInput('Not a choice of this question.', [...field, 'choiceIds']);
    if (question.kind === 'SINGLE_CHOICE' && choiceIds.length > 1) throw invalidInput('Pick one choice.', [...field, 'choiceIds']);
    const text = answer.text == null ? null : answer.text.trim().slice(0, 500);
    return { questionId: question.id, choiceIds, text };
  });
}

/**
 * A learner submits answers to a quiz and gets them graded at once.
 * Idempotent by clientAttemptId; the attempt limit holds under concurrency
 * (attempts serialize on the enrollment row, and each number is unique).
 * A graded attempt completes the quiz lesson in progress (a course can ask
 * for passing on top, for its certificate) and is announced as
 * QuizAttemptGraded, which `progressUpdated` carries to the learner's devices.
 */
export async function submitQuizAttempt(
  ctx: DomainContext,
  input: SubmitQuizAttemptInput,
): Promise<{ attempt: QuizAttemptEntity; enrollment: EnrollmentEntity }> {
  const user = requireUser(ctx);
  const { lesson, quiz, questions, courseId } = await openQuiz(ctx, input.lessonId);
  const clientAttemptId = (input.clientAttemptId ?? '').trim();
  if (clientAttemptId.length < 1 || clientAttemptId.length > 100)
    throw invalidInput('clientAttemptId must be 1 to 100 characters (a UUID works well).', ['input', 'clientAttemptId']);
  if (input.answers.length > questions.length) throw invalidInput('More answers than questions.', ['input', 'answers']);
  const given = givenAnswers(input.answers, questions);
  const digest = answersDigest(given);
  const graded = gradeAttempt(questions, given, quiz.passPercent);
  const course = (await ctx.loaders.get(courseById).load(courseId))!;
  const standing = await learnerStanding(ctx, user.id, course, 'Enroll in the course to take its quizzes.', ['input', 'lessonId']);

  const result = await inTransaction(ctx, async (tx) => {
    const { manager } = tx;
    const enrollmentId = await lockLearnerEnrollment(manager, standing, ['input', 'lessonId']);
    const attempts = manager.getRepository(QuizAttemptEntity);
    const earlier = await attempts.findOneBy({ enrollmentId, lessonId: lesson.id, clientAttemptId });
    if (earlier) {
      if (earlier.answersDigest !== digest) {
        throw new UserFailure(ErrorCode.IDEMPOTENCY_CONFLICT, 'This clientAttemptId was already used for other answers; send a new id for a new attempt.', [
          'input',
          'clientAttemptId',
        ]);
      }
      return { attempt: earlier, enrollment: await manager.getRepository(EnrollmentEntity).findOneByOrFail({ id: enrollmentId }), fresh: false };
    }
    const used = await attempts.countBy({ enrollmentId, lessonId: lesson.id });
    if (quiz.maxAttempts !== null && used >= quiz.maxAttempts) {
      throw new UserFailure(ErrorCode.LIMIT_EXCEEDED, `You have used all ${quiz.maxAttempts} attempt${quiz.maxAttempts === 1 ? '' : 's'} at this quiz.`, [
        'input',
        'lessonId',
      ]);
    }
    const attempt = await attempts.save(
      attempts.create({
        lessonId: lesson.id,
        enrollmentId,
        userId: user.id,
        clientAttemptId,
        attemptNumber: used + 1,
        answersDigest: digest,
        score: graded.score,
        maxScore: graded.maxScore,
        passed: graded.passed,
        submittedAt: new Date(),
      }),
    );
    await manager.query(
      `INSERT INTO quiz_answers (attempt_id, question_id, choice_ids, text_answer, correct, points_awarded)
       SELECT $1, question_id, ARRAY(SELECT jsonb_array_elements_text(choices)), text_answer, correct, points
         FROM jsonb_to_recordset($2::jsonb) AS a(question_id uuid, choices jsonb, text_answer text, correct boolean, points int)`,
      [
        attempt.id,
        JSON.stringify(
          graded.answers.map((a) => ({ question_id: a.questionId, choices: a.choiceIds, text_answer: a.text, correct: a.correct, points: a.pointsAwarded })),
        ),
      ],
    );
    // Taking the quiz completes its lesson; the completion rule decides whether the course is complete.
    const enrollment = await applyLessonProgress(tx, {
      enrollmentId,
      userId: user.id,
      courseId,
      lessonId: lesson.id,
      positionSeconds: 0,
      completed: true,
      occurredAt: new Date(),
    });
    await tx.emit({
      type: 'QuizAttemptGraded',
      attemptId: attempt.id,
      enrollmentId,
      userId: user.id,
      courseId,
      lessonId: lesson.id,
      score: graded.score,
      maxScore: graded.maxScore,
      passed: graded.passed,
      at: new Date().toISOString(),
    });
    return { attempt, enrollment, fresh: true };
  });
  if (result.fresh || !standing.hasEnrollment) {
    ctx.loaders.get(viewerEnrollmentByCourseId).clear(courseId);
    ctx.loaders.get(viewerAttemptsByLessonId).clear(lesson.id);
    const enrollmentId = result.enrollment.id;
    ctx.loaders.get(enrollmentById).clear(enrollmentId);
    ctx.loaders.get(completedLessonIdsByEnrollmentId).clear(enrollmentId);
    ctx.loaders.get(certificateByEnrollmentId).clear(enrollmentId);
    ctx.loaders.get(attemptsByEnrollmentId).clear(enrollmentId);
  }
  return { attempt: result.attempt, enrollment: result.enrollment };
}
