import { forbidden, invalidInput, unauthenticated } from '../common/errors';
import { idOfType } from '../common/global-id';
import { Role } from '../identity/user.entity';
import type { DomainContext } from '../kernel/context';

/**
 * The one place that decides what a partner caller may do. A partner acts
 * through an API key (only within the key's scopes) or through a signed-in
 * member of the partner (a PARTNER-role user linked in partner_members, who
 * holds every scope). Knowpay admins act for any partner.
 */
export const API_KEY_SCOPES = ['catalog:read', 'sales:write', 'seats:write', 'webhooks:write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}

export function isAdmin(ctx: DomainContext): boolean {
  return !!ctx.user?.roles.includes(Role.ADMIN);
}

/** The partner of a signed-in member, or null. */
export async function memberPartnerId(ctx: DomainContext): Promise<string | null> {
  if (!ctx.user || !ctx.user.roles.includes(Role.PARTNER)) return null;
  const rows: Array<{ partner_id: string }> = await ctx.db.query('SELECT partner_id FROM partner_members WHERE user_id = $1 ORDER BY created_at LIMIT 1', [
    ctx.user.id,
  ]);
  return rows[0]?.partner_id ?? null;
}

/** The calling partner when the caller is one (key with `scope`, or member); a key without the scope → FORBIDDEN. */
export async function callingPartnerId(ctx: DomainContext, scope: ApiKeyScope): Promise<string | null> {
  if (ctx.apiKey) {
    if (!ctx.apiKey.scopes.includes(scope)) throw forbidden(`This API key lacks the "${scope}" scope; create a key that has it.`);
    return ctx.apiKey.partnerId;
  }
  return memberPartnerId(ctx);
}

/** Like callingPartnerId, but the caller must be a partner: anonymous → UNAUTHENTICATED, anyone else → FORBIDDEN. */
export async function requirePartner(ctx: DomainContext, scope: ApiKeyScope): Promise<string> {
  const partnerId = await callingPartnerId(ctx, scope);
  if (partnerId) return partnerId;
  if (!ctx.user) throw unauthenticated('Authenticate with a partner API key: "Authorization: Bearer kp_live_…".');
  throw forbidden('Only partners may do this (an API key, or a member of a partner).');
}

/**
 * For actions admins take for a named partner and partners take for
 * themselves: admins must name `partnerId`; partners may omit it or name
 * their own; anyone else is FORBIDDEN.
 */
export async function partnerActedFor(ctx: DomainContext, scope: ApiKeyScope, partnerGlobalId: string | null | undefined, field: string[]): Promise<string> {
  const requested = partnerGlobalId == null ? null : idOfType(partnerGlobalId, 'Partner');
  if (partnerGlobalId != null && !requested) throw invalidInput('partnerId is not a Partner ID.', field);
  if (!ctx.apiKey && isAdmin(ctx)) {
    if (!requested) throw invalidInput('Admins must name the partner (partnerId).', field);
    return requested;
  }
  const own = await requirePartner(ctx, scope);
  if (requested && requested !== own) throw forbidden('Partners can only act for themselves.');
  return own;
}

/** The calling partner whatever the key's scopes (for reading the partner itself), or null. */
export async function callingPartnerIdAnyScope(ctx: DomainContext): Promise<string | null> {
  return ctx.apiKey ? ctx.apiKey.partnerId : memberPartnerId(ctx);
}
