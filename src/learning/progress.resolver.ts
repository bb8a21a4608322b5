import { Arg, Authorized, Ctx, ID, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import { courseById, lessonById } from '../catalog/catalog.loaders';
import { courseAccess } from './course-access.service';
import { idOfType } from '../common/global-id';
import { payload } from '../common/payload';
import { listen, startEvent } from '../realtime/subscription-events';
import type { DomainContext } from '../kernel/context';
import { enrollmentById, viewerEnrollmentByCourseId } from './learning.loaders';
import { recordProgress } from './progress.service';
import { quizAttemptById } from './quiz.loaders';
import { ProgressEvent, ProgressMessage, ProgressPayload, progressTopic, RecordProgressInput } from './progress.types';

/** Only your own progress: the topic is keyed by the viewer, who must be enrolled in (or have access to) the course. */
async function subscribeToProgress(ctx: DomainContext, courseGlobalId: string) {
  const courseId = idOfType(courseGlobalId, 'Course');
  return listen<ProgressMessage>(
    ctx,
    progressTopic(ctx.user?.id ?? '', courseId ?? ''),
    async () => {
      const course = courseId ? await ctx.loaders.get(courseById).load(courseId) : null;
      if (!course) return false;
      return (await ctx.loaders.get(viewerEnrollmentByCourseId).load(course.id)) !== null || (await courseAccess(ctx, course)) !== null;
    },
    'You can follow progress only in courses you are enrolled in.',
  );
}

@Resolver()
export class ProgressResolver {
  @Authorized()
  @Mutation(() => ProgressPayload)
  recordProgress(@Arg('input') input: RecordProgressInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => recordProgress(ctx, input),
      (enrollment) => ({ enrollment }),
    );
  }

  @Subscription(() => ProgressEvent, {
    description: "The viewer's own progress in a course, from any of their devices.",
    subscribe: ({ args, context }) => subscribeToProgress(context as DomainContext, args.courseId as string),
  })
  async progressUpdated(@Root() message: ProgressMessage, @Arg('courseId', () => ID) _courseId: string, @Ctx() ctx: DomainContext): Promise<ProgressEvent> {
    startEvent(ctx);
    const [enrollment, lesson, quizAttempt] = await Promise.all([
      ctx.loaders.get(enrollmentById).load(message.enrollmentId),
      ctx.loaders.get(lessonById).load(message.lessonId),
      message.attemptId ? ctx.loaders.get(quizAttemptById).load(message.attemptId) : null,
    ]);
    return { enrollment: enrollment!, lesson: lesson!, at: new Date(message.at), quizAttempt };
  }
}
