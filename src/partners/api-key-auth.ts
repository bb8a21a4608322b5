import { timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { GraphQLErrorCode, rateLimited } from '../common/errors';
import type { ApiKeyPrincipal } from '../kernel/context';
import type { TokenBuckets } from '../kernel/token-bucket';
import { hashApiKeySecret, isWellFormedApiKey } from './api-key-secret';

const NO_KEY_HASH = Buffer.alloc(32);
/** lastUsedAt is written at most this often per key and process; reads of it are informational. */
const LAST_USED_RESOLUTION_MS = 60_000;
const lastTouched = new Map<string, number>();

function invalidApiKey(): GraphQLError {
  return new GraphQLError('The API key is not valid (unknown, revoked or mistyped). Create a new one from your partner account.', {
    extensions: { code: GraphQLErrorCode.UNAUTHENTICATED, http: { status: 401 } },
  });
}

/**
 * Resolves `Authorization: Bearer kp_live_…` to its key. Unknown, revoked and
 * malformed keys take the same path (hash, one indexed lookup, a constant-time
 * compare) and get the same answer, so timing and messages tell a caller
 * nothing about which it was. Revocation applies to the next request: there
 * is no cache.
 */
export async function authenticateApiKey(db: DataSource, token: string): Promise<ApiKeyPrincipal> {
  const hash = hashApiKeySecret(token);
  const rows: Array<{ id: string; partner_id: string; scopes: string[]; secret_hash: Buffer; revoked: boolean }> = await db.query(
    'SELECT id, partner_id, scopes, secret_hash, revoked_at IS NOT NULL AS revoked FROM api_keys WHERE secret_hash = $1',
    [hash],
  );
  const row = rows[0];
  const matches = timingSafeEqual(row?.secret_hash ?? NO_KEY_HASH, hash);
  if (!isWellFormedApiKey(token) || !row || !matches || row.revoked) throw invalidApiKey();
  await touchApiKey(db, row.id);
  return { id: row.id, partnerId: row.partner_id, scopes: row.scopes };
}

async function touchApiKey(db: DataSource, id: string): Promise<void> {
  const now = Date.now();
  if (now - (lastTouched.get(id) ?? 0) < LAST_USED_RESOLUTION_MS) return;
  lastTouched.set(id, now);
  if (lastTouched.size > 10_000) lastTouched.clear();
  await db.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [id]);
}

/** Takes one request from the key's token bucket; over the limit → RATE_LIMITED (HTTP 429 with Retry-After). */
export async function chargeApiKeyRequest(buckets: TokenBuckets, key: ApiKeyPrincipal, limit: { burst: number; refillPerMinute: number }): Promise<void> {
  const { allowed, retryAfterMs } = await buckets.take(`apikey:${key.id}`, limit.burst, limit.refillPerMinute);
  if (allowed) return;
  throw rateLimited(`Rate limit for this API key reached (${limit.burst} requests in a burst, ${limit.refillPerMinute} per minute).`, retryAfterMs);
}
