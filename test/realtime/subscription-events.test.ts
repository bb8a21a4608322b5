import type { DomainContext } from '../../src/kernel/context';
import { InProcessPubSub } from '../../src/realtime/pubsub';
import { listen } from '../../src/realtime/subscription-events';
import { SocketSession } from '../../src/realtime/socket-sessions';
import { stillReachable } from '../harness/garbage';

/** A signed-in subscriber's context: what `listen` reads (the user, the instance's pub/sub, the socket's session). */
function subscriberContext(pubsub: InProcessPubSub, session: SocketSession | null = null): DomainContext {
  return { user: { id: 'c0ffee00-0000-4000-8000-000000000001', roles: [] }, pubsub, session } as unknown as DomainContext;
}

describe('subscription events: a long-lived subscription holds only what it has not delivered yet', () => {
  it('a subscriber who has read 2,000 events retains none of them (a chat room open for hours does not grow the server)', async () => {
    const pubsub = new InProcessPubSub();
    const events = await listen<{ body: string }>(subscriberContext(pubsub), 'chat:leak', async () => true, 'no');
    const delivered: WeakRef<object>[] = [];
    for (let n = 0; n < 2000; n += 1) {
      const event = { body: `message ${n} ${'x'.repeat(200)}` };
      delivered.push(new WeakRef(event));
      pubsub.fanout.deliver('chat:leak', event);
      expect((await events.next()).value).toBe(event);
    }
    expect(await stillReachable(delivered)).toBe(0);
    await events.return!();
  });

  it('a subscriber who loses access while waiting gets FORBIDDEN for the pending event, and the topic lets go of them', async () => {
    const pubsub = new InProcessPubSub();
    const session = new SocketSession({ id: 'c0ffee00-0000-4000-8000-000000000002', roles: [] }, null, () => undefined);
    let allowed = true;
    const events = await listen<{ n: number }>(subscriberContext(pubsub, session), 'chat:revoke', async () => allowed, 'You left this course.');
    pubsub.fanout.deliver('chat:revoke', { n: 1 });
    expect((await events.next()).value).toEqual({ n: 1 });
    const pending = events.next();
    allowed = false;
    session.changed();
    await expect(pending).rejects.toMatchObject({ message: 'You left this course.', extensions: { code: 'FORBIDDEN' } });
    expect(pubsub.subscriberCount('chat:revoke')).toBe(0);
    pubsub.fanout.deliver('chat:revoke', { n: 2 });
    await expect(events.next()).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });
});
