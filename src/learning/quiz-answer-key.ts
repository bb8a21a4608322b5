import { courseById } from '../catalog/catalog.loaders';
import { isCourseEditor } from '../catalog/course-visibility';
import { canReadLessonContent } from './course-access.service';
import type { LessonEntity } from '../catalog/lesson.entity';
import type { DomainContext } from '../kernel/context';
import type { QuizQuestionEntity } from './quiz.entity';
import { quizByLessonId, viewerAttemptsByLessonId } from './quiz.loaders';
import type { QuizAnswerKey } from './quiz.types';

/**
 * The one rule for answer keys: the course's creator and admins always see
 * them; a learner only after submitting, once they passed or have no
 * attempts left (so the key cannot help a later attempt); nobody else, ever.
 */
export async function answerKeyVisible(ctx: DomainContext, lesson: LessonEntity): Promise<boolean> {
  const course = await ctx.loaders.get(courseById).load(lesson.courseId);
  if (!course || !ctx.user) return false;
  if (await isCourseEditor(ctx, course)) return true;
  if (!(await canReadLessonContent(ctx, lesson, course))) return false;
  const attempts = await ctx.loaders.get(viewerAttemptsByLessonId).load(lesson.id);
  if (attempts.some((a) => a.passed)) return true;
  const quiz = await ctx.loaders.get(quizByLessonId).load(lesson.id);
  return !!quiz && quiz.maxAttempts !== null && attempts.length >= quiz.maxAttempts;
}

export function answerKeyOf(question: QuizQuestionEntity): QuizAnswerKey {
  return { correctChoiceIds: question.correctChoiceIds, acceptedAnswers: question.acceptedAnswers, explanation: question.explanation };
}
