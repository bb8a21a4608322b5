import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { registerNodeType } from '../common/node';
import { payload } from '../common/payload';
import type { DomainContext } from '../kernel/context';
import { courseById, lessonById, lessonsBySectionId, sectionById } from './catalog.loaders';
import { AddLessonInput, Course, Lesson, LessonPayload, Section } from './catalog.types';
import { canSeeCourse } from './course-visibility';
import { addLesson } from './course-content.service';
import { CourseEntity } from './course.entity';
import { LessonEntity } from './lesson.entity';
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
  @FieldResolver(() => [Lesson])
  lessons(@Root() section: SectionEntity, @Ctx() ctx: DomainContext): Promise<LessonEntity[]> {
    return ctx.loaders.get(lessonsBySectionId).load(section.id);
  }
}

@Resolver(() => Lesson)
export class LessonResolver {
  @FieldResolver(() => Course)
  async course(@Root() lesson: LessonEntity, @Ctx() ctx: DomainContext): Promise<CourseEntity> {
    return (await ctx.loaders.get(courseById).load(lesson.courseId))!;
  }

  @Authorized()
  @Mutation(() => LessonPayload)
  addLesson(@Arg('input') input: AddLessonInput, @Ctx() ctx: DomainContext) {
    return payload(() => addLesson(ctx, input), (lesson) => ({ lesson }));
  }
}
