import { onEvent } from '../kernel/transaction';
import { mailReceipt, mailRefundSettled, mailRenewalFailed } from './commerce-mail';
import { membershipPaid, membershipPaymentFailed } from './membership-billing';
import { OrderEntity } from './order.entity';

/** A membership's order was paid: the period it bought starts (or renews). */
onEvent('OrderPaid', 'in-transaction', 'commerce: membership period paid', async (event, { tx, ctx }) => {
  if (!event.membershipId) return;
  await membershipPaid(ctx, tx, await tx.manager.getRepository(OrderEntity).findOneByOrFail({ id: event.orderId }));
});

/** A membership's renewal payment failed: past due, retried, and at last expired. */
onEvent('OrderPaymentFailed', 'in-transaction', 'commerce: membership renewal failed', async (event, { tx, ctx }) => {
  if (!event.membershipId) return;
  await membershipPaymentFailed(ctx, tx, await tx.manager.getRepository(OrderEntity).findOneByOrFail({ id: event.orderId }), event.reason);
});

/** Mail (the outbox, in the same transaction): a receipt, a dunning notice after the membership moved on above, a refund paid back. */
onEvent('OrderPaid', 'in-transaction', 'commerce: receipt mail', (event, { tx, ctx }) => mailReceipt(ctx, tx.manager, event));
onEvent('OrderPaymentFailed', 'in-transaction', 'commerce: renewal failed mail', (event, { tx, ctx }) => mailRenewalFailed(ctx, tx.manager, event));
onEvent('RefundSettled', 'in-transaction', 'commerce: refund mail', (event, { tx, ctx }) => mailRefundSettled(ctx, tx.manager, event));
