import type { EntityManager } from 'typeorm';

export interface AuditRecord {
  /** Who acted; null for the system (a job, a webhook). */
  actorId: string | null;
  /** Dotted and lowercase: moderation.resolve, refund.approve, user.roles, course.suspend, apikey.create, … */
  action: string;
  /** The GraphQL type of what was acted on (Course, Refund, User, ModerationCase, …). */
  subjectType: string;
  /** Its raw id. */
  subjectId: string;
  data?: Record<string, unknown>;
}

/**
 * Appends one entry to the audit log. Call it with the transaction's manager
 * of the change it records, so the entry exists exactly when the change does.
 */
export async function recordAudit(manager: EntityManager, entry: AuditRecord): Promise<void> {
  await manager.query('INSERT INTO audit_entries (actor_id, action, subject_type, subject_id, data) VALUES ($1, $2, $3, $4, $5)', [
    entry.actorId,
    entry.action,
    entry.subjectType,
    entry.subjectId,
    entry.data === undefined ? null : JSON.stringify(entry.data),
  ]);
}
