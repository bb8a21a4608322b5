import { Client } from 'pg';
import type { Logger } from '../kernel/logger';

export interface ChannelHandlers {
  /** A notification's payload, as the trigger sent it. */
  onPayload(payload: string): void;
  /** The connection came back after a loss: whatever was sent meanwhile went unheard. */
  onReconnect(): void;
}

/**
 * LISTENs on one PostgreSQL channel on a connection of its own (outside the
 * pool), so triggers can tell every instance about committed changes without
 * Redis. After a lost connection it reconnects with backoff (250 ms doubling
 * to 30 s) and calls `onReconnect`, since notifications are not queued for
 * a listener that is away.
 */
export class PgChannelListener {
  private client: Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private attempt = 0;

  private constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly logger: Logger,
    private readonly handlers: ChannelHandlers,
  ) {}

  static async start(connectionString: string, channel: string, logger: Logger, handlers: ChannelHandlers): Promise<PgChannelListener> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
    const listener = new PgChannelListener(connectionString, channel, logger, handlers);
    await listener.connect();
    return listener;
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5000, keepAlive: true });
    client.on('notification', (message) => {
      if (message.channel === this.channel && message.payload) this.handlers.onPayload(message.payload);
    });
    client.on('error', (error) => {
      this.logger.warn(`${this.channel}: ${error.message}; reconnecting`);
      this.reconnectLater(client);
    });
    client.on('end', () => this.reconnectLater(client));
    await client.connect();
    await client.query(`LISTEN ${this.channel}`);
    this.client = client;
    if (this.attempt > 0) this.handlers.onReconnect();
    this.attempt = 0;
  }

  private reconnectLater(client: Client): void {
    if (this.stopped || this.client !== client || this.retryTimer) return;
    this.client = null;
    void client.end().catch(() => undefined);
    const delay = Math.min(30_000, 250 * 2 ** Math.min(this.attempt, 7));
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.stopped) return;
      this.connect().catch((error: Error) => {
        this.logger.warn(`${this.channel}: reconnect failed (${error.message})`);
        this.client = client; // so the next failure schedules another try
        this.reconnectLater(client);
      });
    }, delay);
    this.retryTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
