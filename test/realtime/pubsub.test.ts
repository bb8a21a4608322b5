import { InProcessPubSub, PubSub } from '../../src/realtime/pubsub';
import { RedisPubSub } from '../../src/realtime/redis-pubsub';
import { createLogger } from '../../src/kernel/logger';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('pub/sub', () => {
  it('delivers to every subscriber of a topic and to nobody else', async () => {
    const pubsub = new InProcessPubSub();
    const a = pubsub.subscribe<{ n: number }>('chat:1');
    const b = pubsub.subscribe<{ n: number }>('chat:1');
    const other = pubsub.subscribe<{ n: number }>('chat:2');
    await pubsub.publish('chat:1', { n: 1 });
    expect((await a.next()).value).toEqual({ n: 1 });
    expect((await b.next()).value).toEqual({ n: 1 });
    await pubsub.publish('chat:2', { n: 2 });
    expect((await other.next()).value).toEqual({ n: 2 });
    await pubsub.close();
    expect((await a.next()).done).toBe(true);
  });

  it('drops the oldest events of a subscriber that stops reading, without holding up others', async () => {
    const pubsub = new InProcessPubSub(4);
    const stalled = pubsub.subscribe<number>('t');
    const reader = pubsub.subscribe<number>('t');
    const seen: number[] = [];
    for (let n = 0; n < 10; n += 1) {
      await pubsub.publish('t', n);
      seen.push((await reader.next()).value as number);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(stalled.dropped).toBe(6);
    const kept: number[] = [];
    for (let i = 0; i < 4; i += 1) kept.push((await stalled.next()).value as number);
    expect(kept).toEqual([6, 7, 8, 9]);
    await stalled.return!();
    expect(pubsub.fanout.subscriberCount('t')).toBe(1);
    await pubsub.close();
  });

  it('fans out across instances through Redis', async () => {
    const logger = createLogger('error');
    const prefix = `knowpay-test-${process.pid}-${Date.now()}:`;
    const a: PubSub = await RedisPubSub.connect(REDIS_URL, logger, { prefix });
    const b: PubSub = await RedisPubSub.connect(REDIS_URL, logger, { prefix });
    try {
      const onB = b.subscribe<{ text: string }>('chat:9');
      await b.ready('chat:9');
      await a.publish('chat:9', { text: '你好' });
      expect((await onB.next()).value).toEqual({ text: '你好' });
    } finally {
      await a.close();
      await b.close();
    }
  });
});
