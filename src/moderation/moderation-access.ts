import { hasRole, requireUser } from '../common/auth-checker';
import { forbidden } from '../common/errors';
import { Role } from '../identity/user.entity';
import type { RequestContext } from '../server/context';

/** Moderators and admins; FORBIDDEN for everyone else signed in. */
export function requireModerator(ctx: RequestContext) {
  const user = requireUser(ctx);
  if (!hasRole(ctx, Role.MODERATOR)) throw forbidden('Only moderators and admins can do this.');
  return user;
}
