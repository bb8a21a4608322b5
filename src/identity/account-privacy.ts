import type { GraphQLResolveInfo } from 'graphql';
import { hasRole } from '../common/auth-checker';
import type { DomainContext } from '../kernel/context';
import { Role } from './user.entity';

/**
 * Account facts (email, roles, ban) are the user's own business: they and
 * admins see them; anyone else gets null or an empty list. Who is an admin
 * or a moderator is no one else's to list.
 */
export function seesAccount(ctx: DomainContext, userId: string, info?: GraphQLResolveInfo): boolean {
  // `Viewer.user` is the caller by construction, also in signUp/signIn/acceptInvitation payloads, before the request carries a token.
  if (info?.path.prev?.typename === 'Viewer') return true;
  return !!ctx.user && (ctx.user.id === userId || hasRole(ctx, Role.ADMIN));
}
