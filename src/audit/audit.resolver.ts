import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { hasRole } from '../common/auth-checker';
import { isUuid, toGlobalId } from '../common/global-id';
import { registerNodeType } from '../common/node';
import { userById } from '../identity/identity.loaders';
import { User } from '../identity/identity.types';
import { Role, type UserEntity } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { AuditEntryEntity } from './audit-entry.entity';
import { auditLogPage } from './audit.service';
import { AuditEntry, AuditEntryConnection } from './audit.types';

registerNodeType('AuditEntry', AuditEntryEntity, async (ctx, id) =>
  hasRole(ctx, Role.ADMIN) ? ctx.db.getRepository(AuditEntryEntity).findOneBy({ id }) : null,
);

@Resolver(() => AuditEntry)
export class AuditEntryResolver {
  @FieldResolver(() => User, { nullable: true })
  async actor(@Root() entry: AuditEntryEntity, @Ctx() ctx: DomainContext): Promise<UserEntity | null> {
    return entry.actorId ? ctx.loaders.get(userById).load(entry.actorId) : null;
  }

  @FieldResolver(() => ID, { description: "The subject's global ID (its raw id when the subject is not a node)." })
  subjectId(@Root() entry: AuditEntryEntity): string {
    return isUuid(entry.subjectId) ? toGlobalId(entry.subjectType, entry.subjectId) : entry.subjectId;
  }

  @FieldResolver(() => String, { nullable: true, description: 'JSON with the details of the action (note, before and after, …).' })
  data(@Root() entry: AuditEntryEntity): string | null {
    return entry.data == null ? null : JSON.stringify(entry.data);
  }

  @Authorized('ADMIN')
  @Query(() => AuditEntryConnection, { description: 'Admins. Newest first; `action` may end in ".*" to match a prefix.' })
  auditLog(
    @Ctx() ctx: DomainContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('action', () => String, { nullable: true }) action?: string | null,
    @Arg('subjectId', () => ID, { nullable: true }) subjectId?: string | null,
  ) {
    return auditLogPage(ctx, { action, subjectId }, first, after);
  }
}
