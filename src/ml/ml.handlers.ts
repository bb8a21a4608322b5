import { onEvent } from '../kernel/transaction';

/** Prices that reads showed become evidence for pricing suggestions, buffered and written off the read path. */
onEvent('PriceShown', 'after-commit', 'ml: price impression', (event, { ctx }) => {
  ctx.impressions.note({ courseId: event.courseId, userId: event.userId, price: { amount: event.amount, currency: event.currency }, context: event.context }, event.visitor);
});
