import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { registerNodeType } from '../common/node';
import { payload } from '../common/payload';
import type { DomainContext } from '../kernel/context';
import { thenNow } from '../kernel/request-loader';
import { courseById, lessonById, lessonsBySectionId, sectionById } from './catalog.loaders';
import { AddLessonInput, Course, Lesson, LessonPayload, Section } from './catalog.types';
import { canSeeCourse, isCourseEditor } from './course-visibility';
import { addLesson } from './course-content.service';
import { CourseEntity } from './course.entity';
import { SectionRelease } from './curriculum.types';
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

async function withoutArchivedUnlessEditor(ctx: DomainContext, section: SectionEntity, lessons: LessonEntity[]): Promise<LessonEntity[]> {
  const course = await ctx.loaders.get(courseById).load(section.courseId);
  return course && (await isCourseEditor(ctx, course)) ? lessons : lessons.filter((l) => !l.archivedAt);
}

@Resolver(() => Section)
export class SectionResolver {
  @FieldResolver(() => [Lesson], { description: "In order; archived lessons only for the course's creator and admins." })
  lessons(@Root() section: SectionEntity, @Ctx() ctx: DomainContext): LessonEntity[] | Promise<LessonEntity[]> {
    return thenNow(ctx.loaders.now(lessonsBySectionId, section.id), (lessons) =>
      lessons.some((l) => l.archivedAt) ? withoutArchivedUnlessEditor(ctx, section, lessons) : lessons,
    );
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

  @Authorized()
  @Mutation(() => LessonPayload)
  addLesson(@Arg('input') input: AddLessonInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => addLesson(ctx, input),
      (lesson) => ({ lesson }),
    );
  }
}
