import type { EntityManager } from 'typeorm';
import { UserEntity } from '../../identity/user.entity';
import type { AppServices } from '../../kernel/context';
import { BillingCustomerEntity, PaymentEntity, PaymentStatus } from '../payment.entity';
import { ErrorCode, UserFailure } from '../../common/errors';
import { PaymentIntentRequest, PaymentProviderError } from './payment-provider';

export interface PaymentSessionView {
  provider: string;
  clientSecret: string | null;
  status: string;
}

export interface StartPayment {
  userId: string;
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

/** The learner's customer at the active provider, created on first payment. */
export async function billingCustomer(services: Pick<AppServices, 'payments'>, manager: EntityManager, userId: string): Promise<BillingCustomerEntity> {
  const repo = manager.getRepository(BillingCustomerEntity);
  const provider = services.payments.name;
  const existing = await repo.findOneBy({ userId, provider });
  if (existing) return existing;
  const user = await manager.getRepository(UserEntity).findOneByOrFail({ id: userId });
  const customerRef = await services.payments.ensureCustomer({ id: user.id, email: user.email }, null);
  await manager.query(
    `INSERT INTO billing_customers (user_id, provider, customer_ref) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [userId, provider, customerRef]);
  return repo.findOneByOrFail({ userId, provider });
}

/**
 * Creates the provider's payment intent for an order or a tip and records
 * it, inside the caller's transaction; the provider hears about the commit
 * through `afterCommit` (the test provider settles there).
 */
export async function startPayment(
  services: Pick<AppServices, 'payments'>,
  tx: { manager: EntityManager; afterCommit(effect: () => Promise<void>): void },
  payment: StartPayment,
): Promise<PaymentSessionView> {
  const customer = await billingCustomer(services, tx.manager, payment.userId);
  const request: PaymentIntentRequest = {
    amount: payment.amount,
    currency: payment.currency,
    customerRef: customer.customerRef,
    description: payment.description,
    metadata: {
      ...(payment.orderId ? { knowpay_order_id: payment.orderId } : {}),
      ...(payment.tipId ? { knowpay_tip_id: payment.tipId } : {}),
      knowpay_user_id: payment.userId,
      ...(payment.saveForRenewals ? { knowpay_save_card: 'renewals' } : {}),
    },
    idempotencyKey: payment.idempotencyKey,
    saveForRenewals: payment.saveForRenewals,
    offSessionPaymentMethod: payment.offSessionPaymentMethod,
  };
  let result;
  try {
    result = await services.payments.createPaymentIntent(request);
  } catch (error) {
    if (error instanceof PaymentProviderError) throw new UserFailure(ErrorCode.PAYMENT_FAILED, `The payment provider refused: ${error.message}`);
    throw error;
  }
  await tx.manager.query(
    `INSERT INTO payments (provider, provider_ref, order_id, tip_id, amount, currency, status, client_secret)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (provider, provider_ref) DO NOTHING`,
    [services.payments.name, result.ref, payment.orderId ?? null, payment.tipId ?? null, payment.amount, payment.currency, PaymentStatus.PENDING, result.clientSecret]);
  tx.afterCommit(() => services.payments.afterCommit({ kind: 'payment', request, result }));
  return { provider: services.payments.name, clientSecret: result.clientSecret, status: result.providerStatus };
}

export function paymentSessionOf(payment: PaymentEntity | null): PaymentSessionView | null {
  if (!payment) return null;
  const status = { PENDING: 'requires_confirmation', SUCCEEDED: 'succeeded', FAILED: 'failed', CANCELED: 'canceled' }[payment.status];
  return { provider: payment.provider, clientSecret: payment.status === PaymentStatus.PENDING || payment.status === PaymentStatus.FAILED ? payment.clientSecret : null, status };
}
