import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ErrorCode, invalidInput, UserFailure } from '../common/errors';
import { inTransaction } from '../kernel/transaction';
import { accountLink, mailUser } from '../identity/account-mail';
import { issueToken } from '../identity/auth-token';
import { checkPassword, handleFrom } from '../identity/identity.validation';
import { hashPassword } from '../identity/password';
import type { DomainContext } from '../kernel/context';

/**
 * Customers that partners bring: found by email, or created without a
 * password plus a one-time set-password invitation. Only a hash of the
 * invitation token is stored; the token goes to the partner once, to pass
 * on, and acceptInvitation redeems it for a password and a session.
 */
export interface Customer {
  userId: string;
  /** Set when the customer still has to choose a password (new, or never accepted an earlier invitation). */
  invitationToken: string | null;
}

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** Where the invitation mail's link leads (the storefront's set-password page, which calls acceptInvitation). */
export const INVITATION_LINK_PATH = '/account/accept-invitation';

export async function findOrInviteCustomer(
  ctx: DomainContext,
  manager: EntityManager,
  email: string,
  invitation: { partnerId: string | null; ttlHours: number },
): Promise<Customer> {
  const local = email.split('@')[0].slice(0, 80) || 'learner';
  const handle = `${handleFrom(local, email).slice(0, 20)}-${randomBytes(3).toString('hex')}`;
  const created: Array<{ id: string }> = await manager.query(
    `INSERT INTO users (email, password_hash, roles, token_version) VALUES ($1, NULL, '{LEARNER}', 0)
     ON CONFLICT (lower(email)) DO NOTHING RETURNING id`,
    [email],
  );
  if (created.length) {
    await manager.query('INSERT INTO profiles (user_id, handle, display_name, interests) VALUES ($1, $2, $3, $4)', [created[0].id, handle, local, []]);
  }
  const [user]: Array<{ id: string; has_password: boolean; banned: boolean }> = await manager.query(
    'SELECT id, password_hash IS NOT NULL AS has_password, banned_at IS NOT NULL AS banned FROM users WHERE lower(email) = $1',
    [email],
  );
  if (user.banned) throw new UserFailure(ErrorCode.NOT_ENTITLED, 'This customer account is banned.', ['input', 'email']);
  if (user.has_password) return { userId: user.id, invitationToken: null };
  const token = randomBytes(32).toString('base64url');
  await manager.query(`INSERT INTO user_invitations (user_id, token_hash, partner_id, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))`, [
    user.id,
    hashToken(token),
    invitation.partnerId,
    invitation.ttlHours,
  ]);
  // The customer hears of it by mail too, not only if the partner passes the token on.
  const [partner]: Array<{ name: string }> = invitation.partnerId ? await manager.query('SELECT name FROM partners WHERE id = $1', [invitation.partnerId]) : [];
  await mailUser(ctx, manager, user.id, 'invitation', {
    url: accountLink(ctx.config, INVITATION_LINK_PATH, token),
    from: partner?.name ?? null,
    hours: invitation.ttlHours,
  });
  return { userId: user.id, invitationToken: token };
}

const INVALID_INVITATION = 'This invitation is not valid: it was already used, has expired, or was mistyped. Ask for a new one.';

/** Redeems an invitation: sets the password, uses up every open invitation of that user, signs them in. */
export async function acceptInvitation(ctx: DomainContext, token: string, password: string): Promise<{ token: string; userId: string }> {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(token)) throw invalidInput(INVALID_INVITATION, ['token']);
  checkPassword(password, ['password']);
  const passwordHash = await hashPassword(password);
  return inTransaction(ctx, async ({ manager }) => {
    const [invitation]: Array<{ user_id: string }> = await manager.query(
      `SELECT user_id FROM user_invitations WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > now() FOR UPDATE`,
      [hashToken(token)],
    );
    if (!invitation) throw invalidInput(INVALID_INVITATION, ['token']);
    await manager.query('UPDATE user_invitations SET accepted_at = now() WHERE user_id = $1 AND accepted_at IS NULL', [invitation.user_id]);
    const [[user]]: [Array<{ id: string; token_version: number }>, number] = await manager.query(
      'UPDATE users SET password_hash = $2, token_version = token_version + 1 WHERE id = $1 RETURNING id, token_version',
      [invitation.user_id, passwordHash],
    );
    // The invitation reached the customer's inbox (mailed, or passed on by the partner to that address): the address is theirs.
    await manager.query('UPDATE users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1', [user.id]);
    return { userId: user.id, token: issueToken({ id: user.id, tokenVersion: user.token_version }, ctx.config.jwtSecret, ctx.config.jwtTtlSeconds) };
  });
}
