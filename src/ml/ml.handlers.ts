import { onEvent } from '../kernel/transaction';
import { recordPriceImpressions, recordPurchaseOutcome } from './pricing/price-impressions';

/** Prices that reads showed become evidence for pricing suggestions, buffered and written off the read path. */
onEvent('PriceShown', 'after-commit', 'ml: price impression', (event, { ctx }) => {
  ctx.impressions.note(
    { courseId: event.courseId, userId: event.userId, price: { amount: event.amount, currency: event.currency }, context: event.context },
    event.visitor,
  );
});

/** The conversion the pricing model learns from: this buyer bought each course at its list price (a retried settlement counts once). */
onEvent('OrderPaid', 'in-transaction', 'ml: purchase outcomes', async (event, { tx }) => {
  if (!event.buyerId || (event.kind !== 'PURCHASE' && event.kind !== 'PARTNER_SALE')) return;
  for (const line of event.lines) {
    if (line.courseId)
      await recordPurchaseOutcome(tx.manager, {
        courseId: line.courseId,
        userId: event.buyerId,
        orderId: event.orderId,
        price: { amount: line.unitAmount, currency: event.currency },
      });
  }
});

/** The prices a buyer was shown at the till. */
onEvent('CheckoutPriced', 'in-transaction', 'ml: checkout impressions', async (event, { tx }) => {
  await recordPriceImpressions(
    tx.manager,
    event.lines.map((l) => ({
      courseId: l.courseId,
      userId: event.buyerId,
      price: { amount: l.unitAmount, currency: event.currency },
      context: 'CHECKOUT' as const,
    })),
  );
});
