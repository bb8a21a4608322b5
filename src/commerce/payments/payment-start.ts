import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ErrorCode, UserFailure } from '../../common/errors';
import { UserEntity } from '../../identity/user.entity';
import { defineJob } from '../../jobs/job-queue';
import { inTransaction, Transaction } from '../../kernel/transaction';
import type { AppServices } from '../../kernel/context';
import { BillingCustomerEntity, PaymentEntity, PaymentStatus } from '../payment.entity';
import { callProvider, ProviderUnavailable, providerLeaseMs } from './payment-calls';
import { deliverOwnEvents, paymentRefused } from './payment-events';
import { PaymentIntentRequest, PaymentProviderError } from './payment-provider';

/**
 * Starting a payment is reserve → call → record, never a network call
 * inside a transaction:
 *
 * 1. `reservePayment`, inside the transaction that creates the order or
 *    tip: a `CREATING` payment row with the exact provider request and its
 *    idempotency key, and a watchdog job (the durable queue, same
 *    transaction) that finishes the start if nobody else does.
 * 2. `createReservedIntent`, after that commit: the provider call, bounded.
 * 3. In a short transaction: the provider's reference and client secret,
 *    and the provider's own events (the test provider's outcome) enqueued
 *    as jobs, so settlement survives any crash after this commit.
 *
 * A crash anywhere leaves a state a job finishes: before 1 commits nothing
 * happened; between 1 and 3 the watchdog calls the provider again with the
 * same idempotency key (same intent); after 3 the events are queued.
 */

export interface PaymentSessionView {
  provider: string;
  clientSecret: string | null;
  status: string;
}

export interface PaymentToStart {
  userId: string;
  /** The learner's customer at the provider (ensureBillingCustomer, before the transaction). */
  customerRef: string;
  amount: number;
  currency: string;
  description: string;
  orderId?: string;
  tipId?: string;
  idempotencyKey: string;
  saveForRenewals?: boolean;
  /** Charge the saved card now (renewals); omit for customer-confirmed payments. */
  offSessionPaymentMethod?: string;
}

type PaymentServices = AppServices;

/** The learner's customer at the active provider, created (a provider call) on first payment. Call it outside transactions. */
export async function ensureBillingCustomer(services: Pick<AppServices, 'config' | 'db' | 'payments'>, userId: string): Promise<BillingCustomerEntity> {
  const repo = services.db.getRepository(BillingCustomerEntity);
  const provider = services.payments.name;
  const existing = await repo.findOneBy({ userId, provider });
  if (existing) return existing;
  const user = await services.db.getRepository(UserEntity).findOneByOrFail({ id: userId });
  const customerRef = await callProvider(services.config, 'create a customer', () =>
    services.payments.ensureCustomer({ id: user.id, email: user.email }, null),
  );
  await services.db.query(`INSERT INTO billing_customers (user_id, provider, customer_ref) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
    userId,
    provider,
    customerRef,
  ]);
  return repo.findOneByOrFail({ userId, provider });
}

/** ensureBillingCustomer for a mutation: provider trouble becomes a typed error the caller can act on. */
export async function billingCustomerFor(services: Pick<AppServices, 'config' | 'db' | 'payments'>, userId: string): Promise<BillingCustomerEntity> {
  try {
    return await ensureBillingCustomer(services, userId);
  } catch (error) {
    if (error instanceof ProviderUnavailable) {
      throw new UserFailure(
        ErrorCode.PAYMENT_PROVIDER_UNAVAILABLE,
        'The payment provider is not answering right now; nothing was charged. Retry shortly with the same idempotencyKey.',
      );
    }
    if (error instanceof PaymentProviderError) throw new UserFailure(ErrorCode.PAYMENT_FAILED, `The payment provider refused: ${error.message}`);
    throw error;
  }
}

/** Step 1: the reservation, in the caller's transaction. The same idempotency key always yields the same payment. */
export async function reservePayment(services: PaymentServices, tx: Transaction, payment: PaymentToStart): Promise<string> {
  const id = randomUUID();
  const request: PaymentIntentRequest = {
    amount: payment.amount,
    currency: payment.currency,
    customerRef: payment.customerRef,
    description: payment.description,
    metadata: {
      ...(payment.orderId ? { knowpay_order_id: payment.orderId } : {}),
      ...(payment.tipId ? { knowpay_tip_id: payment.tipId } : {}),
      knowpay_payment_id: id,
      knowpay_user_id: payment.userId,
      ...(payment.saveForRenewals ? { knowpay_save_card: 'renewals' } : {}),
    },
    idempotencyKey: payment.idempotencyKey,
    ...(payment.saveForRenewals ? { saveForRenewals: true } : {}),
    ...(payment.offSessionPaymentMethod ? { offSessionPaymentMethod: payment.offSessionPaymentMethod } : {}),
  };
  const inserted: Array<{ id: string }> = await tx.manager.query(
    `INSERT INTO payments (id, provider, order_id, tip_id, amount, currency, status, idempotency_key, request)
     VALUES ($1, $2, $3, $4, $5, $6, 'CREATING', $7, $8)
     ON CONFLICT (provider, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING id`,
    [
      id,
      services.payments.name,
      payment.orderId ?? null,
      payment.tipId ?? null,
      payment.amount,
      payment.currency,
      payment.idempotencyKey,
      JSON.stringify(request),
    ],
  );
  if (!inserted.length) {
    const [existing]: Array<{ id: string }> = await tx.manager.query('SELECT id FROM payments WHERE provider = $1 AND idempotency_key = $2', [
      services.payments.name,
      payment.idempotencyKey,
    ]);
    return existing.id;
  }
  await services.jobs.enqueue(
    createPaymentIntentJob,
    { paymentId: id },
    { manager: tx.manager, startAfter: new Date(Date.now() + providerLeaseMs(services.config)) },
  );
  return id;
}

/** Steps 2 and 3. Does nothing unless the payment is still CREATING. Throws ProviderUnavailable when the provider cannot be reached (the caller's job retries). */
export async function createReservedIntent(services: PaymentServices, paymentId: string): Promise<void> {
  const [row]: Array<{ status: PaymentStatus; request: PaymentIntentRequest; provider: string }> = await services.db.query(
    'SELECT status, request, provider FROM payments WHERE id = $1',
    [paymentId],
  );
  if (!row || row.status !== PaymentStatus.CREATING) return;
  if (row.provider !== services.payments.name) {
    services.logger.error(`payment ${paymentId} was reserved for provider ${row.provider}, but this server runs ${services.payments.name}; leaving it`);
    return;
  }
  let result;
  try {
    result = await callProvider(services.config, 'create a payment intent', () => services.payments.createPaymentIntent(row.request));
  } catch (error) {
    if (error instanceof PaymentProviderError) {
      await paymentRefused(services, paymentId, error.message);
      return;
    }
    throw error;
  }
  await inTransaction(services, async (tx) => {
    // The provider's webhook may have linked the reference first (an off-session charge confirms at once); keep its status then.
    await tx.manager.query(
      `UPDATE payments SET provider_ref = $2, client_secret = $3, status = CASE WHEN status = 'CREATING' THEN 'PENDING' ELSE status END, updated_at = now()
        WHERE id = $1 AND (provider_ref IS NULL OR provider_ref = $2)`,
      [paymentId, result.ref, result.clientSecret],
    );
    await deliverOwnEvents(services, tx, services.payments.ownEvents({ kind: 'payment', request: row.request, result }));
  });
}

/**
 * Steps 2 and 3 on a request's own path, right after its reservation
 * committed: the buyer gets a client secret (or, with the test provider, a
 * settled order) in the same response. When the provider is unreachable
 * the payment stays CREATING and the request still answers; a job retries
 * in a few seconds, and a retry of the request (same idempotency key) tries
 * again too.
 */
export async function finishPaymentStart(services: PaymentServices, paymentId: string | null): Promise<void> {
  if (!paymentId) return;
  try {
    await createReservedIntent(services, paymentId);
  } catch (error) {
    // The reservation is committed and its watchdog queued; this one retries sooner.
    services.logger.warn(`payment ${paymentId}: ${error instanceof Error ? error.message : String(error)}; a job retries it`);
    await services.jobs.enqueue(createPaymentIntentJob, { paymentId }, { startAfter: new Date(Date.now() + 5_000) }).catch(() => undefined);
  }
}

/** The watchdog and retry job of step 2–3. */
export const createPaymentIntentJob = defineJob<{ paymentId: string }>({
  name: 'payments.create-intent',
  // Small and I/O-bound (one provider call each): many at a time, or a backlog drains at one per poll.
  batchSize: 10,
  retryLimit: 12,
  retryDelaySeconds: 5,
  retryBackoff: true,
  handle: ({ paymentId }, services) => createReservedIntent(services, paymentId),
});

/** The payment still waiting to be created for an order (a retried request finishes it). */
export async function creatingPaymentOf(db: DataSource, owner: { orderId?: string; tipId?: string }): Promise<string | null> {
  const [row]: Array<{ id: string }> = await db.query(
    `SELECT id FROM payments WHERE ${owner.orderId ? 'order_id' : 'tip_id'} = $1 AND status = 'CREATING' ORDER BY created_at DESC LIMIT 1`,
    [owner.orderId ?? owner.tipId],
  );
  return row?.id ?? null;
}

export async function paymentSessionById(db: DataSource, paymentId: string | null): Promise<PaymentSessionView | null> {
  if (!paymentId) return null;
  return paymentSessionOf(await db.getRepository(PaymentEntity).findOneBy({ id: paymentId }));
}

export function paymentSessionOf(payment: PaymentEntity | null): PaymentSessionView | null {
  if (!payment) return null;
  // CREATING: the provider has not answered yet; retry the mutation with the same idempotency key for the client secret.
  const status = { CREATING: 'creating', PENDING: 'requires_confirmation', SUCCEEDED: 'succeeded', FAILED: 'failed', CANCELED: 'canceled' }[payment.status];
  return {
    provider: payment.provider,
    clientSecret: payment.status === PaymentStatus.PENDING || payment.status === PaymentStatus.FAILED ? payment.clientSecret : null,
    status,
  };
}
