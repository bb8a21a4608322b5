import { createClient } from 'graphql-ws';
import { tokenStore } from './graphql-client';

/** /graphql on this origin over WebSocket (graphql-transport-ws), where the server serves subscriptions. */
function subscriptionUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
}

/**
 * Follows one subscription on its own WebSocket, signed in with the stored
 * token like `gql` (read again on every reconnect), until the returned
 * function is called, which closes the socket. `onChange` runs for every
 * result and after every reconnect, since events sent while the socket was
 * down are lost. A refused subscription (FORBIDDEN, a revoked token) only
 * logs: the screen still works, it just stops updating by itself.
 */
export function followSubscription(query: string, onChange: () => void): () => void {
  const client = createClient({
    url: subscriptionUrl(),
    connectionParams: () => {
      const token = tokenStore.get();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    on: {
      connected: (_socket, _payload, wasRetry) => {
        if (wasRetry) onChange();
      },
    },
  });
  const unsubscribe = client.subscribe(
    { query },
    {
      next: onChange,
      error: (error) => console.warn('Live updates stopped:', error),
      complete: () => undefined,
    },
  );
  return () => {
    unsubscribe();
    void client.dispose();
  };
}
