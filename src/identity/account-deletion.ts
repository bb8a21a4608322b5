import { invalidInput } from '../common/errors';
import { requireUser } from '../common/auth-checker';
import type { DomainContext } from '../kernel/context';
import { inTransaction } from '../kernel/transaction';
import { profileByUserId, userById } from './identity.loaders';
import { verifyPassword } from './password';

/**
 * Leaving Knowpay. Deleting an account anonymizes it in place: the email,
 * password, handle, name, bio, avatar and interests go; the row stays, so
 * orders, the ledger, tips and the audit log (which reference it) keep
 * adding up. The token version moves on (every session ends) and, with no
 * password and a placeholder address, nobody can sign in as it again.
 */
export async function deleteAccount(ctx: DomainContext, currentPassword: string): Promise<true> {
  const caller = requireUser(ctx);
  const [row]: Array<{ password_hash: string | null }> = await ctx.db.query('SELECT password_hash FROM users WHERE id = $1', [caller.id]);
  if (!(await verifyPassword(currentPassword.slice(0, 1024), row?.password_hash)))
    throw invalidInput('The current password is incorrect.', ['currentPassword']);
  await inTransaction(ctx, async (tx) => {
    const { manager } = tx;
    const placeholder = `deleted-${caller.id}`;
    await manager.query(
      `UPDATE users SET email = $2, password_hash = NULL, token_version = token_version + 1, deleted_at = now(), email_verified_at = NULL WHERE id = $1`,
      [caller.id, `${placeholder}@deleted.invalid`],
    );
    await manager.query(
      `UPDATE profiles SET handle = $2, display_name = 'Deleted user', bio = NULL, avatar_url = NULL, interests = '{}', palette = NULL WHERE user_id = $1`,
      [caller.id, placeholder],
    );
    await manager.query('UPDATE account_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [caller.id]);
    await manager.query('UPDATE user_invitations SET accepted_at = now() WHERE user_id = $1 AND accepted_at IS NULL', [caller.id]);
    // Mail not yet sent would reach an address the owner asked us to forget.
    await manager.query(`DELETE FROM mail_messages WHERE user_id = $1 AND status = 'PENDING'`, [caller.id]);
    await tx.emit({ type: 'AccountDeleted', userId: caller.id });
  });
  ctx.loaders.get(userById).clear(caller.id);
  ctx.loaders.get(profileByUserId).clear(caller.id);
  return true;
}

/** Columns never exported: secrets, and hashes of them. */
const SECRET = /(hash|secret|token|key_prefix)/i;
const MAX_ROWS_PER_TABLE = 10_000;

/**
 * Everything held about the caller, as JSON: their account and profile, and
 * every row of every table that refers to them (orders, enrollments,
 * progress, tips, reviews, comments, chat, memberships, mail, audit
 * entries, …), found from the database's own foreign keys so a table added
 * later is exported without anyone remembering to list it.
 */
export async function exportMyData(ctx: DomainContext): Promise<Record<string, unknown>> {
  const caller = requireUser(ctx);
  const references: Array<{ table: string; column: string }> = await ctx.db.query(
    `SELECT DISTINCT cl.relname AS table, a.attname AS column
       FROM pg_constraint c
       JOIN pg_class cl ON cl.oid = c.conrelid
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND c.confrelid = 'public.users'::regclass AND array_length(c.conkey, 1) = 1
        AND cl.relnamespace = 'public'::regnamespace
      ORDER BY 1, 2`,
  );
  const [account] = await ctx.db.query('SELECT id, email, roles, created_at, email_verified_at, banned_at, deleted_at FROM users WHERE id = $1', [caller.id]);
  const tables: Record<string, unknown[]> = {};
  for (const { table, column } of references) {
    const rows: Array<Record<string, unknown>> = await ctx.db.query(
      `SELECT * FROM ${quoteIdentifier(table)} WHERE ${quoteIdentifier(column)} = $1 LIMIT ${MAX_ROWS_PER_TABLE}`,
      [caller.id],
    );
    const cleaned = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([name, value]) => !SECRET.test(name) && !Buffer.isBuffer(value))));
    if (cleaned.length) tables[`${table}.${column}`] = cleaned;
  }
  return { exportedAt: new Date().toISOString(), account, data: tables };
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
