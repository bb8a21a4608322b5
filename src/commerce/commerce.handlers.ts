import { onEvent } from '../kernel/transaction';
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
