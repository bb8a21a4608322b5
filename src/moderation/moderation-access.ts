import { requireRole } from '../common/auth-checker';
import { Role } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';

/** Moderators and admins; FORBIDDEN for everyone else signed in. */
export const requireModerator = (ctx: DomainContext) => requireRole(ctx, Role.MODERATOR, 'Only moderators and admins can do this.');
