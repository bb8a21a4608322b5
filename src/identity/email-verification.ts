import type { EntityManager } from 'typeorm';
import { alreadyExists, ErrorCode, invalidInput, UserFailure } from '../common/errors';
import { requireUser } from '../common/auth-checker';
import type { DomainContext } from '../kernel/context';
import { inTransaction } from '../kernel/transaction';
import { accountLink, mailUser } from './account-mail';
import { issueAccountToken, redeemAccountToken } from './account-tokens';
import { userById } from './identity.loaders';
import { normalizeEmail } from './identity.validation';
import { verifyPassword } from './password';

/**
 * Email verification. A new account can browse and buy at once; starting a
 * free trial, posting in chat and becoming a creator wait until its owner
 * follows the link mailed to them (requireVerifiedEmail, EMAIL_NOT_VERIFIED).
 * A change of address takes effect only when the new address confirms it.
 */
export const VERIFY_LINK_PATH = '/account/verify-email';

export async function requireVerifiedEmail(ctx: Pick<DomainContext, 'db'>, userId: string, manager?: EntityManager): Promise<void> {
  const [user]: Array<{ verified: boolean }> = await (manager ?? ctx.db).query('SELECT email_verified_at IS NOT NULL AS verified FROM users WHERE id = $1', [
    userId,
  ]);
  if (user?.verified) return;
  throw new UserFailure(ErrorCode.EMAIL_NOT_VERIFIED, 'Verify your email address first: follow the link we mailed you (resendVerification sends a new one).');
}

/** Mails a verification link for the user's current address; inside the transaction that needs it (sign-up, resend). */
export async function sendVerification(ctx: DomainContext, manager: EntityManager, userId: string, email: string): Promise<void> {
  const hours = ctx.config.accounts.verifyEmailTtlHours;
  const token = await issueAccountToken(manager, { userId, purpose: 'VERIFY_EMAIL', email, ttlMinutes: hours * 60 });
  await mailUser(ctx, manager, userId, 'verify-email', { url: accountLink(ctx.config, VERIFY_LINK_PATH, token), hours });
}

export async function resendVerification(ctx: DomainContext): Promise<true> {
  const user = requireUser(ctx);
  await inTransaction(ctx, async ({ manager }) => {
    const [row]: Array<{ email: string; verified: boolean }> = await manager.query(
      'SELECT email, email_verified_at IS NOT NULL AS verified FROM users WHERE id = $1 FOR UPDATE',
      [user.id],
    );
    if (row.verified) throw new UserFailure(ErrorCode.CONFLICT, 'Your email address is already verified.');
    await sendVerification(ctx, manager, user.id, row.email);
  });
  return true;
}

/** Follows a link from a verification or change-of-address mail; needs no session (the link is the proof). */
export async function verifyEmail(ctx: DomainContext, token: string): Promise<string> {
  return inTransaction(ctx, async ({ manager }) => {
    const redeemed = await redeemAccountToken(manager, ['VERIFY_EMAIL', 'CHANGE_EMAIL'], token, ['token']);
    const [user]: Array<{ email: string }> = await manager.query('SELECT email FROM users WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [redeemed.userId]);
    if (!user) throw invalidInput('This account no longer exists.', ['token']);
    if (redeemed.purpose === 'VERIFY_EMAIL') {
      if (user.email.toLowerCase() !== redeemed.email.toLowerCase()) throw invalidInput('This link verifies an address the account no longer uses.', ['token']);
      await manager.query('UPDATE users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1', [redeemed.userId]);
    } else {
      const taken = await manager.query('SELECT 1 FROM users WHERE lower(email) = lower($1) AND id <> $2', [redeemed.email, redeemed.userId]);
      if (taken.length) throw alreadyExists('Another account uses this address now; ask for the change again with a different one.', ['token']);
      await manager.query('UPDATE users SET email = $2, email_verified_at = now() WHERE id = $1', [redeemed.userId, redeemed.email]);
      // Links sent to the old address (a reset, a verification) must not act on the account any more.
      await manager.query(`UPDATE account_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [redeemed.userId]);
    }
    ctx.loaders.get(userById).clear(redeemed.userId);
    return redeemed.email;
  });
}

/** Asks to sign in with another address: the current password proves it is the owner, a link to the new address makes it so. */
export async function changeEmail(ctx: DomainContext, newEmailInput: string, currentPassword: string): Promise<true> {
  const user = requireUser(ctx);
  const newEmail = normalizeEmail(newEmailInput, ['newEmail']);
  const [row]: Array<{ email: string; password_hash: string | null }> = await ctx.db.query('SELECT email, password_hash FROM users WHERE id = $1', [user.id]);
  if (!(await verifyPassword(currentPassword.slice(0, 1024), row.password_hash))) throw invalidInput('The current password is incorrect.', ['currentPassword']);
  if (row.email.toLowerCase() === newEmail) throw invalidInput('This is already your email address.', ['newEmail']);
  const taken = await ctx.db.query('SELECT 1 FROM users WHERE lower(email) = $1', [newEmail]);
  if (taken.length) throw alreadyExists('Another account uses this address.', ['newEmail']);
  const hours = ctx.config.accounts.verifyEmailTtlHours;
  await inTransaction(ctx, async ({ manager }) => {
    const token = await issueAccountToken(manager, { userId: user.id, purpose: 'CHANGE_EMAIL', email: newEmail, ttlMinutes: hours * 60 });
    await mailUser(ctx, manager, user.id, 'change-email', { url: accountLink(ctx.config, VERIFY_LINK_PATH, token), hours, newEmail }, { to: newEmail });
  });
  return true;
}
