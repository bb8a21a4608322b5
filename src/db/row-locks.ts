import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Reads one row by id under `SELECT … FOR UPDATE`, inside the caller's
 * transaction: whoever changes money, access or a state machine locks the
 * row first, so concurrent settlements, renewals and decisions queue up.
 */
export function lockById<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, id: string): Promise<E | null> {
  return manager.getRepository(entity).createQueryBuilder('row').setLock('pessimistic_write').where('row.id = :id', { id }).getOne();
}
