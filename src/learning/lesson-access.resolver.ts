import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { courseById, lessonContentById } from '../catalog/catalog.loaders';
import { Course, Lesson, LessonContent } from '../catalog/catalog.types';
import type { CourseEntity } from '../catalog/course.entity';
import type { LessonEntity } from '../catalog/lesson.entity';
import type { DomainContext } from '../kernel/context';
import { signMediaUrl } from '../catalog/media-signing';
import { courseAccess, lessonOpening, lessonReleaseFor } from './course-access.service';

/** What the access service decides, on the catalog's types: lesson content, and whether the viewer may open a course. */
@Resolver(() => Lesson)
export class LessonContentResolver {
  @FieldResolver(() => Boolean, {
    description: "False while the lesson's section waits for its scheduled release for this viewer (content is null until then).",
  })
  async isReleased(@Root() lesson: LessonEntity, @Ctx() ctx: DomainContext): Promise<boolean> {
    return (await lessonReleaseFor(ctx, lesson)).released;
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description:
      "When the lesson opens for this viewer under its section's schedule; null without a schedule, or when it counts from an enrollment the viewer does not have.",
  })
  async releaseAt(@Root() lesson: LessonEntity, @Ctx() ctx: DomainContext): Promise<Date | null> {
    return (await lessonReleaseFor(ctx, lesson)).opensAt;
  }

  @FieldResolver(() => LessonContent, {
    nullable: true,
    description: 'Null unless the viewer is entitled (or the lesson is a preview) and the lesson is released.',
  })
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
}

@Resolver(() => Course)
export class CourseAccessResolver {
  @FieldResolver(() => Boolean, { description: 'True when the viewer may open every lesson.' })
  async viewerHasAccess(@Root() course: CourseEntity, @Ctx() ctx: DomainContext): Promise<boolean> {
    return (await courseAccess(ctx, course)) !== null;
  }
}
