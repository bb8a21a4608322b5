import { thenNow } from '../kernel/request-loader';
import { Arg, Authorized, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../common/errors';
import { idOfType } from '../common/global-id';
import { registerNodeType } from '../common/node';
import { payload } from '../common/payload';
import type { DomainContext } from '../kernel/context';
import { categoriesByCourseId, courseById, creatorById, lessonTotalsByCourseId, sectionsByCourseId } from './catalog.loaders';
import { CategoryEntity } from './category.entity';
import {
  AddSectionInput,
  Category,
  Course,
  CourseConnection,
  CourseFilter,
  CourseOrder,
  CoursePayload,
  CreateCourseInput,
  Creator,
  Section,
  UpdateCourseInput,
} from './catalog.types';
import { canSeeCourse } from './course-visibility';
import * as content from './course-content.service';
import { courseBySlug, courseConnection } from './course-listing';
import * as courses from './course.service';
import { CourseEntity } from './course.entity';
import { CreatorEntity } from './creator.entity';
import { SectionEntity } from './section.entity';

registerNodeType('Course', CourseEntity, async (ctx, id) => {
  const course = await ctx.loaders.get(courseById).load(id);
  return course && (await canSeeCourse(ctx, course)) ? course : null;
});

@Resolver(() => Course)
export class CourseResolver {
  @Query(() => Course, { nullable: true })
  async course(
    @Ctx() ctx: DomainContext,
    @Arg('id', () => ID, { nullable: true }) id?: string | null,
    @Arg('slug', () => String, { nullable: true }) slug?: string | null,
  ): Promise<CourseEntity | null> {
    if ((id == null) === (slug == null)) throw badUserInput('Pass exactly one of "id" or "slug".');
    let course: CourseEntity | null = null;
    if (id != null) {
      const raw = idOfType(id, 'Course');
      course = raw ? await ctx.loaders.get(courseById).load(raw) : null;
    } else if (slug!.length <= 200 && !slug!.includes('\u0000')) {
      // PostgreSQL text cannot hold NUL: no course has one
      course = await courseBySlug(ctx, slug!.trim().toLowerCase());
    }
    return course && (await canSeeCourse(ctx, course)) ? course : null;
  }

  @Query(() => CourseConnection)
  async courses(
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('filter', () => CourseFilter, { nullable: true }) filter?: CourseFilter | null,
    @Arg('orderBy', () => CourseOrder, { nullable: true }) orderBy?: CourseOrder | null,
  ) {
    return courseConnection(ctx, first, after, filter, orderBy);
  }

  @FieldResolver(() => Creator)
  creator(@Root() course: CourseEntity, @Ctx() ctx: DomainContext): CreatorEntity | Promise<CreatorEntity> {
    // A course's creator always exists (a foreign key).
    return ctx.loaders.now(creatorById, course.creatorId) as CreatorEntity | Promise<CreatorEntity>;
  }

  @FieldResolver(() => [Category])
  categories(@Root() course: CourseEntity, @Ctx() ctx: DomainContext): CategoryEntity[] | Promise<CategoryEntity[]> {
    return ctx.loaders.now(categoriesByCourseId, course.id);
  }

  @FieldResolver(() => [Section])
  sections(@Root() course: CourseEntity, @Ctx() ctx: DomainContext): SectionEntity[] | Promise<SectionEntity[]> {
    return ctx.loaders.now(sectionsByCourseId, course.id);
  }

  @FieldResolver(() => Int)
  lessonCount(@Root() course: CourseEntity, @Ctx() ctx: DomainContext): number | Promise<number> {
    return thenNow(ctx.loaders.now(lessonTotalsByCourseId, course.id), (totals) => totals.lessonCount);
  }

  @FieldResolver(() => Int)
  totalDurationSeconds(@Root() course: CourseEntity, @Ctx() ctx: DomainContext): number | Promise<number> {
    return thenNow(ctx.loaders.now(lessonTotalsByCourseId, course.id), (totals) => totals.totalDurationSeconds);
  }

  @FieldResolver(() => Float, { nullable: true })
  ratingAverage(@Root() course: CourseEntity): number | null {
    return course.ratingCount === 0 ? null : Math.round((course.ratingSum / course.ratingCount) * 100) / 100;
  }

  @Authorized()
  @Mutation(() => CoursePayload)
  createCourse(@Arg('input') input: CreateCourseInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => courses.createCourse(ctx, input),
      (course) => ({ course }),
    );
  }

  @Authorized()
  @Mutation(() => CoursePayload)
  updateCourse(@Arg('input') input: UpdateCourseInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => courses.updateCourse(ctx, input),
      (course) => ({ course }),
    );
  }

  @Authorized()
  @Mutation(() => CoursePayload)
  addSection(@Arg('input') input: AddSectionInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => content.addSection(ctx, input),
      (course) => ({ course }),
    );
  }

  @Authorized()
  @Mutation(() => CoursePayload)
  publishCourse(@Arg('id', () => ID) id: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => courses.publishCourse(ctx, id),
      (course) => ({ course }),
    );
  }

  @Authorized()
  @Mutation(() => CoursePayload)
  archiveCourse(@Arg('id', () => ID) id: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => courses.archiveCourse(ctx, id),
      (course) => ({ course }),
    );
  }
}
