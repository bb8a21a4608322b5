import Redis from 'ioredis';
import type { Logger } from '../kernel/logger';
import { LocalFanout, PubSub, Subscriber, SUBSCRIBER_BUFFER_SIZE } from './pubsub';

/**
 * Pub/sub across server instances through Redis channels. Each instance
 * holds one subscriber connection and listens only to topics that have a
 * local subscriber; delivery to local subscribers goes through the same
 * bounded fan-out as the in-process implementation.
 */
export class RedisPubSub implements PubSub {
  private readonly publisher: Redis;
  private readonly listener: Redis;
  private readonly fanout: LocalFanout;
  private readonly listening = new Map<string, Promise<void>>();

  private constructor(
    url: string,
    private readonly prefix: string,
    private readonly logger: Logger,
    bufferSize: number,
  ) {
    const options = { lazyConnect: true, maxRetriesPerRequest: 3 };
    this.publisher = new Redis(url, options);
    this.listener = new Redis(url, options);
    this.fanout = new LocalFanout(
      bufferSize,
      (topic) => {
        this.listening.set(
          topic,
          this.listener.subscribe(this.channel(topic)).then(
            () => undefined,
            (error) => this.logger.error(`redis subscribe ${topic} failed`, error),
          ),
        );
      },
      (topic) => {
        this.listening.delete(topic);
        this.listener.unsubscribe(this.channel(topic)).catch(() => {});
      },
    );
    this.listener.on('message', (channel: string, message: string) => {
      if (!channel.startsWith(this.prefix)) return;
      let payload: unknown;
      try {
        payload = JSON.parse(message);
      } catch {
        this.logger.warn(`ignoring a malformed message on ${channel}`);
        return;
      }
      this.fanout.deliver(channel.slice(this.prefix.length), payload);
    });
    for (const connection of [this.publisher, this.listener]) connection.on('error', (error) => this.logger.warn(`redis: ${error.message}`));
  }

  static async connect(url: string, logger: Logger, options: { prefix?: string; bufferSize?: number } = {}): Promise<RedisPubSub> {
    const pubsub = new RedisPubSub(url, options.prefix ?? 'knowpay:', logger, options.bufferSize ?? SUBSCRIBER_BUFFER_SIZE);
    await Promise.all([pubsub.publisher.connect(), pubsub.listener.connect()]);
    return pubsub;
  }

  private channel(topic: string): string {
    return `${this.prefix}${topic}`;
  }

  async publish(topic: string, payload: unknown): Promise<void> {
    await this.publisher.publish(this.channel(topic), JSON.stringify(payload));
  }

  subscribe<T>(topic: string): Subscriber<T> {
    return this.fanout.subscribe<T>(topic);
  }

  async ready(topic: string): Promise<void> {
    await this.listening.get(topic);
  }

  subscriberCount(topic?: string): number {
    return this.fanout.subscriberCount(topic);
  }

  /**
   * Whether Redis answers both connections within `timeoutMs` (for /readyz).
   * A connection that is down fails at once: ioredis would otherwise queue
   * the PING until it reconnects.
   */
  async health(timeoutMs = 1000): Promise<'ok' | string> {
    for (const [name, connection] of [
      ['publisher', this.publisher],
      ['subscriber', this.listener],
    ] as const) {
      if (connection.status !== 'ready') return `unreachable (${name} connection ${connection.status})`;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
    });
    try {
      return await Promise.race([
        this.publisher.ping().then(
          () => 'ok' as const,
          (error: Error) => `unreachable: ${error.message}`,
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.fanout.closeAll();
    await Promise.allSettled([this.publisher.quit(), this.listener.quit()]);
  }
}
