import type { EntityManager } from 'typeorm';
import { mailUser } from '../identity/account-mail';
import type { JobQueue } from '../jobs/job-queue';
import type { Config } from '../kernel/config';
import type { EventOf } from '../kernel/domain-events';

/**
 * What commerce tells buyers by mail, each written into the outbox in the
 * transaction of the change it announces (src/mail): a receipt when an
 * order's money arrives, a dunning notice when a renewal fails (with the
 * next retry, or the end), the decision on a refund. Dedupe keys make an
 * event handled twice mail once.
 */
interface MailServices {
  jobs: JobQueue;
  config: Config;
}

export async function mailReceipt(services: MailServices, manager: EntityManager, event: EventOf<'OrderPaid'>): Promise<void> {
  if (!event.buyerId || event.partnerId || event.organizationId) return; // a partner's or an organization's purchase: the partner bills its customer
  const [order]: Array<{ code: string; total_amount: number; currency: string }> = await manager.query(
    'SELECT code, total_amount, currency FROM orders WHERE id = $1',
    [event.orderId],
  );
  const lines: Array<{ description: string; quantity: number; amount: number }> = await manager.query(
    `SELECT description, quantity, unit_amount * quantity - discount_amount AS amount FROM order_lines WHERE order_id = $1 ORDER BY position`,
    [event.orderId],
  );
  await mailUser(
    services,
    manager,
    event.buyerId,
    'receipt',
    {
      orderId: order.code,
      lines: lines.map((l) => ({ title: l.description, quantity: l.quantity, amount: { amount: Number(l.amount), currency: order.currency } })),
      total: { amount: order.total_amount, currency: order.currency },
      paidAt: new Date().toISOString(),
    },
    { dedupeKey: `receipt:${event.orderId}` },
  );
}

/** After commerce has moved the membership on (PAST_DUE with a retry, or EXPIRED): runs after its handler. */
export async function mailRenewalFailed(services: MailServices, manager: EntityManager, event: EventOf<'OrderPaymentFailed'>): Promise<void> {
  if (!event.membershipId) return;
  const [membership]: Array<{ user_id: string; status: string; renewal_attempts: number; plan: string; price_amount: number; price_currency: string }> =
    await manager.query(
      `SELECT m.user_id, m.status, m.renewal_attempts, p.name AS plan, p.price_amount, p.price_currency
       FROM memberships m JOIN membership_plans p ON p.id = m.plan_id WHERE m.id = $1`,
      [event.membershipId],
    );
  if (!membership || (membership.status !== 'PAST_DUE' && membership.status !== 'EXPIRED')) return; // a first payment is retried by the learner at checkout
  const nextRetryAt = membership.status === 'PAST_DUE' ? new Date(Date.now() + services.config.commerce.renewalRetrySeconds * 1000).toISOString() : null;
  await mailUser(
    services,
    manager,
    membership.user_id,
    'renewal-failed',
    {
      plan: membership.plan,
      price: { amount: membership.price_amount, currency: membership.price_currency },
      reason: event.reason,
      nextRetryAt,
    },
    { dedupeKey: `renewal-failed:${event.orderId}:${membership.renewal_attempts}` },
  );
}

export async function mailRefundSettled(services: MailServices, manager: EntityManager, event: EventOf<'RefundSettled'>): Promise<void> {
  if (!event.buyerId || event.partnerId || event.organizationId) return;
  const [order]: Array<{ code: string }> = await manager.query('SELECT code FROM orders WHERE id = $1', [event.orderId]);
  await mailUser(
    services,
    manager,
    event.buyerId,
    'refund-decided',
    {
      orderId: order.code,
      amount: { amount: event.amount, currency: event.currency },
      approved: true,
      note: null,
    },
    { dedupeKey: `refund:${event.refundId}` },
  );
}

export async function mailRefundRejected(
  services: MailServices,
  manager: EntityManager,
  refund: { id: string; orderId: string; amount: number; currency: string },
  note: string | null,
): Promise<void> {
  const [order]: Array<{ code: string; buyer_id: string | null; partner_id: string | null }> = await manager.query(
    'SELECT code, buyer_id, partner_id FROM orders WHERE id = $1',
    [refund.orderId],
  );
  if (!order?.buyer_id || order.partner_id) return;
  await mailUser(
    services,
    manager,
    order.buyer_id,
    'refund-decided',
    {
      orderId: order.code,
      amount: { amount: refund.amount, currency: refund.currency },
      approved: false,
      note,
    },
    { dedupeKey: `refund:${refund.id}` },
  );
}
