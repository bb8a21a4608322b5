import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Float, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../common/errors';
import { idOfType } from '../common/global-id';
import { Money } from '../common/money';
import { registerNodeType } from '../common/node';
import { payload } from '../common/payload';
import { plansByCourseId } from '../commerce/membership-plan.loaders';
import { recordCoursePageImpression } from '../ml/pricing/price-impressions';
import type { DomainContext } from '../kernel/context';
import { categoriesByCourseId, courseById, creatorById, lessonTotalsByCourseId, sectionsByCourseId } from './catalog.loaders';
import { CategoryEntity } from './category.entity';
import {
  AddSectionInput, Category, Course, CourseConnection, CourseFilter, CourseOrder, CoursePayload, CreateCourseInput, Creator, Offer, OfferKind, Section,
  UpdateCourseInput,
} from './catalog.types';
import { canSeeCourse, courseAccess } from './course-access.service';
import * as content from './course-content.service';
import { courseConnection } from './course-listing';
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
    } else if (slug!.length <= 200) {
      course = await ctx.db.getRepository(CourseEntity).findOneBy({ slug: slug!.trim().toLowerCase() });
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
  async creator(@Root() course: CourseEntity, @Ctx() ctx: DomainContext): Promise<CreatorEntity> {
    return (await ctx.loaders.get(creatorById).load(course.creatorId))!;
  }

  @FieldResolver(() => [Category])
  categories(@Root() course: CourseEntity, @Ctx() ctx: DomainContext): Promise<CategoryEntity[]> {
    return ctx.loaders.get(categoriesByCourseId).load(course.id);
  }

  @FieldResolver(() => [Section])
  sections(@Root() course: CourseEntity, @Ctx() ctx: DomainContext): Promise<SectionEntity[]> {
    return ctx.loaders.get(sectionsByCourseId).load(course.id);
  }

  @FieldResolver(() => Int)
  async lessonCount(@Root() course: CourseEntity, @Ctx() ctx: DomainContext): Promise<number> {
    return (await ctx.loaders.get(lessonTotalsByCourseId).load(course.id)).lessonCount;
  }

  @FieldResolver(() => Int)
  async totalDurationSeconds(@Root() course: CourseEntity, @Ctx() ctx: DomainContext): Promise<number> {
    return (await ctx.loaders.get(lessonTotalsByCourseId).load(course.id)).totalDurationSeconds;
  }

  @FieldResolver(() => [Offer], { description: 'Ways to get access: one-time price, included plans, free.' })
  async offers(@Root() course: CourseEntity, @Ctx() ctx: DomainContext, @Info() info: GraphQLResolveInfo): Promise<Offer[]> {
    // Pricing evidence: the one-time price seen on a single-course page (not in lists).
    const recorded = recordCoursePageImpression(ctx, info, course);
    const offers: Offer[] = [];
    if (course.priceAmount == null) offers.push({ kind: OfferKind.FREE, price: null, courseId: course.id });
    else offers.push({ kind: OfferKind.ONE_TIME, price: Money.of({ amount: course.priceAmount, currency: course.priceCurrency! }), courseId: course.id });
    for (const plan of await ctx.loaders.get(plansByCourseId).load(course.id)) {
      offers.push({ kind: OfferKind.MEMBERSHIP, price: Money.of({ amount: plan.priceAmount, currency: plan.priceCurrency }), planId: plan.id, courseId: course.id });
    }
    await recorded;
    return offers;
  }

  @FieldResolver(() => Float, { nullable: true })
  ratingAverage(@Root() course: CourseEntity): number | null {
    return course.ratingCount === 0 ? null : Math.round((course.ratingSum / course.ratingCount) * 100) / 100;
  }

  @FieldResolver(() => Boolean, { description: 'True when the viewer may open every lesson.' })
  async viewerHasAccess(@Root() course: CourseEntity, @Ctx() ctx: DomainContext): Promise<boolean> {
    return (await courseAccess(ctx, course)) !== null;
  }

  @Authorized()
  @Mutation(() => CoursePayload)
  createCourse(@Arg('input') input: CreateCourseInput, @Ctx() ctx: DomainContext) {
    return payload(() => courses.createCourse(ctx, input), (course) => ({ course }));
  }

  @Authorized()
  @Mutation(() => CoursePayload)
  updateCourse(@Arg('input') input: UpdateCourseInput, @Ctx() ctx: DomainContext) {
    return payload(() => courses.updateCourse(ctx, input), (course) => ({ course }));
  }

  @Authorized()
  @Mutation(() => CoursePayload)
  addSection(@Arg('input') input: AddSectionInput, @Ctx() ctx: DomainContext) {
    return payload(() => content.addSection(ctx, input), (course) => ({ course }));
  }

  @Authorized()
  @Mutation(() => CoursePayload)
  publishCourse(@Arg('id', () => ID) id: string, @Ctx() ctx: DomainContext) {
    return payload(() => courses.publishCourse(ctx, id), (course) => ({ course }));
  }

  @Authorized()
  @Mutation(() => CoursePayload)
  archiveCourse(@Arg('id', () => ID) id: string, @Ctx() ctx: DomainContext) {
    return payload(() => courses.archiveCourse(ctx, id), (course) => ({ course }));
  }
}
