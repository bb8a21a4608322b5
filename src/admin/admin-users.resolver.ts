import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { payload } from '../common/payload';
import { seesAccount } from '../identity/account-privacy';
import { User, UserConnection, UserPayload } from '../identity/identity.types';
import { Role, UserEntity } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { searchUsers, setUserRoles } from './admin-users.service';

@Resolver(() => User)
export class AdminUsersResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Admins and the user themself; null for anyone else.' })
  email(@Root() user: UserEntity, @Ctx() ctx: DomainContext, @Info() info: GraphQLResolveInfo): string | null {
    return seesAccount(ctx, user.id, info) ? user.email : null;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the user was banned. Admins and the user themself; null for anyone else.' })
  bannedAt(@Root() user: UserEntity, @Ctx() ctx: DomainContext, @Info() info: GraphQLResolveInfo): Date | null {
    return seesAccount(ctx, user.id, info) ? user.bannedAt : null;
  }

  @Authorized(Role.ADMIN)
  @Query(() => UserConnection, { description: 'Admins: users newest first; `query` searches email, handle and display name.' })
  users(
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('query', () => String, { nullable: true }) query?: string | null,
    @Arg('role', () => Role, { nullable: true }) role?: Role | null,
  ) {
    return searchUsers(ctx, { query, role }, first, after);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => UserPayload, { description: "Admins: replace a user's roles (audited as user.roles). Admins cannot drop their own ADMIN role." })
  setUserRoles(@Arg('userId', () => ID) userId: string, @Arg('roles', () => [Role]) roles: Role[], @Ctx() ctx: DomainContext) {
    return payload(
      () => setUserRoles(ctx, userId, roles),
      (user) => ({ user }),
    );
  }
}
