import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import { courseById, lessonById } from '../catalog/catalog.loaders';
import { Lesson } from '../catalog/catalog.types';
import { canSeeCourse, isCourseEditor } from '../catalog/course-visibility';
import { canReadLessonContent, courseAccess } from './course-access.service';
import { LessonKind, type LessonEntity } from '../catalog/lesson.entity';
import { idOfType } from '../common/global-id';
import { payload } from '../common/payload';
import { listen, startEvent } from '../realtime/subscription-events';
import type { DomainContext } from '../kernel/context';
import { LiveSessionEntity } from './live-session.entity';
import { liveSessionByLessonId, seatsTakenByLessonId, viewerSeatByLessonId } from './live-session.loaders';
import { endsAt, joinLiveSession, scheduleLiveSession, setLiveSessionRecording } from './live-session.service';
import {
  LiveSession,
  LiveSessionMessage,
  LiveSessionPayload,
  LiveSessionStartingEvent,
  LiveSessionStatus,
  liveSessionTopic,
  ScheduleLiveSessionInput,
} from './live-session.types';

async function openFor(ctx: DomainContext, session: LiveSessionEntity): Promise<{ editor: boolean; entitled: boolean }> {
  const lesson = (await ctx.loaders.get(lessonById).load(session.lessonId))!;
  const course = await ctx.loaders.get(courseById).load(lesson.courseId);
  if (!course) return { editor: false, entitled: false };
  const editor = await isCourseEditor(ctx, course);
  return { editor, entitled: editor || (await canReadLessonContent(ctx, lesson, course)) };
}

const joinOpensAt = (ctx: DomainContext, session: LiveSessionEntity) => new Date(session.startsAt.getTime() - ctx.config.live.joinWindowMinutes * 60_000);

@Resolver(() => Lesson)
export class LessonLiveSessionResolver {
  @FieldResolver(() => LiveSession, { nullable: true, description: 'The schedule of a LIVE lesson, once its creator set one.' })
  liveSession(@Root() lesson: LessonEntity, @Ctx() ctx: DomainContext): Promise<LiveSessionEntity | null> | null {
    return lesson.kind === LessonKind.LIVE ? ctx.loaders.get(liveSessionByLessonId).load(lesson.id) : null;
  }

  @Authorized()
  @Mutation(() => LiveSessionPayload, { description: "The course's creator or an admin schedules a LIVE lesson (or changes its schedule)." })
  scheduleLiveSession(@Arg('input') input: ScheduleLiveSessionInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => scheduleLiveSession(ctx, input),
      (lesson) => ({ lesson }),
    );
  }

  @Authorized()
  @Mutation(() => LiveSessionPayload, { description: 'The recording, shown to entitled learners once the session is over; null removes it.' })
  setLiveSessionRecording(
    @Arg('lessonId', () => ID) lessonId: string,
    @Arg('recordingUrl', () => String, { nullable: true }) recordingUrl: string | null,
    @Ctx() ctx: DomainContext,
  ) {
    return payload(
      () => setLiveSessionRecording(ctx, lessonId, recordingUrl),
      (lesson) => ({ lesson }),
    );
  }

  @Authorized()
  @Mutation(() => LiveSessionPayload, {
    description: 'An entitled learner takes a seat (SEATS_EXHAUSTED when full); the join link shows from the join window on.',
  })
  joinLiveSession(@Arg('lessonId', () => ID) lessonId: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => joinLiveSession(ctx, lessonId),
      (lesson) => ({ lesson }),
    );
  }

  @Subscription(() => LiveSessionStartingEvent, {
    description: 'A live session of the course opens its join window (LIVE_JOIN_WINDOW_MINUTES before the start): for learners entitled to the course.',
    subscribe: ({ args, context }) => subscribeToLiveSessions(context as DomainContext, args.courseId as string),
  })
  async liveSessionStarting(
    @Root() message: LiveSessionMessage,
    @Arg('courseId', () => ID) _courseId: string,
    @Ctx() ctx: DomainContext,
  ): Promise<LiveSessionStartingEvent> {
    startEvent(ctx);
    return { lesson: (await ctx.loaders.get(lessonById).load(message.lessonId))!, startsAt: new Date(message.startsAt) };
  }
}

async function subscribeToLiveSessions(ctx: DomainContext, courseGlobalId: string) {
  const courseId = idOfType(courseGlobalId, 'Course');
  return listen<LiveSessionMessage>(
    ctx,
    liveSessionTopic(courseId ?? ''),
    async () => {
      const course = courseId ? await ctx.loaders.get(courseById).load(courseId) : null;
      return !!course && (await canSeeCourse(ctx, course)) && (await courseAccess(ctx, course)) !== null;
    },
    'You can follow live sessions only in courses you have access to.',
  );
}

@Resolver(() => LiveSession)
export class LiveSessionResolver {
  @FieldResolver(() => Date)
  endsAt(@Root() session: LiveSessionEntity): Date {
    return endsAt(session);
  }

  @FieldResolver(() => Date, { description: 'From here on the join link is out to learners with a seat, and reminders go out.' })
  joinOpensAt(@Root() session: LiveSessionEntity, @Ctx() ctx: DomainContext): Date {
    return joinOpensAt(ctx, session);
  }

  @FieldResolver(() => LiveSessionStatus)
  status(@Root() session: LiveSessionEntity, @Ctx() ctx: DomainContext): LiveSessionStatus {
    const now = Date.now();
    if (now >= endsAt(session).getTime()) return LiveSessionStatus.ENDED;
    if (now >= session.startsAt.getTime()) return LiveSessionStatus.LIVE;
    return now >= joinOpensAt(ctx, session).getTime() ? LiveSessionStatus.OPEN : LiveSessionStatus.SCHEDULED;
  }

  @FieldResolver(() => Int)
  seatsTaken(@Root() session: LiveSessionEntity, @Ctx() ctx: DomainContext): Promise<number> {
    return ctx.loaders.get(seatsTakenByLessonId).load(session.lessonId);
  }

  @FieldResolver(() => Boolean)
  viewerHasSeat(@Root() session: LiveSessionEntity, @Ctx() ctx: DomainContext): Promise<boolean> {
    return ctx.loaders.get(viewerSeatByLessonId).load(session.lessonId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'For entitled learners holding a seat, from joinOpensAt until the end; always for the creator and admins.',
  })
  async joinUrl(@Root() session: LiveSessionEntity, @Ctx() ctx: DomainContext): Promise<string | null> {
    const { editor, entitled } = await openFor(ctx, session);
    if (editor) return session.joinUrl;
    const now = Date.now();
    const inWindow = now >= joinOpensAt(ctx, session).getTime() && now < endsAt(session).getTime();
    return entitled && inWindow && (await ctx.loaders.get(viewerSeatByLessonId).load(session.lessonId)) ? session.joinUrl : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'For entitled learners once the session is over; always for the creator and admins.' })
  async recordingUrl(@Root() session: LiveSessionEntity, @Ctx() ctx: DomainContext): Promise<string | null> {
    if (!session.recordingUrl) return null;
    const { editor, entitled } = await openFor(ctx, session);
    return editor || (entitled && Date.now() >= endsAt(session).getTime()) ? session.recordingUrl : null;
  }
}
