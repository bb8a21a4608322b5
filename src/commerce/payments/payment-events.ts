import { isUuid } from '../../common/global-id';
import { defineJob } from '../../jobs/job-queue';
import { inTransaction, Transaction } from '../../kernel/transaction';
import type { AppServices } from '../../kernel/context';
import { accounts } from '../ledger';
import { orderCanceled, orderPaymentFailed, settleOrderPaid } from '../order-settlement';
import { OrderStatus } from '../order.entity';
import { PaymentEntity, PaymentStatus } from '../payment.entity';
import { RefundEntity } from '../refund.entity';
import { refundFailed, settleRefund } from '../refund-settlement';
import { settleTipPaid, tipPaymentFailed } from '../tip-settlement';
import { PaymentEvent } from './payment-provider';

type EventServices = AppServices;

export type EventOutcome = { status: 'applied' | 'duplicate' | 'rejected'; detail: string } | { status: 'unknown'; detail: string };

class UnknownObject extends Error {}

/**
 * The one settlement path for payment and refund events, from Stripe
 * webhooks and the test provider alike. Each event applies exactly once: its
 * id goes into processed_events in the same transaction as its effects, so a
 * redelivery finds it and changes nothing. Events about objects Knowpay does
 * not know roll back entirely and report `unknown` (the webhook answers 404,
 * so Stripe redelivers later if it raced ahead of our own commit).
 */
export async function applyPaymentEvent(services: EventServices, event: PaymentEvent): Promise<EventOutcome> {
  try {
    return await inTransaction(services, async (tx) => {
      const fresh: unknown[] = await tx.manager.query(
        `INSERT INTO processed_events (provider, event_id, type, outcome) VALUES ($1, $2, $3, 'processing')
         ON CONFLICT DO NOTHING RETURNING 1`,
        [event.provider, event.eventId, event.type],
      );
      if (!fresh.length) return { status: 'duplicate', detail: `event ${event.eventId} was already processed` } as const;
      const outcome = event.type.startsWith('refund.') ? await applyRefundEvent(services, tx, event) : await applyPaymentStateEvent(services, tx, event);
      await tx.manager.query('UPDATE processed_events SET outcome = $3 WHERE provider = $1 AND event_id = $2', [
        event.provider,
        event.eventId,
        `${outcome.status}: ${outcome.detail}`,
      ]);
      return outcome;
    });
  } catch (error) {
    if (error instanceof UnknownObject) return { status: 'unknown', detail: error.message };
    throw error;
  }
}

async function findPayment(tx: Transaction, event: PaymentEvent): Promise<PaymentEntity> {
  const repo = tx.manager.getRepository(PaymentEntity);
  const lock = () =>
    repo
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.provider = :provider AND p.provider_ref = :ref', { provider: event.provider, ref: event.objectRef })
      .getOne();
  const payment = await lock();
  if (payment) return payment;
  // A reserved payment whose provider call has not been recorded yet (the event outran our own commit): link it now.
  const reservedId = event.metadata.knowpay_payment_id;
  if (reservedId && isUuid(reservedId)) {
    const [, linked]: [unknown[], number] = await tx.manager.query(
      `UPDATE payments SET provider_ref = $3, status = CASE WHEN status = 'CREATING' THEN 'PENDING' ELSE status END, updated_at = now()
        WHERE id = $1 AND provider = $2 AND provider_ref IS NULL RETURNING id`,
      [reservedId, event.provider, event.objectRef],
    );
    if (linked) return (await lock())!;
  }
  // The provider can report an off-session charge before our own insert commits; find the order or tip by metadata.
  const orderId = event.metadata.knowpay_order_id ?? null;
  const tipId = event.metadata.knowpay_tip_id ?? null;
  const [owner] = orderId
    ? await tx.manager.query('SELECT id FROM orders WHERE id = $1', [isUuid(orderId) ? orderId : null])
    : tipId
      ? await tx.manager.query('SELECT id FROM tips WHERE id = $1', [isUuid(tipId) ? tipId : null])
      : [];
  if (!owner) throw new UnknownObject(`no payment, order or tip for ${event.objectRef}`);
  await tx.manager.query(
    `INSERT INTO payments (provider, provider_ref, order_id, tip_id, amount, currency, status) VALUES ($1, $2, $3, $4, $5, $6, 'PENDING')
     ON CONFLICT DO NOTHING`,
    [event.provider, event.objectRef, orderId, orderId ? null : tipId, event.amount, event.currency.toUpperCase()],
  );
  return (await lock())!;
}

async function applyPaymentStateEvent(services: EventServices, tx: Transaction, event: PaymentEvent): Promise<EventOutcome> {
  const payment = await findPayment(tx, event);
  if (event.amount !== payment.amount || event.currency.toUpperCase() !== payment.currency) {
    services.logger.error(
      `payment ${payment.providerRef}: event ${event.eventId} reports ${event.amount} ${event.currency}, expected ${payment.amount} ${payment.currency}; not applied`,
    );
    return { status: 'rejected', detail: 'amount or currency does not match the order' };
  }
  if (event.type === 'payment.succeeded') {
    if (payment.status === PaymentStatus.SUCCEEDED) return { status: 'applied', detail: 'payment already succeeded' };
    await tx.manager.query(`UPDATE payments SET status = 'SUCCEEDED', failure_message = NULL, updated_at = now() WHERE id = $1`, [payment.id]);
    // The card a membership's first payment used becomes the one its renewals charge.
    if (event.paymentMethod && event.customerRef && event.metadata.knowpay_save_card === 'renewals') {
      await tx.manager.query(`UPDATE billing_customers SET default_payment_method = $3 WHERE provider = $1 AND customer_ref = $2`, [
        event.provider,
        event.customerRef,
        event.paymentMethod,
      ]);
    }
    const funding = accounts.cash(event.provider);
    const detail = payment.orderId ? await settleOrderPaid(services, tx, payment.orderId, funding) : await settleTipPaid(services, tx, payment.tipId!, funding);
    return { status: 'applied', detail };
  }
  // Failure and cancellation never undo a success that arrived first (events can come out of order).
  if (payment.status === PaymentStatus.SUCCEEDED) return { status: 'applied', detail: `ignored ${event.type}: payment already succeeded` };
  const canceled = event.type === 'payment.canceled';
  await tx.manager.query('UPDATE payments SET status = $2, failure_message = $3, updated_at = now() WHERE id = $1', [
    payment.id,
    canceled ? PaymentStatus.CANCELED : PaymentStatus.FAILED,
    event.failureMessage ?? null,
  ]);
  let detail: string;
  if (payment.orderId) {
    detail = canceled
      ? await orderCanceled(services, tx, payment.orderId)
      : await orderPaymentFailed(services, tx, payment.orderId, event.failureMessage ?? 'payment failed');
  } else {
    detail = await tipPaymentFailed(tx, payment.tipId!, canceled ? OrderStatus.CANCELED : OrderStatus.FAILED);
  }
  return { status: 'applied', detail };
}

async function applyRefundEvent(services: EventServices, tx: Transaction, event: PaymentEvent): Promise<EventOutcome> {
  const repo = tx.manager.getRepository(RefundEntity);
  const byMetadata = event.metadata.knowpay_refund_id;
  const refund =
    (await repo.findOneBy({ providerRef: event.objectRef })) ?? (byMetadata && isUuid(byMetadata) ? await repo.findOneBy({ id: byMetadata }) : null);
  if (!refund) throw new UnknownObject(`no refund for ${event.objectRef}`);
  if (event.type === 'refund.failed') {
    services.logger.error(`refund ${refund.id} failed at the provider: ${event.failureMessage ?? 'no reason given'}`);
    return {
      status: 'applied',
      detail: await refundFailed(tx, refund.id, `the provider reports the refund failed: ${event.failureMessage ?? 'no reason given'}`),
    };
  }
  if (event.currency && (event.amount !== refund.amount || event.currency.toUpperCase() !== refund.currency)) {
    services.logger.error(
      `refund ${refund.id}: event ${event.eventId} reports ${event.amount} ${event.currency}, expected ${refund.amount} ${refund.currency}`,
    );
    return { status: 'rejected', detail: 'amount or currency does not match the refund' };
  }
  if (!refund.providerRef) await tx.manager.query('UPDATE refunds SET provider_ref = $2 WHERE id = $1', [refund.id, event.objectRef]);
  return { status: 'applied', detail: await settleRefund(services, tx, refund.id) };
}

/**
 * Events a provider sends by itself (the test provider's outcomes), in the
 * transaction that records the intent or refund they are about: a durable
 * job applies each one even if this process dies right after the commit,
 * and the same process applies it at once after the commit (so the caller's
 * response already shows the outcome). Whichever runs second finds the
 * event in processed_events and changes nothing.
 */
export async function deliverOwnEvents(services: EventServices, tx: Transaction, events: PaymentEvent[]): Promise<void> {
  for (const event of events) {
    await services.jobs.enqueue(applyProviderEventJob, { event }, { manager: tx.manager, startAfter: new Date(Date.now() + 2_000) });
    tx.afterCommit(async () => {
      try {
        await applyPaymentEvent(services, event);
      } catch (error) {
        services.logger.warn(`event ${event.eventId} could not be applied at once; its job retries it`, error instanceof Error ? error.message : error);
      }
    });
  }
}

export const applyProviderEventJob = defineJob<{ event: PaymentEvent }>({
  name: 'payments.apply-event',
  // One per test-provider intent, most of them no-ops (applied at once after the commit): many at a time.
  batchSize: 20,
  retryLimit: 20,
  retryDelaySeconds: 2,
  retryBackoff: true,
  async handle({ event }, services) {
    const outcome = await applyPaymentEvent(services, event);
    if (outcome.status === 'unknown') throw new Error(`event ${event.eventId}: ${outcome.detail}`);
  },
});

/** The provider refused to create the intent (an invalid request, a declined card): the payment, and its order or tip, failed. */
export async function paymentRefused(services: EventServices, paymentId: string, reason: string): Promise<void> {
  await inTransaction(services, async (tx) => {
    const [rows]: [Array<{ order_id: string | null; tip_id: string | null }>, number] = await tx.manager.query(
      `UPDATE payments SET status = 'FAILED', failure_message = $2, updated_at = now() WHERE id = $1 AND status = 'CREATING' RETURNING order_id, tip_id`,
      [paymentId, reason],
    );
    const [payment] = rows;
    if (!payment) return;
    if (payment.order_id) await orderPaymentFailed(services, tx, payment.order_id, reason);
    else if (payment.tip_id) await tipPaymentFailed(tx, payment.tip_id, OrderStatus.FAILED);
  });
}
