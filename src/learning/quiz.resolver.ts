import { Arg, Authorized, Ctx, FieldResolver, Float, Int, Mutation, Resolver, Root } from 'type-graphql';
import { courseById, lessonById } from '../catalog/catalog.loaders';
import { Lesson } from '../catalog/catalog.types';
import { canSeeCourse, isCourseEditor } from '../catalog/course-visibility';
import { canReadLessonContent } from './course-access.service';
import { LessonKind, type LessonEntity } from '../catalog/lesson.entity';
import { registerNodeType } from '../common/node';
import { payload } from '../common/payload';
import { Role } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { answerKeyOf, answerKeyVisible } from './quiz-answer-key';
import { submitQuizAttempt } from './quiz-attempt.service';
import { saveQuiz } from './quiz-editor.service';
import { QuizAttemptEntity, QuizEntity, QuizQuestionEntity } from './quiz.entity';
import { answersByAttemptId, questionsByLessonId, quizAttemptById, quizByLessonId, quizQuestionById, viewerAttemptsByLessonId } from './quiz.loaders';
import {
  Quiz,
  QuizAnswerKey,
  QuizAttempt,
  QuizAttemptPayload,
  QuizPayload,
  QuizQuestion,
  QuizQuestionFeedback,
  SaveQuizInput,
  SubmitQuizAttemptInput,
} from './quiz.types';

async function lessonOf(ctx: DomainContext, lessonId: string): Promise<LessonEntity> {
  return (await ctx.loaders.get(lessonById).load(lessonId))!;
}

/** Questions are lesson content: visible to whoever may open the lesson. */
registerNodeType('QuizQuestion', QuizQuestionEntity, async (ctx, id) => {
  const question = await ctx.loaders.get(quizQuestionById).load(id);
  const lesson = question && (await ctx.loaders.get(lessonById).load(question.lessonId));
  const course = lesson && (await ctx.loaders.get(courseById).load(lesson.courseId));
  return question && lesson && course && (await canReadLessonContent(ctx, lesson, course)) ? question : null;
});

/** Attempts are private: the learner who made it, the course's creator and admins. */
registerNodeType('QuizAttempt', QuizAttemptEntity, async (ctx, id) => {
  const attempt = await ctx.loaders.get(quizAttemptById).load(id);
  if (!attempt || !ctx.user) return null;
  if (attempt.userId === ctx.user.id || ctx.user.roles.includes(Role.ADMIN)) return attempt;
  const course = await ctx.loaders.get(courseById).load((await lessonOf(ctx, attempt.lessonId)).courseId);
  return course && (await isCourseEditor(ctx, course)) ? attempt : null;
});

@Resolver(() => Lesson)
export class LessonQuizResolver {
  @FieldResolver(() => Quiz, { nullable: true, description: 'The quiz of a QUIZ lesson, once its creator wrote one.' })
  quiz(@Root() lesson: LessonEntity, @Ctx() ctx: DomainContext): Promise<QuizEntity | null> | null {
    return lesson.kind === LessonKind.QUIZ ? ctx.loaders.get(quizByLessonId).load(lesson.id) : null;
  }

  @Authorized()
  @Mutation(() => QuizPayload, { description: "The course's creator or an admin writes a QUIZ lesson's questions and rules." })
  saveQuiz(@Arg('input') input: SaveQuizInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => saveQuiz(ctx, input),
      (lesson) => ({ lesson }),
    );
  }

  @Authorized()
  @Mutation(() => QuizAttemptPayload, { description: 'A learner submits answers; the attempt comes back graded, with feedback per question.' })
  submitQuizAttempt(@Arg('input') input: SubmitQuizAttemptInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => submitQuizAttempt(ctx, input),
      (result) => result,
    );
  }
}

@Resolver(() => Quiz)
export class QuizResolver {
  @FieldResolver(() => Int)
  async questionCount(@Root() quiz: QuizEntity, @Ctx() ctx: DomainContext): Promise<number> {
    return (await ctx.loaders.get(questionsByLessonId).load(quiz.lessonId)).length;
  }

  @FieldResolver(() => Int)
  async totalPoints(@Root() quiz: QuizEntity, @Ctx() ctx: DomainContext): Promise<number> {
    return (await ctx.loaders.get(questionsByLessonId).load(quiz.lessonId)).reduce((sum, q) => sum + q.points, 0);
  }

  @FieldResolver(() => [QuizQuestion], {
    description: 'Empty unless the viewer may open the lesson (and moderation has not taken it down). Never carries the answers.',
  })
  async questions(@Root() quiz: QuizEntity, @Ctx() ctx: DomainContext): Promise<QuizQuestionEntity[]> {
    const lesson = await lessonOf(ctx, quiz.lessonId);
    const course = await ctx.loaders.get(courseById).load(lesson.courseId);
    return course && (await canReadLessonContent(ctx, lesson, course)) ? ctx.loaders.get(questionsByLessonId).load(quiz.lessonId) : [];
  }

  @FieldResolver(() => [QuizAttempt], { description: "The viewer's own attempts, newest first." })
  viewerAttempts(@Root() quiz: QuizEntity, @Ctx() ctx: DomainContext): Promise<QuizAttemptEntity[]> {
    return ctx.loaders.get(viewerAttemptsByLessonId).load(quiz.lessonId);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Attempts the viewer has left; null: unlimited.' })
  async viewerAttemptsLeft(@Root() quiz: QuizEntity, @Ctx() ctx: DomainContext): Promise<number | null> {
    if (quiz.maxAttempts === null) return null;
    return Math.max(0, quiz.maxAttempts - (await ctx.loaders.get(viewerAttemptsByLessonId).load(quiz.lessonId)).length);
  }

  @FieldResolver(() => Boolean)
  async viewerPassed(@Root() quiz: QuizEntity, @Ctx() ctx: DomainContext): Promise<boolean> {
    return (await ctx.loaders.get(viewerAttemptsByLessonId).load(quiz.lessonId)).some((a) => a.passed);
  }
}

@Resolver(() => QuizQuestion)
export class QuizQuestionResolver {
  @FieldResolver(() => QuizAnswerKey, {
    nullable: true,
    description: "The course's creator and admins only; learners see it in an attempt's feedback once revealed.",
  })
  async answerKey(@Root() question: QuizQuestionEntity, @Ctx() ctx: DomainContext): Promise<QuizAnswerKey | null> {
    const course = await ctx.loaders.get(courseById).load((await lessonOf(ctx, question.lessonId)).courseId);
    return course && (await isCourseEditor(ctx, course)) ? answerKeyOf(question) : null;
  }
}

@Resolver(() => QuizAttempt)
export class QuizAttemptResolver {
  @FieldResolver(() => Lesson, { nullable: true })
  async lesson(@Root() attempt: QuizAttemptEntity, @Ctx() ctx: DomainContext): Promise<LessonEntity | null> {
    const lesson = await lessonOf(ctx, attempt.lessonId);
    const course = await ctx.loaders.get(courseById).load(lesson.courseId);
    return course && (await canSeeCourse(ctx, course)) ? lesson : null;
  }

  @FieldResolver(() => Float, { description: 'score / maxScore, 0..100.' })
  scorePercent(@Root() attempt: QuizAttemptEntity): number {
    return attempt.maxScore === 0 ? 0 : Math.round((attempt.score * 10_000) / attempt.maxScore) / 100;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the feedback carries the answer key: the learner passed, or has no attempts left.' })
  async answersRevealed(@Root() attempt: QuizAttemptEntity, @Ctx() ctx: DomainContext): Promise<boolean> {
    return answerKeyVisible(ctx, await lessonOf(ctx, attempt.lessonId));
  }

  @FieldResolver(() => [QuizQuestionFeedback], { description: 'Per question: right or wrong, points, what was answered; the key once revealed.' })
  async feedback(@Root() attempt: QuizAttemptEntity, @Ctx() ctx: DomainContext): Promise<QuizQuestionFeedback[]> {
    const [answers, revealed] = await Promise.all([
      ctx.loaders.get(answersByAttemptId).load(attempt.id),
      answerKeyVisible(ctx, await lessonOf(ctx, attempt.lessonId)),
    ]);
    const questions = await Promise.all(answers.map((a) => ctx.loaders.get(quizQuestionById).load(a.questionId)));
    return answers.map((answer, i) => ({
      question: questions[i]!,
      correct: answer.correct,
      pointsAwarded: answer.pointsAwarded,
      points: questions[i]!.points,
      choiceIds: answer.choiceIds,
      text: answer.textAnswer,
      answerKey: revealed ? answerKeyOf(questions[i]!) : null,
    }));
  }
}
