import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ErrorCode, UserFailure } from '../common/errors';

/**
 * Idempotent mutations (checkout, subscribe, sendTip): the first call with a
 * key claims it inside its transaction and stores its result there; a retry
 * with the same key and input gets that result back; the same key with other
 * input is IDEMPOTENCY_CONFLICT. Concurrent duplicates queue on the key's
 * primary key: the first commits, the others then read its result, so 20
 * simultaneous retries still make one order and one charge. A call that
 * fails rolls back and leaves the key free for a corrected retry.
 */
export interface IdempotencyScope {
  userId: string;
  operation: 'checkout' | 'subscribe' | 'sendTip';
  key: string;
}

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function requestHash(request: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(stable(request)))
    .digest('hex');
}

export function validateIdempotencyKey(key: string, field: string[]): string {
  if (typeof key !== 'string' || !/^[\x21-\x7e]{8,200}$/.test(key)) {
    throw new UserFailure(ErrorCode.INVALID_INPUT, 'idempotencyKey must be 8 to 200 printable ASCII characters without spaces (a UUID works well).', field);
  }
  return key;
}

/** Null when this call owns the key (go ahead); the stored result when it is a replay. */
export async function claimIdempotencyKey<R>(manager: EntityManager, scope: IdempotencyScope, request: unknown): Promise<R | null> {
  const hash = requestHash(request);
  const claimed: unknown[] = await manager.query(
    `INSERT INTO idempotency_keys (user_id, operation, key, request_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [scope.userId, scope.operation, scope.key, hash],
  );
  if (claimed.length) return null;
  const [row]: Array<{ request_hash: string; result: R | null }> = await manager.query(
    'SELECT request_hash, result FROM idempotency_keys WHERE user_id = $1 AND operation = $2 AND key = $3',
    [scope.userId, scope.operation, scope.key],
  );
  if (!row || row.result == null)
    throw new UserFailure(ErrorCode.CONFLICT, 'A request with this idempotencyKey is still being processed; retry shortly.', ['input', 'idempotencyKey']);
  if (row.request_hash !== hash) {
    throw new UserFailure(ErrorCode.IDEMPOTENCY_CONFLICT, 'This idempotencyKey was already used with different input; use a new key for a new request.', [
      'input',
      'idempotencyKey',
    ]);
  }
  return row.result;
}

export async function storeIdempotentResult(manager: EntityManager, scope: IdempotencyScope, result: unknown): Promise<void> {
  await manager.query('UPDATE idempotency_keys SET result = $4 WHERE user_id = $1 AND operation = $2 AND key = $3', [
    scope.userId,
    scope.operation,
    scope.key,
    JSON.stringify(result),
  ]);
}
