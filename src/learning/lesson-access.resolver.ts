import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { courseById, lessonContentById } from '../catalog/catalog.loaders';
import { Course, Lesson, LessonContent } from '../catalog/catalog.types';
import type { CourseEntity } from '../catalog/course.entity';
import type { LessonEntity } from '../catalog/lesson.entity';
import type { DomainContext } from '../kernel/context';
import { canOpenLesson, courseAccess } from './course-access.service';

/** What the access service decides, on the catalog's types: lesson content, and whether the viewer may open a course. */
@Resolver(() => Lesson)
export class LessonContentResolver {
  @FieldResolver(() => LessonContent, { nullable: true, description: 'Null unless the viewer is entitled (or the lesson is a preview).' })
  async content(@Root() lesson: LessonEntity, @Ctx() ctx: DomainContext): Promise<LessonContent | null> {
    const course = await ctx.loaders.get(courseById).load(lesson.courseId);
    if (!course || !(await canOpenLesson(ctx, lesson, course))) return null;
    const content = await ctx.loaders.get(lessonContentById).load(lesson.id);
    if (content?.removedAt) return { body: null, mediaUrl: null };
    return content && { body: content.body, mediaUrl: content.mediaUrl };
  }
}

@Resolver(() => Course)
export class CourseAccessResolver {
  @FieldResolver(() => Boolean, { description: 'True when the viewer may open every lesson.' })
  async viewerHasAccess(@Root() course: CourseEntity, @Ctx() ctx: DomainContext): Promise<boolean> {
    return (await courseAccess(ctx, course)) !== null;
  }
}
