import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { invalidInput } from '../common/errors';

/**
 * Single-use, expiring tokens mailed to account owners (verify an address,
 * reset a password, confirm a new address). Only a SHA-256 of the token is
 * stored; a new token of one purpose supersedes that user's open ones, and
 * redeeming marks the row used in the same statement that finds it, so a
 * token works once even when two requests race.
 */
export type AccountTokenPurpose = 'VERIFY_EMAIL' | 'RESET_PASSWORD' | 'CHANGE_EMAIL';

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest();
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export async function issueAccountToken(
  manager: EntityManager,
  issue: { userId: string; purpose: AccountTokenPurpose; email: string; ttlMinutes: number },
): Promise<string> {
  await manager.query('UPDATE account_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL', [issue.userId, issue.purpose]);
  const token = randomBytes(32).toString('base64url');
  await manager.query(
    `INSERT INTO account_tokens (user_id, purpose, token_hash, email, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5))`,
    [issue.userId, issue.purpose, hashToken(token), issue.email, issue.ttlMinutes],
  );
  return token;
}

export interface RedeemedToken {
  userId: string;
  purpose: AccountTokenPurpose;
  email: string;
}

/** Uses the token up, or fails with INVALID_INPUT on `field` when it is unknown, used, superseded or expired (one message for all). */
export async function redeemAccountToken(manager: EntityManager, purposes: AccountTokenPurpose[], token: string, field: string[]): Promise<RedeemedToken> {
  const invalid = invalidInput('This link is not valid: it was already used, has expired, or was replaced by a newer one. Ask for a new one.', field);
  if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) throw invalid;
  const [[row]]: [Array<{ user_id: string; purpose: AccountTokenPurpose; email: string }>, number] = await manager.query(
    `UPDATE account_tokens SET used_at = now() WHERE token_hash = $1 AND purpose = ANY($2) AND used_at IS NULL AND expires_at > now()
     RETURNING user_id, purpose, email`,
    [hashToken(token), purposes],
  );
  if (!row) throw invalid;
  return { userId: row.user_id, purpose: row.purpose, email: row.email };
}
