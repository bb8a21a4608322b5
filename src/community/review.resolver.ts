import DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { In } from 'typeorm';
import { Course } from '../catalog/catalog.types';
import { CourseEntity } from '../catalog/course.entity';
import { oneByKey } from '../common/loader-results';
import { registerNodeType } from '../common/node';
import { connectionFrom, pageRequest } from '../common/pagination';
import { userById } from '../identity/identity.loaders';
import { User } from '../identity/identity.types';
import { UserEntity } from '../identity/user.entity';
import { defineLoader, RequestContext } from '../server/context';
import { ReviewEntity, Visibility } from './review.entity';
import { Review, ReviewConnection } from './review.types';

const reviewById = defineLoader((ctx) =>
  new DataLoader<string, ReviewEntity | null>(async (ids) =>
    oneByKey(await ctx.db.getRepository(ReviewEntity).findBy({ id: In([...ids]), visibility: Visibility.VISIBLE }), ids, (r) => r.id)));

registerNodeType('Review', ReviewEntity, (ctx, id) => ctx.loaders.get(reviewById).load(id));

@Resolver(() => Review)
export class ReviewResolver {
  @FieldResolver(() => User)
  async author(@Root() review: ReviewEntity, @Ctx() ctx: RequestContext): Promise<UserEntity> {
    return (await ctx.loaders.get(userById).load(review.userId))!;
  }
}

@Resolver(() => Course)
export class CourseReviewsResolver {
  @FieldResolver(() => ReviewConnection)
  async reviews(
    @Root() course: CourseEntity,
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const page = pageRequest(first, after);
    const [rows, totalCount] = await ctx.db.getRepository(ReviewEntity).findAndCount({
      where: { courseId: course.id, visibility: Visibility.VISIBLE }, order: { createdAt: 'DESC', id: 'ASC' }, skip: page.offset, take: page.limit,
    });
    return connectionFrom(rows, totalCount, page);
  }
}
