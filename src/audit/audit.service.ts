import { requireRole } from '../common/auth-checker';
import { parseGlobalId } from '../common/global-id';
import { connectionFrom, pageRequest } from '../common/pagination';
import { Role } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';
import { AuditEntryEntity } from './audit-entry.entity';

export interface AuditLogFilter {
  action?: string | null;
  /** A global ID (or a raw id, for subjects that are not nodes). */
  subjectId?: string | null;
}

/**
 * Admins read the log newest first, optionally narrowed to one action (or an
 * action prefix such as "moderation.*") and one subject.
 */
export async function auditLogPage(ctx: DomainContext, filter: AuditLogFilter, first?: number | null, after?: string | null) {
  requireRole(ctx, Role.ADMIN, 'Only admins read the audit log.');
  const page = pageRequest(first, after);
  const query = ctx.db.getRepository(AuditEntryEntity).createQueryBuilder('a');
  const action = filter.action?.trim();
  if (action) {
    if (action.endsWith('.*')) query.andWhere('a.action LIKE :prefix', { prefix: `${action.slice(0, -1).replace(/[%_\\]/g, '\\$&')}%` });
    else query.andWhere('a.action = :action', { action });
  }
  if (filter.subjectId) {
    const parsed = parseGlobalId(filter.subjectId);
    if (parsed) query.andWhere('a.subject_id = :subject AND a.subject_type = :type', { subject: parsed.id, type: parsed.type });
    else query.andWhere('a.subject_id = :subject', { subject: filter.subjectId });
  }
  const [rows, totalCount] = await query.orderBy('a.seq', 'DESC').skip(page.offset).take(page.limit).getManyAndCount();
  return connectionFrom(rows, totalCount, page);
}
