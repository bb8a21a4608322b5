import type { AuthCheckerInterface, ResolverData } from 'type-graphql';
import type { DomainContext } from '../kernel/context';
import { Role } from '../identity/user.entity';
import { forbidden, unauthenticated } from './errors';

/**
 * The one place that decides role-based permissions for `@Authorized(...)`:
 * no user → UNAUTHENTICATED; a user without any of the listed roles →
 * FORBIDDEN. Admins pass every role check. Ownership rules ("the creator of
 * this course") live in the services, next to the data they need.
 */
export class RoleAuthChecker implements AuthCheckerInterface<DomainContext, Role> {
  check({ context }: ResolverData<DomainContext>, roles: Role[]): boolean {
    const user = context.user;
    if (!user) throw context.apiKey ? apiKeyOutOfScope() : unauthenticated();
    if (roles.length === 0 || user.roles.includes(Role.ADMIN)) return true;
    if (roles.some((role) => user.roles.includes(role))) return true;
    throw forbidden(`This needs one of the roles ${roles.join(', ')}.`);
  }
}

/** A partner API key called something that only people may do. */
const apiKeyOutOfScope = () => forbidden('API keys can only call the partner API, within their scopes; sign in as a person for this.');

/** For service code: the signed-in user or UNAUTHENTICATED. */
export function requireUser(ctx: DomainContext) {
  if (!ctx.user) throw ctx.apiKey ? apiKeyOutOfScope() : unauthenticated();
  return ctx.user;
}

export function hasRole(ctx: DomainContext, role: Role): boolean {
  return !!ctx.user && (ctx.user.roles.includes(role) || ctx.user.roles.includes(Role.ADMIN));
}

/** For service code: the signed-in user when they hold `role` (admins hold every role), else FORBIDDEN. */
export function requireRole(ctx: DomainContext, role: Role, message?: string) {
  const user = requireUser(ctx);
  if (!hasRole(ctx, role)) throw forbidden(message);
  return user;
}
