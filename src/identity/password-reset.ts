import type { EntityManager } from 'typeorm';
import { invalidInput } from '../common/errors';
import { requireUser } from '../common/auth-checker';
import type { DomainContext } from '../kernel/context';
import { inTransaction } from '../kernel/transaction';
import { accountLink, mailUser } from './account-mail';
import { issueAccountToken, redeemAccountToken } from './account-tokens';
import { issueToken } from './auth-token';
import type { SignedIn } from './identity.service';
import { checkPassword } from './identity.validation';
import { hashPassword, verifyPassword } from './password';

/**
 * Forgotten and changed passwords. A reset request answers the same for
 * every address (no account enumeration; the throttles count it like a
 * sign-in); the mailed link works once and expires. Setting a password
 * moves the token version on: every session issued before stops working,
 * and the caller gets a fresh token.
 */
export const RESET_LINK_PATH = '/account/reset-password';

export async function requestPasswordReset(ctx: DomainContext, emailInput: string): Promise<true> {
  const email = String(emailInput ?? '')
    .trim()
    .toLowerCase();
  if (email.length === 0 || email.length > 254 || email.includes('\u0000')) return true; // no account has such an address
  await inTransaction(ctx, async ({ manager }) => {
    const [user]: Array<{ id: string; email: string }> = await manager.query(
      'SELECT id, email FROM users WHERE lower(email) = $1 AND deleted_at IS NULL AND banned_at IS NULL',
      [email],
    );
    if (!user) return;
    const minutes = ctx.config.accounts.passwordResetTtlMinutes;
    const token = await issueAccountToken(manager, { userId: user.id, purpose: 'RESET_PASSWORD', email: user.email, ttlMinutes: minutes });
    await mailUser(ctx, manager, user.id, 'password-reset', { url: accountLink(ctx.config, RESET_LINK_PATH, token), minutes });
  });
  return true;
}

export async function resetPassword(ctx: DomainContext, token: string, newPassword: string): Promise<SignedIn> {
  checkPassword(newPassword, ['newPassword']);
  const passwordHash = await hashPassword(newPassword);
  return inTransaction(ctx, async ({ manager }) => {
    const redeemed = await redeemAccountToken(manager, ['RESET_PASSWORD'], token, ['token']);
    // The link reached the inbox, so it also proves the address (when the account still uses it).
    const [[user]]: [Array<{ id: string; token_version: number }>, number] = await manager.query(
      `UPDATE users SET password_hash = $2, token_version = token_version + 1,
              email_verified_at = CASE WHEN lower(email) = lower($3) THEN coalesce(email_verified_at, now()) ELSE email_verified_at END
        WHERE id = $1 AND deleted_at IS NULL AND banned_at IS NULL RETURNING id, token_version`,
      [redeemed.userId, passwordHash, redeemed.email],
    );
    if (!user) throw invalidInput('This account can no longer sign in.', ['token']);
    return passwordChanged(ctx, manager, user);
  });
}

/** Needs the current password; signs out every other session (this one gets the new token). */
export async function changePassword(ctx: DomainContext, currentPassword: string, newPassword: string): Promise<SignedIn> {
  const caller = requireUser(ctx);
  checkPassword(newPassword, ['newPassword']);
  const [row]: Array<{ password_hash: string | null }> = await ctx.db.query('SELECT password_hash FROM users WHERE id = $1', [caller.id]);
  if (!(await verifyPassword(currentPassword.slice(0, 1024), row?.password_hash)))
    throw invalidInput('The current password is incorrect.', ['currentPassword']);
  const passwordHash = await hashPassword(newPassword);
  return inTransaction(ctx, async ({ manager }) => {
    const [[user]]: [Array<{ id: string; token_version: number }>, number] = await manager.query(
      'UPDATE users SET password_hash = $2, token_version = token_version + 1 WHERE id = $1 RETURNING id, token_version',
      [caller.id, passwordHash],
    );
    return passwordChanged(ctx, manager, user);
  });
}

/** After a new password is stored (and the token version moved on): open reset links retire, the owner is told by mail, this session gets a fresh token. */
async function passwordChanged(ctx: DomainContext, manager: EntityManager, user: { id: string; token_version: number }): Promise<SignedIn> {
  await manager.query(`UPDATE account_tokens SET used_at = now() WHERE user_id = $1 AND purpose = 'RESET_PASSWORD' AND used_at IS NULL`, [user.id]);
  await mailUser(ctx, manager, user.id, 'password-changed', {});
  return { userId: user.id, token: issueToken({ id: user.id, tokenVersion: user.token_version }, ctx.config.jwtSecret, ctx.config.jwtTtlSeconds) };
}
