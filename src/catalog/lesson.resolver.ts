import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { registerNodeType } from '../common/node';
import { payload } from '../common/payload';
import type { DomainContext } from '../kernel/context';
import { courseById, lessonById, lessonContentById, lessonsBySectionId, sectionById } from './catalog.loaders';
import { AddLessonInput, Course, Lesson, LessonContent, LessonPayload, Section } from './catalog.types';
import { canSeeCourse, courseAccess, isCourseEditor, lessonOpening, lessonReleaseFor } from './course-access.service';
import { addLesson } from './course-content.service';
import { CourseEntity } from './course.entity';
import { SectionRelease } from './curriculum.types';
import { LessonEntity } from './lesson.entity';
import { signMediaUrl } from './media-signing';
import { SectionEntity } from './section.entity';

/** Sections and lessons are visible exactly when their course is. */
async function visibleCourse(ctx: DomainContext, courseId: string): Promise<CourseEntity | null> {
  const course = await ctx.loaders.get(courseById).load(courseId);
  return course && (await canSeeCourse(ctx, course)) ? course : null;
}

registerNodeType('Section', SectionEntity, async (ctx, id) => {
  const section = await ctx.loaders.get(sectionById).load(id);
  return section && (await visibleCourse(ctx, section.courseId)) ? section : null;
});
registerNodeType('Lesson', LessonEntity, async (ctx, id) => {
  const lesson = await ctx.loaders.get(lessonById).load(id);
  return lesson && (await visibleCourse(ctx, lesson.courseId)) ? lesson : null;
});

@Resolver(() => Section)
export class SectionResolver {
  @FieldResolver(() => [Lesson], { description: "In order; archived lessons only for the course's creator and admins." })
  async lessons(@Root() section: SectionEntity, @Ctx() ctx: DomainContext): Promise<LessonEntity[]> {
    const lessons = await ctx.loaders.get(lessonsBySectionId).load(section.id);
    if (!lessons.some((l) => l.archivedAt)) return lessons;
    const course = await ctx.loaders.get(courseById).load(section.courseId);
    return course && (await isCourseEditor(ctx, course)) ? lessons : lessons.filter((l) => !l.archivedAt);
  }

  @FieldResolver(() => SectionRelease, { nullable: true, description: 'The drip schedule; null when the section is open from enrollment on.' })
  release(@Root() section: SectionEntity): SectionRelease | null {
    if (!section.releaseAt && !section.releaseAfterDays) return null;
    return { at: section.releaseAt ?? null, afterEnrollmentDays: section.releaseAfterDays ?? null };
  }
}

@Resolver(() => Lesson)
export class LessonResolver {
  @FieldResolver(() => Course)
  async course(@Root() lesson: LessonEntity, @Ctx() ctx: DomainContext): Promise<CourseEntity> {
    return (await ctx.loaders.get(courseById).load(lesson.courseId))!;
  }

  @FieldResolver(() => Boolean, { description: 'False while the lesson\'s section waits for its scheduled release for this viewer (content is null until then).' })
  async isReleased(@Root() lesson: LessonEntity, @Ctx() ctx: DomainContext): Promise<boolean> {
    return (await lessonReleaseFor(ctx, lesson)).released;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the lesson opens for this viewer under its section\'s schedule; null without a schedule, or when it counts from an enrollment the viewer does not have.' })
  async releaseAt(@Root() lesson: LessonEntity, @Ctx() ctx: DomainContext): Promise<Date | null> {
    return (await lessonReleaseFor(ctx, lesson)).opensAt;
  }

  @FieldResolver(() => LessonContent, { nullable: true, description: 'Null unless the viewer is entitled (or the lesson is a preview) and the lesson is released.' })
  async content(@Root() lesson: LessonEntity, @Ctx() ctx: DomainContext): Promise<LessonContent | null> {
    const course = await ctx.loaders.get(courseById).load(lesson.courseId);
    if (!course || !(await lessonOpening(ctx, lesson, course)).open) return null;
    const content = await ctx.loaders.get(lessonContentById).load(lesson.id);
    if (!content) return null;
    if (content.removedAt) return { body: null, mediaUrl: null, mediaUrlExpiresAt: null };
    // Paid media reaches learners as a signed link that expires; the creator and admins get the permanent one.
    const access = await courseAccess(ctx, course);
    const paid = course.priceAmount != null && !lesson.isPreview && access !== 'CREATOR' && access !== 'ADMIN';
    if (!paid || !content.mediaUrl) return { body: content.body, mediaUrl: content.mediaUrl, mediaUrlExpiresAt: null };
    const signed = signMediaUrl(ctx.config, content.mediaUrl);
    return { body: content.body, mediaUrl: signed.url, mediaUrlExpiresAt: signed.expiresAt };
  }

  @Authorized()
  @Mutation(() => LessonPayload)
  addLesson(@Arg('input') input: AddLessonInput, @Ctx() ctx: DomainContext) {
    return payload(() => addLesson(ctx, input), (lesson) => ({ lesson }));
  }
}
