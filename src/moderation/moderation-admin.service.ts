import { recordAudit } from '../audit/audit-log';
import { requireRole } from '../common/auth-checker';
import { ErrorCode, invalidInput, notFound, UserFailure } from '../common/errors';
import { idOfType } from '../common/global-id';
import { CourseEntity } from '../catalog/course.entity';
import { courseById } from '../catalog/catalog.loaders';
import { lockById } from '../db/row-locks';
import { inTransaction } from '../kernel/transaction';
import { userById } from '../identity/identity.loaders';
import { Role, UserEntity } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { requireModerator } from './moderation-access';
import { reinstateCourse as reinstate, suspendCourse as suspend } from './moderation-content';
import { banUser as ban, unbanUser as unban } from './user-sanctions';

const NOTE_MAX = 1000;

function note(value: string | null | undefined): string | null {
  const text = value?.trim() ?? '';
  if ([...text].length > NOTE_MAX) throw invalidInput(`A note is at most ${NOTE_MAX} characters.`, ['note']);
  return text || null;
}

const requireAdmin = (ctx: DomainContext) => requireRole(ctx, Role.ADMIN, 'Only admins can do this.');

function userIdOf(globalId: string): string {
  const id = idOfType(globalId, 'User');
  if (!id) throw notFound('There is no such user.', ['userId']);
  return id;
}

/** Admins ban a user directly (moderators do it through a case's BAN_USER). */
export async function banUser(ctx: DomainContext, userGlobalId: string, reason: string | null | undefined): Promise<UserEntity> {
  const admin = requireAdmin(ctx);
  const userId = userIdOf(userGlobalId);
  await inTransaction(ctx, async (tx) => {
    await ban(tx.manager, { userId, actorId: admin.id, note: note(reason) });
    await tx.emit({ type: 'UserBanned', userId });
  });
  ctx.loaders.get(userById).clear(userId);
  return ctx.db.getRepository(UserEntity).findOneByOrFail({ id: userId });
}

export async function unbanUser(ctx: DomainContext, userGlobalId: string): Promise<UserEntity> {
  const admin = requireAdmin(ctx);
  const userId = userIdOf(userGlobalId);
  await inTransaction(ctx, async (tx) => {
    await unban(tx.manager, { userId, actorId: admin.id, note: null });
    await tx.emit({ type: 'UserUnbanned', userId });
  });
  ctx.loaders.get(userById).clear(userId);
  return ctx.db.getRepository(UserEntity).findOneByOrFail({ id: userId });
}

async function changeCourse(ctx: DomainContext, courseGlobalId: string, change: 'suspend' | 'reinstate', reason: string | null): Promise<CourseEntity> {
  const actor = requireModerator(ctx);
  const id = idOfType(courseGlobalId, 'Course');
  if (!id) throw notFound('There is no such course.', ['id']);
  await inTransaction(ctx, async (tx) => {
    const { manager } = tx;
    const course = await lockById(manager, CourseEntity, id);
    if (!course) throw notFound('There is no such course.', ['id']);
    if (change === 'suspend') {
      if (course.status !== 'PUBLISHED')
        throw new UserFailure(ErrorCode.CONFLICT, `Only published courses can be suspended; this one is ${course.status}.`, ['id']);
      await suspend(manager, id);
    } else {
      const [row] = await manager.query('SELECT moderation_hold AS hold FROM courses WHERE id = $1', [id]);
      if (course.status !== 'SUSPENDED')
        throw new UserFailure(ErrorCode.CONFLICT, `Only suspended courses can be reinstated; this one is ${course.status}.`, ['id']);
      if (row.hold === 'AUTHOR_BANNED')
        throw new UserFailure(ErrorCode.CONFLICT, "The course's creator is banned; unban them to bring their courses back.", ['id']);
      await reinstate(manager, id);
    }
    await recordAudit(manager, {
      actorId: actor.id,
      action: `course.${change}`,
      subjectType: 'Course',
      subjectId: id,
      data: { note: reason, title: course.title },
    });
    await tx.emit({ type: 'CourseChanged', courseId: id });
  });
  ctx.loaders.get(courseById).clear(id);
  return ctx.db.getRepository(CourseEntity).findOneByOrFail({ id });
}

export const suspendCourse = (ctx: DomainContext, id: string, reason?: string | null) => changeCourse(ctx, id, 'suspend', note(reason));
export const reinstateCourse = (ctx: DomainContext, id: string) => changeCourse(ctx, id, 'reinstate', null);
