import { recordAudit } from '../audit/audit-log';
import { requireRole } from '../common/auth-checker';
import { badUserInput, invalidInput, notFound } from '../common/errors';
import { idOfType } from '../common/global-id';
import { Connection, connectionFrom, pageRequest } from '../common/pagination';
import { lockById } from '../db/row-locks';
import { inTransaction } from '../kernel/transaction';
import { userById } from '../identity/identity.loaders';
import { ProfileEntity } from '../identity/profile.entity';
import { Role, UserEntity } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';

const QUERY_MAX = 200;

export interface UserSearch {
  /** Part of an email, handle or display name, case-insensitive. */
  query?: string | null;
  role?: Role | null;
}

const likePattern = (text: string) => `%${text.replace(/[%_\\]/g, '\\$&')}%`;

/** Admins: users newest first, searched by email, handle or display name, optionally with one role. */
export async function searchUsers(ctx: DomainContext, search: UserSearch, first?: number | null, after?: string | null): Promise<Connection<UserEntity>> {
  requireRole(ctx, Role.ADMIN, 'Only admins manage users.');
  const page = pageRequest(first, after);
  const qb = ctx.db.getRepository(UserEntity).createQueryBuilder('u');
  const text = search.query?.trim();
  if (text) {
    if (text.length > QUERY_MAX) throw badUserInput(`"query" must be at most ${QUERY_MAX} characters.`, 'query');
    qb.leftJoin(ProfileEntity, 'p', 'p.user_id = u.id').andWhere('(u.email ILIKE :like OR p.handle ILIKE :like OR p.display_name ILIKE :like)', {
      like: likePattern(text),
    });
  }
  if (search.role) qb.andWhere(':role = ANY(u.roles)', { role: search.role });
  const [rows, totalCount] = await qb.orderBy('u.createdAt', 'DESC').addOrderBy('u.id', 'DESC').skip(page.offset).take(page.limit).getManyAndCount();
  for (const row of rows) ctx.loaders.get(userById).prime(row.id, row);
  return connectionFrom(rows, totalCount, page);
}

/**
 * Admins replace a user's roles (recorded as `user.roles` with the roles
 * before and after). Roles are read from the database on every request, so
 * the change applies to the user's next call. An admin cannot take ADMIN
 * away from themself, so the last admin cannot lock everyone out by mistake.
 */
export async function setUserRoles(ctx: DomainContext, userGlobalId: string, roles: Role[]): Promise<UserEntity> {
  const admin = requireRole(ctx, Role.ADMIN, 'Only admins manage users.');
  const userId = idOfType(userGlobalId, 'User');
  if (!userId) throw invalidInput('Not a User ID.', ['userId']);
  const wanted = [...new Set(roles)].sort();
  if (wanted.length === 0) throw invalidInput('A user keeps at least one role (LEARNER for a plain account).', ['roles']);
  if (userId === admin.id && !wanted.includes(Role.ADMIN)) {
    throw invalidInput('You cannot remove your own ADMIN role; ask another admin.', ['roles']);
  }
  return inTransaction(ctx, async ({ manager }) => {
    const user = await lockById(manager, UserEntity, userId);
    if (!user) throw notFound('There is no such user.', ['userId']);
    const before = [...user.roles].sort();
    if (before.join() !== wanted.join()) {
      await manager.query('UPDATE users SET roles = $2 WHERE id = $1', [user.id, wanted]);
      await recordAudit(manager, { actorId: admin.id, action: 'user.roles', subjectType: 'User', subjectId: user.id, data: { before, after: wanted } });
    }
    return manager.getRepository(UserEntity).findOneByOrFail({ id: user.id });
  });
}
