import { shownText } from '../common/shown-text';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { payload } from '../common/payload';
import { registerNodeType } from '../common/node';
import type { DomainContext } from '../kernel/context';
import { profileByUserId, userById } from './identity.loaders';
import * as identity from './identity.service';
import { AuthPayload, Profile, ProfilePayload, SignUpInput, UpdateProfileInput, User, Viewer } from './identity.types';
import { ProfileEntity } from './profile.entity';
import { Role, UserEntity } from './user.entity';
import { seesAccount } from './account-privacy';
import { viewerIndependent } from '../realtime/shared-execution';

registerNodeType('User', UserEntity, (ctx, id) => ctx.loaders.get(userById).load(id));

// The same for every viewer (roles, email and a held bio are not): shared subscription executions may select them.
viewerIndependent('User', ['id', 'createdAt', 'profile']);
viewerIndependent('Profile', ['handle', 'displayName', 'avatarUrl']);

@Resolver(() => User)
export class UserResolver {
  @FieldResolver(() => [Role], { description: 'The user themself and admins; an empty list for anyone else.' })
  roles(@Root() user: UserEntity, @Ctx() ctx: DomainContext, @Info() info: GraphQLResolveInfo): Role[] {
    return seesAccount(ctx, user.id, info) ? user.roles : [];
  }

  @FieldResolver(() => Profile)
  async profile(@Root() user: UserEntity, @Ctx() ctx: DomainContext): Promise<ProfileEntity> {
    const profile = await ctx.loaders.get(profileByUserId).load(user.id);
    if (!profile) throw new Error(`user ${user.id} has no profile`);
    return profile;
  }
}

/** The bio passes moderation: held bios show to their author only, removed ones are null. */
@Resolver(() => Profile)
export class ProfileResolver {
  @FieldResolver(() => String, { nullable: true })
  bio(@Root() profile: ProfileEntity, @Ctx() ctx: DomainContext): string | null {
    return shownText(ctx, profile.bio, profile.bioVisibility, profile.userId);
  }
}

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, { nullable: true, description: 'Null when not signed in.' })
  viewer(@Ctx() ctx: DomainContext): Viewer | null {
    return ctx.user ? { userId: ctx.user.id } : null;
  }

  @FieldResolver(() => User)
  async user(@Root() viewer: Viewer, @Ctx() ctx: DomainContext): Promise<UserEntity> {
    const user = await ctx.loaders.get(userById).load(viewer.userId);
    if (!user) throw new Error(`viewer ${viewer.userId} vanished`);
    return user;
  }
}

@Resolver()
export class IdentityMutations {
  @Mutation(() => AuthPayload)
  signUp(@Arg('input') input: SignUpInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => identity.signUp(ctx, input),
      ({ token, userId }) => ({ token, viewer: { userId } }),
    );
  }

  @Mutation(() => AuthPayload)
  signIn(@Arg('email') email: string, @Arg('password') password: string, @Ctx() ctx: DomainContext) {
    return payload(
      () => identity.signIn(ctx, email, password),
      ({ token, userId }) => ({ token, viewer: { userId } }),
    );
  }

  @Authorized()
  @Mutation(() => ProfilePayload)
  updateProfile(@Arg('input') input: UpdateProfileInput, @Ctx() ctx: DomainContext) {
    return payload(
      () => identity.updateProfile(ctx, input),
      (profile) => ({ profile }),
    );
  }
}
