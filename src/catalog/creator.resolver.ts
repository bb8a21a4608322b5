import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { registerNodeType } from '../common/node';
import { profileByUserId, userById } from '../identity/identity.loaders';
import { Profile, User, Viewer } from '../identity/identity.types';
import { ProfileEntity } from '../identity/profile.entity';
import { Role, UserEntity } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { creatorById, creatorByUserId } from './catalog.loaders';
import { CourseConnection, CourseOrder, Creator } from './catalog.types';
import { courseConnection } from './course-listing';
import { CreatorEntity } from './creator.entity';

registerNodeType('Creator', CreatorEntity, (ctx, id) => ctx.loaders.get(creatorById).load(id));

@Resolver(() => Creator)
export class CreatorResolver {
  @Query(() => Creator, { nullable: true })
  async creator(@Arg('handle') handle: string, @Ctx() ctx: DomainContext): Promise<CreatorEntity | null> {
    if (handle.length > 60) return null;
    return ctx.db
      .getRepository(CreatorEntity)
      .createQueryBuilder('creator')
      .innerJoin('profiles', 'p', 'p.user_id = creator.user_id')
      .where('lower(p.handle) = lower(:handle)', { handle: handle.trim().replace(/^@/, '') })
      .getOne();
  }

  @FieldResolver(() => User)
  async user(@Root() creator: CreatorEntity, @Ctx() ctx: DomainContext): Promise<UserEntity> {
    return (await ctx.loaders.get(userById).load(creator.userId))!;
  }

  @FieldResolver(() => Profile)
  profile(@Root() creator: CreatorEntity, @Ctx() ctx: DomainContext): ProfileEntity | Promise<ProfileEntity> {
    // Every creator has a profile (sign-up makes it).
    return ctx.loaders.now(profileByUserId, creator.userId) as ProfileEntity | Promise<ProfileEntity>;
  }

  @FieldResolver(() => CourseConnection)
  async courses(
    @Root() creator: CreatorEntity,
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const own = !!ctx.user && (ctx.user.id === creator.userId || ctx.user.roles.includes(Role.ADMIN));
    return courseConnection(ctx, first, after, null, own ? CourseOrder.NEWEST : null, { creatorId: creator.id, includeUnpublished: own });
  }
}

@Resolver(() => Viewer)
export class ViewerCreatorResolver {
  @FieldResolver(() => Creator, { nullable: true, description: 'Present when the viewer is a creator.' })
  creator(@Root() viewer: Viewer, @Ctx() ctx: DomainContext): Promise<CreatorEntity | null> {
    return ctx.loaders.get(creatorByUserId).load(viewer.userId);
  }
}
