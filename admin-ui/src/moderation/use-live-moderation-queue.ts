import { useEffect } from 'react';
import { useRefresh } from 'react-admin';
import { followSubscription } from '../graphql-subscriptions';

const QUEUE_CHANGED = 'subscription { moderationQueueChanged { id } }';

/** Coalesces a burst of changes (a ban hides all of a user's content at once) into one reload. */
const RELOAD_DELAY_MS = 100;

/**
 * Reloads the screen's moderation cases whenever a case opens or changes on
 * any instance (`moderationQueueChanged`), for as long as the calling screen
 * is mounted.
 */
export function useLiveModerationQueue(): void {
  const refresh = useRefresh();
  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | undefined;
    const stop = followSubscription(QUEUE_CHANGED, () => {
      pending ??= setTimeout(() => {
        pending = undefined;
        refresh();
      }, RELOAD_DELAY_MS);
    });
    return () => {
      clearTimeout(pending);
      stop();
    };
  }, [refresh]);
}
