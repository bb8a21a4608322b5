import { onEvent } from '../kernel/transaction';
import { openOrJoinCase } from './moderation-queue';

/** Text a human should look at gets its case in the transaction that stored it, so a held text never exists without one. */
onEvent('ContentScreened', 'in-transaction', 'moderation: open or join the case', async (event, { tx, ctx }) => {
  await openOrJoinCase(ctx, tx, {
    kind: event.contentKind,
    contentId: event.contentId,
    authorId: event.authorId,
    excerpt: event.excerpt,
    score: event.score,
    held: event.held,
    priority: Math.round(event.badScore * 100) + (event.held ? 50 : 0),
    reason: event.reason,
  });
});
