import { RequestLoader } from '../kernel/request-loader';
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { In } from 'typeorm';
import { Course } from '../catalog/catalog.types';
import { CourseEntity } from '../catalog/course.entity';
import { oneByKey } from '../common/loader-results';
import { registerNodeType } from '../common/node';
import { connectionFrom, pageRequest } from '../common/pagination';
import { payload } from '../common/payload';
import { userById } from '../identity/identity.loaders';
import { User } from '../identity/identity.types';
import { UserEntity } from '../identity/user.entity';
import { defineLoader, DomainContext } from '../kernel/context';
import { isShownTo, shownTo } from './community-access';
import { ReviewEntity } from './review.entity';
import { rateCourse } from './review.service';
import { RateCourseInput, Review, ReviewConnection, ReviewPayload } from './review.types';

const reviewById = defineLoader(
  (ctx) =>
    new RequestLoader<string, ReviewEntity | null>(async (ids) =>
      oneByKey(await ctx.db.getRepository(ReviewEntity).findBy({ id: In([...ids]) }), ids, (r) => r.id).map((r) => (r && isShownTo(ctx, r) ? r : null)),
    ),
);

registerNodeType('Review', ReviewEntity, (ctx, id) => ctx.loaders.get(reviewById).load(id));

@Resolver(() => Review)
export class ReviewResolver {
  @FieldResolver(() => User)
  async author(@Root() review: ReviewEntity, @Ctx() ctx: DomainContext): Promise<UserEntity> {
    return (await ctx.loaders.get(userById).load(review.userId))!;
  }

  @Authorized()
  @Mutation(() => ReviewPayload, { description: "Learners with access: rate a course 1..5 (a second call updates the learner's review)." })
  rateCourse(@Arg('input') input: RateCourseInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => rateCourse(ctx, input),
      (review) => ({ review }),
    );
  }
}

@Resolver(() => Course)
export class CourseReviewsResolver {
  @FieldResolver(() => ReviewConnection)
  async reviews(
    @Root() course: CourseEntity,
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const page = pageRequest(first, after);
    const [rows, totalCount] = await ctx.db
      .getRepository(ReviewEntity)
      .createQueryBuilder('r')
      .where('r.course_id = :courseId', { courseId: course.id })
      .andWhere(shownTo(':viewer', 'r.'), { viewer: ctx.user?.id ?? null })
      .orderBy('r.created_at', 'DESC')
      .addOrderBy('r.id', 'ASC')
      .skip(page.offset)
      .take(page.limit)
      .getManyAndCount();
    return connectionFrom(rows, totalCount, page);
  }
}
