import { Ctx, FieldResolver, Float, Resolver, Root } from 'type-graphql';
import { lessonById } from '../catalog/catalog.loaders';
import { Course } from '../catalog/catalog.types';
import { isCourseEditor } from '../catalog/course-visibility';
import type { CourseEntity } from '../catalog/course.entity';
import { hasRole } from '../common/auth-checker';
import { Role } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { Enrollment } from './enrollment.types';
import type { EnrollmentEntity } from './enrollment.entity';
import { quizStatsByCourseId } from './quiz-stats';
import { attemptsByEnrollmentId, quizByLessonId, quizLessonIdsByCourseId, quizQuestionById } from './quiz.loaders';
import { QuizResult, QuizStats } from './quiz.types';

@Resolver(() => Course)
export class CourseQuizStatsResolver {
  @FieldResolver(() => [QuizStats], {
    nullable: true,
    description: "Each quiz's pass rate and hardest questions: the course's creator and admins (null for everyone else).",
  })
  async quizStats(@Root() course: CourseEntity, @Ctx() ctx: DomainContext): Promise<QuizStats[] | null> {
    if (!(await isCourseEditor(ctx, course))) return null;
    const rows = await ctx.loaders.get(quizStatsByCourseId).load(course.id);
    return Promise.all(
      rows.map(async (row) => ({
        lesson: (await ctx.loaders.get(lessonById).load(row.lessonId))!,
        attemptCount: row.attemptCount,
        learnerCount: row.learnerCount,
        passedLearnerCount: row.passedLearnerCount,
        passRate: row.learnerCount ? row.passedLearnerCount / row.learnerCount : null,
        averageScorePercent: row.averageScorePercent,
        hardestQuestions: await Promise.all(
          row.hardestQuestions.map(async (q) => ({
            question: (await ctx.loaders.get(quizQuestionById).load(q.questionId))!,
            answerCount: q.answerCount,
            correctRate: q.correctRate,
          })),
        ),
      })),
    );
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Share of learners who passed, over all quizzes of the course (creator, admins and moderators; null before anyone tried).',
  })
  async quizPassRate(@Root() course: CourseEntity, @Ctx() ctx: DomainContext): Promise<number | null> {
    if (!hasRole(ctx, Role.MODERATOR) && !(await isCourseEditor(ctx, course))) return null;
    const rows = await ctx.loaders.get(quizStatsByCourseId).load(course.id);
    const learners = rows.reduce((sum, r) => sum + r.learnerCount, 0);
    return learners ? rows.reduce((sum, r) => sum + r.passedLearnerCount, 0) / learners : null;
  }
}

@Resolver(() => Enrollment)
export class EnrollmentQuizResolver {
  @FieldResolver(() => [QuizResult], { description: "The learner's attempts and best score in each quiz of the course." })
  async quizResults(@Root() enrollment: EnrollmentEntity, @Ctx() ctx: DomainContext): Promise<QuizResult[]> {
    const [lessons, attempts] = await Promise.all([
      ctx.loaders.get(quizLessonIdsByCourseId).load(enrollment.courseId),
      ctx.loaders.get(attemptsByEnrollmentId).load(enrollment.id),
    ]);
    return Promise.all(
      lessons.map(async ({ lessonId }) => {
        const [lesson, quiz] = await Promise.all([ctx.loaders.get(lessonById).load(lessonId), ctx.loaders.get(quizByLessonId).load(lessonId)]);
        const own = attempts.filter((a) => a.lessonId === lessonId);
        const best = own.reduce<number | null>((top, a) => Math.max(top ?? 0, a.maxScore ? Math.round((a.score * 100) / a.maxScore) : 0), null);
        return {
          lesson: lesson!,
          attemptsUsed: own.length,
          bestScorePercent: best,
          passed: own.some((a) => a.passed),
          attemptsLeft: quiz?.maxAttempts == null ? null : Math.max(0, quiz.maxAttempts - own.length),
        };
      }),
    );
  }
}
