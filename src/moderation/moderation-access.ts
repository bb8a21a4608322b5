import { requireRole } from '../common/auth-checker';
import { Role } from '../identity/user.entity';
import type { RequestContext } from '../kernel/context';

/** Moderators and admins; FORBIDDEN for everyone else signed in. */
export const requireModerator = (ctx: RequestContext) => requireRole(ctx, Role.MODERATOR, 'Only moderators and admins can do this.');
