import { recordAudit } from '../audit/audit-log';
import { requireUser } from '../common/auth-checker';
import { forbidden, invalidInput, notFound } from '../common/errors';
import { idOfType } from '../common/global-id';
import { inTransaction } from '../kernel/transaction';
import { boundedText } from '../identity/identity.validation';
import type { DomainContext } from '../kernel/context';
import { ApiKeyEntity } from './api-key.entity';
import { newApiKeySecret } from './api-key-secret';
import { API_KEY_SCOPES, isAdmin, isApiKeyScope, memberPartnerId, partnerActedFor } from './partner-access';
import { PartnerEntity } from './partner.entity';
import type { CreateApiKeyInput } from './partner.types';

/** Commission rates are fractions of list price with at most two decimals of a percent (0.1525 = 15.25%). */
export function commissionBps(rate: number, field: string[]): number {
  const bps = Math.round(rate * 10_000);
  if (!Number.isFinite(rate) || rate < 0 || rate >= 1 || Math.abs(rate * 10_000 - bps) > 1e-6) {
    throw invalidInput('commissionRate must be at least 0 and below 1, with at most four decimals (0.15 = 15%).', field);
  }
  return bps;
}

export async function createPartner(ctx: DomainContext, nameInput: string, rate: number): Promise<PartnerEntity> {
  const admin = requireUser(ctx);
  const name = boundedText(nameInput, ['name'], { min: 1, max: 200 });
  const bps = commissionBps(rate, ['commissionRate']);
  return inTransaction(ctx, async ({ manager }) => {
    const partner = await manager.getRepository(PartnerEntity).save(manager.getRepository(PartnerEntity).create({ name, commissionBps: bps }));
    await recordAudit(manager, {
      actorId: admin.id,
      action: 'partner.create',
      subjectType: 'Partner',
      subjectId: partner.id,
      data: { name, commissionBps: bps },
    });
    return partner;
  });
}

const MAX_LIVE_KEYS = 50;

/** Admins for any partner, partner members for their own. The secret is returned once and never stored. */
export async function createApiKey(ctx: DomainContext, input: CreateApiKeyInput): Promise<{ apiKey: ApiKeyEntity; secret: string }> {
  if (ctx.apiKey) throw forbidden('API keys cannot create API keys; a partner member or an admin can.');
  const user = requireUser(ctx);
  const partnerId = await partnerActedFor(ctx, 'catalog:read', input.partnerId, ['input', 'partnerId']);
  const label = boundedText(input.label, ['input', 'label'], { min: 1, max: 100 });
  if (!Array.isArray(input.scopes) || input.scopes.length === 0)
    throw invalidInput(`Give at least one scope: ${API_KEY_SCOPES.join(', ')}.`, ['input', 'scopes']);
  input.scopes.forEach((scope, i) => {
    if (!isApiKeyScope(scope))
      throw invalidInput(`Unknown scope "${String(scope).slice(0, 40)}"; use ${API_KEY_SCOPES.join(', ')}.`, ['input', 'scopes', String(i)]);
  });
  const scopes = [...new Set(input.scopes)].sort();
  return inTransaction(ctx, async ({ manager }) => {
    const [partner] = await manager.query('SELECT id FROM partners WHERE id = $1 FOR UPDATE', [partnerId]);
    if (!partner) throw notFound('No partner with this ID.', ['input', 'partnerId']);
    const [{ live }] = await manager.query('SELECT count(*)::int AS live FROM api_keys WHERE partner_id = $1 AND revoked_at IS NULL', [partnerId]);
    if (live >= MAX_LIVE_KEYS) throw invalidInput(`A partner may hold at most ${MAX_LIVE_KEYS} live keys; revoke unused ones first.`, ['input', 'label']);
    const { secret, prefix, hash } = newApiKeySecret();
    const [{ id }] = await manager.query(
      'INSERT INTO api_keys (partner_id, label, prefix, secret_hash, scopes, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [partnerId, label, prefix, hash, scopes, user.id],
    );
    await recordAudit(manager, { actorId: user.id, action: 'apikey.create', subjectType: 'ApiKey', subjectId: id, data: { partnerId, label, prefix, scopes } });
    return { apiKey: await manager.getRepository(ApiKeyEntity).findOneByOrFail({ id }), secret };
  });
}

/** Takes effect on the key's next request. Revoking twice is harmless and keeps the first revocation time. */
export async function revokeApiKey(ctx: DomainContext, globalId: string): Promise<ApiKeyEntity> {
  if (ctx.apiKey) throw forbidden('API keys cannot revoke API keys; a partner member or an admin can.');
  const user = requireUser(ctx);
  const id = idOfType(globalId, 'ApiKey');
  if (!id) throw invalidInput('id is not an ApiKey ID.', ['id']);
  return inTransaction(ctx, async ({ manager }) => {
    const key = await manager.getRepository(ApiKeyEntity).findOneBy({ id });
    const allowed = key && (isAdmin(ctx) || (await memberPartnerId(ctx)) === key.partnerId);
    if (!key || !allowed) throw notFound('No API key with this ID.', ['id']);
    if (!key.revokedAt) {
      await manager.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
      await recordAudit(manager, {
        actorId: user.id,
        action: 'apikey.revoke',
        subjectType: 'ApiKey',
        subjectId: id,
        data: { partnerId: key.partnerId, prefix: key.prefix },
      });
    }
    return manager.getRepository(ApiKeyEntity).findOneByOrFail({ id });
  });
}

/** Who may see a partner: admins, its members, its own keys. */
export async function canSeePartner(ctx: DomainContext, partnerId: string): Promise<boolean> {
  if (ctx.apiKey) return ctx.apiKey.partnerId === partnerId;
  if (isAdmin(ctx)) return true;
  return (await memberPartnerId(ctx)) === partnerId;
}

/** Admins: link a user to a partner as a member (granting the PARTNER role), so they can manage its keys and act for it. */
export async function addPartnerMember(ctx: DomainContext, partnerGlobalId: string, emailInput: string): Promise<PartnerEntity> {
  const admin = requireUser(ctx);
  const partnerId = idOfType(partnerGlobalId, 'Partner');
  if (!partnerId) throw invalidInput('partnerId is not a Partner ID.', ['partnerId']);
  const email = emailInput.trim().toLowerCase();
  return inTransaction(ctx, async ({ manager }) => {
    const partner = await manager.getRepository(PartnerEntity).findOneBy({ id: partnerId });
    if (!partner) throw notFound('No partner with this ID.', ['partnerId']);
    const [user] = await manager.query('SELECT id FROM users WHERE lower(email) = $1', [email]);
    if (!user) throw notFound('No Knowpay account with this email; they sign up first.', ['email']);
    await manager.query(`UPDATE users SET roles = array_append(roles, 'PARTNER') WHERE id = $1 AND NOT ('PARTNER' = ANY(roles))`, [user.id]);
    await manager.query('INSERT INTO partner_members (partner_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [partnerId, user.id]);
    await recordAudit(manager, { actorId: admin.id, action: 'partner.member.add', subjectType: 'Partner', subjectId: partnerId, data: { userId: user.id } });
    return partner;
  });
}
