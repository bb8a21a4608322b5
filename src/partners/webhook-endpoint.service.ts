import { recordAudit } from '../audit/audit-log';
import { ErrorCode, forbidden, invalidInput, notFound, UserFailure } from '../common/errors';
import { idOfType } from '../common/global-id';
import { inTransaction } from '../kernel/transaction';
import type { DomainContext } from '../kernel/context';
import { allowedAddress, ForbiddenHostError } from './forbidden-hosts';
import { isAdmin, memberPartnerId, partnerActedFor } from './partner-access';
import { deliverWebhook } from './webhook-delivery';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { WEBHOOK_EVENT_TYPES } from './webhook-events';
import { newWebhookSecret } from './webhook-signature';
import type { RegisterWebhookEndpointInput } from './webhook.types';

const MAX_ENDPOINTS = 10;

async function checkedUrl(value: string, allowPrivateHosts: boolean): Promise<string> {
  const field = ['input', 'url'];
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw invalidInput('url must be an absolute http(s) URL.', field);
  }
  if (value.length > 2048 || !['https:', 'http:'].includes(url.protocol)) throw invalidInput('url must be an http(s) URL of at most 2048 characters.', field);
  if (url.username || url.password) throw invalidInput('url must not carry credentials; verify deliveries by their signature instead.', field);
  try {
    await allowedAddress(url.hostname, allowPrivateHosts);
  } catch (error) {
    if (error instanceof ForbiddenHostError)
      throw new UserFailure(
        ErrorCode.FORBIDDEN_HOST,
        `Webhooks cannot go to ${url.hostname}: it is a loopback, private, link-local or metadata address.`,
        field,
      );
    throw invalidInput(`${url.hostname} does not resolve.`, field);
  }
  return url.toString();
}

/** Partners (webhooks:write) for themselves, admins for a named partner. The signing secret is returned once. */
export async function registerWebhookEndpoint(
  ctx: DomainContext,
  input: RegisterWebhookEndpointInput,
): Promise<{ endpoint: WebhookEndpointEntity; secret: string }> {
  const partnerId = await partnerActedFor(ctx, 'webhooks:write', input.partnerId, ['input', 'partnerId']);
  if (!Array.isArray(input.events) || input.events.length === 0)
    throw invalidInput(`Subscribe to at least one of ${WEBHOOK_EVENT_TYPES.join(', ')}.`, ['input', 'events']);
  input.events.forEach((event, i) => {
    if (!(WEBHOOK_EVENT_TYPES as readonly string[]).includes(event))
      throw invalidInput(`Unknown event "${String(event).slice(0, 40)}"; use ${WEBHOOK_EVENT_TYPES.join(', ')}.`, ['input', 'events', String(i)]);
  });
  const url = await checkedUrl(input.url, ctx.config.webhooks.allowPrivateHosts);
  const events = [...new Set(input.events)].sort();
  const secret = newWebhookSecret();
  return inTransaction(ctx, async ({ manager }) => {
    const [partner] = await manager.query('SELECT id FROM partners WHERE id = $1 FOR UPDATE', [partnerId]);
    if (!partner) throw notFound('No partner with this ID.', ['input', 'partnerId']);
    const [{ count }] = await manager.query('SELECT count(*)::int AS count FROM webhook_endpoints WHERE partner_id = $1 AND disabled_at IS NULL', [partnerId]);
    if (count >= MAX_ENDPOINTS) throw new UserFailure(ErrorCode.LIMIT_EXCEEDED, `At most ${MAX_ENDPOINTS} endpoints per partner.`, ['input', 'url']);
    const [{ id }] = await manager.query('INSERT INTO webhook_endpoints (partner_id, url, events, secret) VALUES ($1, $2, $3, $4) RETURNING id', [
      partnerId,
      url,
      events,
      secret,
    ]);
    await recordAudit(manager, {
      actorId: ctx.user?.id ?? null,
      action: 'webhook.register',
      subjectType: 'WebhookEndpoint',
      subjectId: id,
      data: { partnerId, url, events, apiKeyId: ctx.apiKey?.id ?? null },
    });
    return { endpoint: await manager.getRepository(WebhookEndpointEntity).findOneByOrFail({ id }), secret };
  });
}

/** Admins, or the owning partner: send a delivery again now, whatever happened to it before. */
export async function replayWebhookDelivery(ctx: DomainContext, globalId: string): Promise<WebhookDeliveryEntity> {
  const id = idOfType(globalId, 'WebhookDelivery');
  if (!id) throw invalidInput('id is not a WebhookDelivery ID.', ['id']);
  const [owner]: Array<{ partner_id: string }> = await ctx.db.query(
    'SELECT e.partner_id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = $1',
    [id],
  );
  if (!owner || !(await canManageWebhooksOf(ctx, owner.partner_id))) throw notFound('No webhook delivery with this ID.', ['id']);
  return inTransaction(ctx, async ({ manager }) => {
    await manager.query(`UPDATE webhook_deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = now(), delivered_at = NULL WHERE id = $1`, [id]);
    await ctx.jobs.enqueue(deliverWebhook, { deliveryId: id }, { manager });
    await recordAudit(manager, {
      actorId: ctx.user?.id ?? null,
      action: 'webhook.replay',
      subjectType: 'WebhookDelivery',
      subjectId: id,
      data: { apiKeyId: ctx.apiKey?.id ?? null },
    });
    return manager.getRepository(WebhookDeliveryEntity).findOneByOrFail({ id });
  });
}

/** Seeing endpoints and deliveries, and replaying them: admins, the partner's members, its keys with webhooks:write. */
export async function canManageWebhooksOf(ctx: DomainContext, partnerId: string): Promise<boolean> {
  if (ctx.apiKey) {
    if (ctx.apiKey.partnerId !== partnerId) return false;
    if (!ctx.apiKey.scopes.includes('webhooks:write')) throw forbidden('This API key lacks the "webhooks:write" scope.');
    return true;
  }
  return isAdmin(ctx) || (await memberPartnerId(ctx)) === partnerId;
}
