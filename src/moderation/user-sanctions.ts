import type { EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import { ErrorCode, forbidden, notFound, UserFailure } from '../common/errors';
import { Role } from '../identity/user.entity';
import { setAuthorBanned } from './moderation-content';

export interface Sanction {
  userId: string;
  actorId: string;
  note: string | null;
  caseId?: string | null;
}

/**
 * A ban takes effect at once: the user's token version moves on (every token
 * issued before stops working), sign-in is refused with a clear message, and
 * everything they wrote that was visible is hidden (restored on unban).
 * Admins cannot be banned; demote them first.
 */
export async function banUser(manager: EntityManager, sanction: Sanction): Promise<void> {
  const [user] = await manager.query('SELECT roles, banned_at AS "bannedAt" FROM users WHERE id = $1 FOR UPDATE', [sanction.userId]);
  if (!user) throw notFound('There is no such user.', ['userId']);
  if ((user.roles as Role[]).includes(Role.ADMIN)) throw forbidden('Admins cannot be banned; remove the ADMIN role first.');
  if (user.bannedAt) throw new UserFailure(ErrorCode.CONFLICT, 'This user is already banned.', ['userId']);
  if (sanction.userId === sanction.actorId) throw forbidden('You cannot ban yourself.');
  await manager.query('UPDATE users SET banned_at = now(), token_version = token_version + 1 WHERE id = $1', [sanction.userId]);
  await setAuthorBanned(manager, sanction.userId, true);
  await record(manager, 'BAN', sanction);
}

export async function unbanUser(manager: EntityManager, sanction: Sanction): Promise<void> {
  const [user] = await manager.query('SELECT banned_at AS "bannedAt" FROM users WHERE id = $1 FOR UPDATE', [sanction.userId]);
  if (!user) throw notFound('There is no such user.', ['userId']);
  if (!user.bannedAt) throw new UserFailure(ErrorCode.CONFLICT, 'This user is not banned.', ['userId']);
  await manager.query('UPDATE users SET banned_at = NULL WHERE id = $1', [sanction.userId]);
  await setAuthorBanned(manager, sanction.userId, false);
  await record(manager, 'UNBAN', sanction);
}

export async function warnUser(manager: EntityManager, sanction: Sanction): Promise<void> {
  await record(manager, 'WARN', sanction);
}

async function record(manager: EntityManager, kind: 'WARN' | 'BAN' | 'UNBAN', sanction: Sanction): Promise<void> {
  await manager.query('INSERT INTO user_sanctions (user_id, kind, case_id, note, created_by) VALUES ($1, $2, $3, $4, $5)', [
    sanction.userId,
    kind,
    sanction.caseId ?? null,
    sanction.note,
    sanction.actorId,
  ]);
  await recordAudit(manager, {
    actorId: sanction.actorId,
    action: `user.${kind.toLowerCase()}`,
    subjectType: 'User',
    subjectId: sanction.userId,
    data: { note: sanction.note, caseId: sanction.caseId ?? null },
  });
}
